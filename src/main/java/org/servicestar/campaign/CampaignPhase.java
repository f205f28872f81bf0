package org.servicestar.campaign;

/** Where a campaign stands (the {@code campaign.status} column); suspension is kept apart from it. */
public enum CampaignPhase {
  PLANNED("未开始"),
  MOBILISATION("动员部署"),
  COMPETITION("全面争创"),
  ASSESSMENT("考核评比·集中检查"),
  REVIEW("考核评比·结果审核"),
  AWARDS("评优审批与公示"),
  CLOSED("已结束");

  private final String label;

  CampaignPhase(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The phase the office may move on from before its end date, and what it moves on to. */
  public boolean advanceable() {
    return this == MOBILISATION || this == COMPETITION;
  }
}
