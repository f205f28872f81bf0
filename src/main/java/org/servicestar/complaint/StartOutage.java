package org.servicestar.complaint;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.notification.GroupAlerts;
import org.servicestar.security.Groups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An outage of complaint starts: from the first complaint whose ComplaintHandling the engine could not
 * start until the retry has started every one of them. Its first failure is audited and mailed to the
 * office — once per outage, not per complaint, however many nodes fail at once: each failure reads the
 * outage's row {@code for update} in its own transaction, so only the first sees it free.
 */
@Component
class StartOutage {

  /** The outage now, if any: since when, the first reason, the first complaint. */
  record Outage(LocalDateTime since, String reason, String firstNumber) {
  }

  private static final Logger log = LoggerFactory.getLogger(StartOutage.class);

  private final JdbcClient jdbc;
  private final ComplaintRepository complaints;
  private final AuditTrail audit;
  private final GroupAlerts alerts;
  private final TransactionTemplate transaction;
  private final Duration retryInterval;
  private final Clock clock;

  StartOutage(JdbcClient jdbc, ComplaintRepository complaints, AuditTrail audit, GroupAlerts alerts,
              PlatformTransactionManager transactions,
              @Value("${servicestar.complaint.start-retry-interval:5m}") Duration retryInterval, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.complaints = complaints;
    this.audit = audit;
    this.alerts = alerts;
    this.transaction = new TransactionTemplate(transactions);
    this.retryInterval = retryInterval;
  }

  /**
   * In the caller's transaction: the start of complaint {@code number} failed. The first failure of an
   * outage records it, audits it and mails the office's members; true when this one began the outage.
   */
  boolean failed(String number, String reason) {
    Outage now = lock();
    if (now.since() != null) {
      return false;
    }
    jdbc.sql("update complaint_start_outage set since = ?, reason = ?, first_number = ?, ended_at = null where process_key = ?")
        .params(LocalDateTime.now(clock), cut(reason), number, ComplaintHandlingIds.PROCESS).update();
    audit.record("COMPLAINT_START_OUTAGE", ComplaintHandlingIds.PROCESS,
        "投诉办理流程无法启动，投诉照常登记并自动重试；首件 " + number + "，原因：" + reason);
    int mailed = alerts.mail(Groups.OFFICE, "投诉办理流程无法启动，新投诉已登记待重试", text(number, reason), number);
    if (mailed == 0) {
      log.warn("ComplaintHandling cannot start ({}); no member of {} has an e-mail address to be told", reason, Groups.OFFICE);
    }
    return true;
  }

  /** In a transaction of its own: when no complaint is left NOT_STARTED, the outage is over (audited). */
  boolean endIfNoneLeft() {
    Boolean ended = transaction.execute(status -> {
      Outage now = lock();
      if (now.since() == null || complaints.countUnstarted() > 0) {
        return false;
      }
      jdbc.sql("update complaint_start_outage set since = null, reason = null, first_number = null, ended_at = ? where process_key = ?")
          .params(LocalDateTime.now(clock), ComplaintHandlingIds.PROCESS).update();
      audit.record("COMPLAINT_START_OUTAGE_ENDED", ComplaintHandlingIds.PROCESS,
          "自 " + now.since().withNano(0) + " 起未能启动办理流程的投诉均已启动");
      return true;
    });
    return Boolean.TRUE.equals(ended);
  }

  Optional<Outage> current() {
    return Optional.ofNullable(read(false)).filter(o -> o.since() != null);
  }

  private Outage lock() {
    Outage outage = read(true);
    if (outage == null) {
      throw new IllegalStateException("complaint_start_outage has no row for " + ComplaintHandlingIds.PROCESS + " (V28)");
    }
    return outage;
  }

  private Outage read(boolean forUpdate) {
    return jdbc.sql("select since, reason, first_number from complaint_start_outage where process_key = ?"
            + (forUpdate ? " for update" : ""))
        .param(ComplaintHandlingIds.PROCESS).query(Outage.class).optional().orElse(null);
  }

  private String text(String number, String reason) {
    return "投诉与差评处理流程（" + ComplaintHandlingIds.PROCESS + "）目前无法启动。群众提交的投诉和差评照常登记保存，"
        + "提交人已收到受理编号（本次首件：" + number + "），但这些投诉暂时没有分办任务。\n\n"
        + "原因（系统记录）：" + reason + "\n\n"
        + "系统会在每次部署流程图后、并每 " + minutes() + " 分钟自动重试，启动后各件投诉照常进入分办。"
        + "请系统管理员检查最近部署的流程图。未启动的投诉及原因见：\n" + alerts.link("/admin") + "\n" + alerts.link("/dashboard") + "\n\n"
        + "本次故障期间只发送这一封邮件。\n";
  }

  private long minutes() {
    return Math.max(1, retryInterval.toMinutes());
  }

  private static String cut(String text) {
    return text == null || text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
  }
}
