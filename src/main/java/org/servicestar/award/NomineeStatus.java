package org.servicestar.award;

/**
 * Where a nominee stands ({@code award_nominee.status}). Public because the year's report and exports
 * list the awarded ones: they bind {@link #AWARDED}'s name rather than spell it.
 */
public enum NomineeStatus {
  NOMINATED("提名"),
  REMOVED("办公室撤下"),
  APPROVED("表决通过"),
  REJECTED("表决未通过"),
  WITHDRAWN("异议成立，已撤销"),
  AWARDED("已公布");

  private final String label;

  NomineeStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The label of a stored status; one this list does not know is shown as it is. */
  static String label(String status) {
    for (NomineeStatus s : values()) {
      if (s.name().equals(status)) {
        return s.label;
      }
    }
    return status;
  }
}
