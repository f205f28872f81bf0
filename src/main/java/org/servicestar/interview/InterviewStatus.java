package org.servicestar.interview;

/** Where a 约谈 case stands; the last three are results of the follow-up month. */
public enum InterviewStatus {
  AWAITING_INTERVIEW("待约谈", false),
  AWAITING_CONFIRMATION("待单位确认承诺", false),
  FOLLOWING_UP("跟踪下月排名", false),
  IMPROVED("已改善", true),
  NOT_IMPROVED("未改善", true),
  NOT_RANKED("样本不足，无法评判", true);

  private final String label;
  private final boolean finished;

  InterviewStatus(String label, boolean finished) {
    this.label = label;
    this.finished = finished;
  }

  public String label() {
    return label;
  }

  public boolean finished() {
    return finished;
  }

  /** The status named (case-insensitive), or null for none or an unknown name: a list filter. */
  public static InterviewStatus parse(String value) {
    for (InterviewStatus status : values()) {
      if (value != null && status.name().equalsIgnoreCase(value.strip())) {
        return status;
      }
    }
    return null;
  }
}
