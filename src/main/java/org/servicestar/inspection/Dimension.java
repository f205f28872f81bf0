package org.servicestar.inspection;

/** The four ways of the centralised inspection (看听查访, DOMAIN.md §4.1). */
enum Dimension {
  LOOK("看"),
  LISTEN("听"),
  CHECK("查"),
  VISIT("访");

  private final String label;

  Dimension(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static Dimension parse(String value) {
    if (value == null) {
      return null;
    }
    for (Dimension d : values()) {
      if (d.name().equalsIgnoreCase(value.strip())) {
        return d;
      }
    }
    return null;
  }
}
