package org.servicestar.complaint;

/**
 * The steps of a complaint's timeline ({@code complaint_event.kind}), with the office's words for
 * them. Public because the rating feature's figures ask whether a bad review's complaint was
 * rectified or appealed: they bind these names rather than spell them.
 */
public enum ComplaintEventKind {
  RECEIVED("收到"),
  ACCEPTED("受理"),
  REJECTED("不予受理"),
  MOVED("转交其他单位"),
  MERGED("并入其他投诉"),
  DUPLICATE_MERGED("并入重复投诉"),
  SUBSTANTIATED("核实：属实"),
  NOT_SUBSTANTIATED("核实：不属实"),
  VETO_CHECKED("一票否决判定"),
  RECTIFICATION_STARTED("开始整改"),
  RECTIFICATION_DONE("整改验收"),
  REPLIED("答复投诉人"),
  RETURN_VISIT("回访"),
  APPEAL_FILED("单位申诉"),
  APPEAL_UPHELD("申诉成立"),
  APPEAL_REJECTED("申诉驳回"),
  LEADING_GROUP_DECIDED("领导小组决定"),
  CLOSED("办结"),
  PROCESS_NOT_STARTED("办理流程未能启动，待自动重试"),
  PROCESS_STARTED("办理流程已启动");

  private final String label;

  ComplaintEventKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
