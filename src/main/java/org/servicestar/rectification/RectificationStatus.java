package org.servicestar.rectification;

/** Where a rectification stands; the ledger (rectification_event) keeps how it got there. */
public enum RectificationStatus {
  OPEN("整改中"),
  EXTENSION_REQUESTED("申请延期"),
  SUBMITTED("待验收"),
  RETURNED("退回重新整改"),
  OVERDUE("逾期"),
  ACCEPTED("已验收");

  private final String label;

  RectificationStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The unit still has work to do (and may upload evidence). */
  public boolean open() {
    return this != ACCEPTED;
  }

  public static RectificationStatus parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (RectificationStatus status : values()) {
      if (status.name().equalsIgnoreCase(value.strip())) {
        return status;
      }
    }
    return null;
  }
}
