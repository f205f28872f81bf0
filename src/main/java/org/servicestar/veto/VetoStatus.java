package org.servicestar.veto;

/** A veto record waits for the leading group, which confirms it (it counts) or annuls it (it does not). */
public enum VetoStatus {
  PENDING("待确认"),
  CONFIRMED("已确认"),
  ANNULLED("已撤销");

  private final String label;

  VetoStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static VetoStatus parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (VetoStatus status : values()) {
      if (status.name().equalsIgnoreCase(value.strip())) {
        return status;
      }
    }
    return null;
  }
}
