package org.servicestar.rectification;

import java.time.LocalDateTime;

/** One line of the ledger: who changed what, when, and why; {@code status} is the status after it. */
public record RectificationEvent(long id, long rectificationId, LocalDateTime at, String actor, EventKind kind,
                                 RectificationStatus status, String detail) {

  /** The kinds of ledger lines, with their Chinese names. */
  public enum EventKind {
    OPENED("登记整改"),
    DUE_DATE_SET("确定到期日"),
    EXTENSION_REQUESTED("申请延期"),
    EXTENSION_GRANTED("同意延期"),
    EXTENSION_REFUSED("不同意延期"),
    SUBMITTED("提交整改结果"),
    EVIDENCE_ADDED("上传证据"),
    REMINDED("到期提醒"),
    OVERDUE("逾期"),
    ESCALATED("督办上报"),
    OVERDUE_JUSTIFIED("裁定：逾期有正当理由"),
    OVERDUE_UNJUSTIFIED("裁定：逾期无正当理由"),
    RETURNED("验收不到位，退回"),
    ACCEPTED("验收通过"),
    VETO_RECORDED("记录一票否决");

    private final String label;

    EventKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
