package org.servicestar.rectification;

/** How serious the problem is; the RectificationDeadline decision gives less time for more serious ones. */
public enum Severity {
  LOW("一般"),
  MEDIUM("较重"),
  HIGH("严重");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Severity parse(String value) {
    if (value == null) {
      return null;
    }
    for (Severity severity : values()) {
      if (severity.name().equalsIgnoreCase(value.strip())) {
        return severity;
      }
    }
    return null;
  }
}
