package org.servicestar.dashboard;

/** A rectification's state on the dashboard; each row is in exactly one, the most urgent that applies. */
enum LedgerState {
  OVERDUE("逾期"),
  DUE_SOON("临期（3个工作日内）"),
  RETURNED("退回重新整改"),
  OPEN("整改中"),
  DONE("已验收");

  private final String label;

  LedgerState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static LedgerState parse(String value) {
    for (LedgerState state : values()) {
      if (state.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return state;
      }
    }
    return null;
  }
}
