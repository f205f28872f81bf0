package org.servicestar.unit;

import java.util.Set;

/** The levels of the unit tree: department → hall → section → window (DESIGN.md "Master data"). */
public enum UnitType {
  DEPARTMENT("部门"),
  HALL("服务大厅"),
  SECTION("科室队所"),
  WINDOW("窗口");

  private final String label;

  UnitType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Which types may be this one's parent. A section can sit in a hall or straight under its
   * department (a 科室 outside any hall); a window in a hall or in a section.
   */
  public Set<UnitType> allowedParents() {
    return switch (this) {
      case DEPARTMENT -> Set.of();
      case HALL -> Set.of(DEPARTMENT);
      case SECTION -> Set.of(DEPARTMENT, HALL);
      case WINDOW -> Set.of(HALL, SECTION);
    };
  }

  /** Accepts the English name or the Chinese label, as people type them in import files. */
  public static UnitType parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    for (UnitType type : values()) {
      if (type.name().equalsIgnoreCase(t) || type.label.equals(t)) {
        return type;
      }
    }
    return null;
  }
}
