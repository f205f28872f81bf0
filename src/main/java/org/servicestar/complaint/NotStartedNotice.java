package org.servicestar.complaint;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.servicestar.engine.AdminAttention;
import org.springframework.stereotype.Component;

/** On /admin: complaints stored and acknowledged whose ComplaintHandling the engine has not started, with why. */
@Component
class NotStartedNotice implements AdminAttention {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final ComplaintService complaints;
  private final StartOutage outage;

  NotStartedNotice(ComplaintService complaints, StartOutage outage) {
    this.complaints = complaints;
    this.outage = outage;
  }

  @Override
  public Optional<Notice> notice() {
    List<ComplaintService.NotStarted> waiting = complaints.notStarted();
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    String since = outage.current().map(o -> "自 " + time(o.since()) + " 起，").orElse("");
    return Optional.of(new Notice("办理流程未启动的投诉（" + complaints.notStartedCount() + " 件）",
        since + "投诉与差评处理流程（" + ComplaintHandlingIds.PROCESS + "）无法启动。这些投诉已登记并答复了编号，"
            + "系统在每次部署后和定时自动重试；请检查最近部署的流程图。",
        List.of("编号", "单位", "来源", "收到", "最近失败", "失败次数", "原因"),
        waiting.stream().map(c -> List.of(c.number(), c.unitCode(), c.sourceLabel(), time(c.receivedAt()),
            time(c.lastFailedAt()), Integer.toString(c.failedAttempts()), c.reason() == null ? "" : c.reason())).toList()));
  }

  private static String time(LocalDateTime at) {
    return at == null ? "" : TIME.format(at);
  }
}
