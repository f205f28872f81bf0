package org.servicestar.inspection;

/** The two kinds of inspection (the {@code inspectionType} variable). */
enum InspectionType {
  CENTRALIZED("集中检查"),
  UNANNOUNCED("明查暗访");

  private final String label;

  InspectionType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static InspectionType parse(String value) {
    if (value == null) {
      return null;
    }
    for (InspectionType type : values()) {
      if (type.name().equalsIgnoreCase(value.strip())) {
        return type;
      }
    }
    return null;
  }
}
