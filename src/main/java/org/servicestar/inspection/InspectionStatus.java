package org.servicestar.inspection;

/**
 * Where an inspection stands ({@code inspection.status}). Public because scoring counts the done
 * ones: it binds {@link #DONE}'s name rather than spell it.
 */
public enum InspectionStatus {
  OPEN("待检查"),
  DONE("已完成"),
  CANCELLED("已取消");

  private final String label;

  InspectionStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
