package org.servicestar.complaint;

/** The states of a complaint; every change is a row of its timeline. */
public enum ComplaintStatus {
  RECEIVED("待分办"),
  /** Stored and acknowledged, but the engine could not start its ComplaintHandling yet (ComplaintStartRetry retries). */
  NOT_STARTED("已登记，流程待启动"),
  VERIFYING("核实中"),
  NOT_SUBSTANTIATED("不属实，待答复"),
  RECTIFYING("整改中"),
  RETURN_VISIT("待回访"),
  LEADING_GROUP("领导小组督办"),
  CLOSED("已办结"),
  REJECTED("不予受理"),
  MERGED("已合并");

  private final String label;

  ComplaintStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean isOpen() {
    return this != CLOSED && this != REJECTED && this != MERGED;
  }
}
