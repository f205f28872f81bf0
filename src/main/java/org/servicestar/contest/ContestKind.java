package org.servicestar.contest;

/** What a contest tests (三比): skills, service, on-the-job drill, or something else. */
public enum ContestKind {
  SKILL("技能比武"),
  SERVICE("服务擂台"),
  DRILL("岗位练兵"),
  OTHER("其他");

  private final String label;

  ContestKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The English name or the Chinese label; null when it is neither. */
  public static ContestKind parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    for (ContestKind kind : values()) {
      if (kind.name().equalsIgnoreCase(t) || kind.label.equals(t)) {
        return kind;
      }
    }
    return null;
  }
}
