package org.servicestar.campaign;

/**
 * Where a unit's implementation plan stands ({@code campaign_plan.status}). Public because the
 * dashboard counts plans by status: it iterates these rather than spell them.
 */
public enum PlanStatus {
  PENDING("未提交"),
  SUBMITTED("待审核"),
  RETURNED("已退回"),
  APPROVED("已通过");

  private final String label;

  PlanStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
