package org.servicestar.notification;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;

import org.servicestar.web.PublicAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The Chinese text of the notification mails, with a link that opens the task: in Tasklist, or on the
 * page the task's feature offers for it ({@link TaskPage}, e.g. a rectification's phone page).
 */
@Component
class MailComposer {

  static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";
  private static final String PREFIX = "【服务之星】";
  private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final String FOOTER = "\n此邮件由服务之星系统自动发送，请勿直接回复。\n";

  private final String publicUrl;
  private final ZoneId zone;
  private final List<TaskPage> pages;

  @Autowired
  MailComposer(PublicAddress publicAddress, Clock clock, ObjectProvider<TaskPage> pages) {
    this(publicAddress.base(), clock.getZone(), pages.orderedStream().toList());
  }

  MailComposer(String publicUrl, ZoneId zone) {
    this(publicUrl, zone, List.of());
  }

  MailComposer(String publicUrl, ZoneId zone, List<TaskPage> pages) {
    String url = publicUrl == null || publicUrl.isBlank() ? DEFAULT_PUBLIC_URL : publicUrl.trim();
    this.publicUrl = url.replaceAll("/+$", "");
    this.zone = zone;
    this.pages = List.copyOf(pages);
  }

  /** {@code {servicestar.public-url}/camunda/app/tasklist/default/#/?task={taskId}} */
  String taskLink(String taskId) {
    return publicUrl + "/camunda/app/tasklist/default/#/?task=" + taskId;
  }

  /** The task's own page when its feature has one ({@link TaskPage}), else the task in Tasklist. */
  String taskLink(TaskFacts task) {
    return TaskPage.first(pages, task.processKey(), task.taskKey(), task.businessKey()).map(this::link)
        .orElseGet(() -> taskLink(task.taskId()));
  }

  String due(Date dueDate) {
    return dueDate == null ? "未设定" : DUE.format(dueDate.toInstant().atZone(zone));
  }

  /** A task was assigned to the recipient (also a task created with an assignee). */
  Mail assigned(TaskFacts task, Recipient to) {
    String subject = PREFIX + "任务已指派给您：" + task.taskName() + ref(task);
    String body = greeting(to) + "以下任务已指派给您，请及时办理：\n\n" + details(task, false) + FOOTER;
    return mail(Mail.Kind.TASK, task, to, subject, body);
  }

  /** A new task the recipient may claim, as a candidate user or a member of a candidate group. */
  Mail candidate(TaskFacts task, Recipient to) {
    String subject = PREFIX + "新的待办任务：" + task.taskName() + ref(task);
    String body = greeting(to) + "有一项新的待办任务可由您认领并办理：\n\n" + details(task, false)
        + "\n请在任务列表中认领后办理。\n" + FOOTER;
    return mail(Mail.Kind.TASK, task, to, subject, body);
  }

  /** 提醒：the task falls due soon. */
  Mail reminder(TaskFacts task, Recipient to) {
    String when = task.dueDate() == null ? "即将" : "将于 " + due(task.dueDate()) + " ";
    String subject = PREFIX + "提醒：「" + task.taskName() + "」" + ref(task) + when + "到期";
    String body = greeting(to) + "提醒：您的待办任务「" + task.taskName() + "」" + when + "到期，请抓紧办理。\n\n"
        + details(task, false) + FOOTER;
    return mail(Mail.Kind.REMINDER, task, to, subject, body);
  }

  /** 督办：the task is overdue; to the people who oversee it, naming who holds it. */
  Mail escalation(TaskFacts task, Recipient to) {
    String subject = PREFIX + "督办：「" + task.taskName() + "」" + ref(task) + "已逾期";
    String body = greeting(to) + "督办：以下任务已逾期" + (task.dueDate() == null ? "" : "（办理期限 " + due(task.dueDate()) + "）")
        + "，请督促办理。\n\n" + details(task, true) + FOOTER;
    return mail(Mail.Kind.ESCALATION, task, to, subject, body);
  }

  /** An alert to a member of a group: the subject and the text as the feature words them, with greeting and footer. */
  Mail alert(Recipient to, String subject, String text, String businessKey) {
    return new Mail(Mail.Kind.ALERT, to.userId(), to.address(), PREFIX + subject, greeting(to) + text + "\n" + FOOTER, null, null,
        businessKey);
  }

  /** {@code {servicestar.public-url}{path}}, for a link in an alert. */
  String link(String path) {
    return publicUrl + path;
  }

  private static String greeting(Recipient to) {
    return (to.name() == null || to.name().isBlank() ? to.userId() : to.name()) + "，您好：\n\n";
  }

  static String ref(TaskFacts task) {
    return task.businessKey() == null || task.businessKey().isBlank() ? "" : "（" + task.businessKey() + "）";
  }

  private String details(TaskFacts task, boolean withHolder) {
    StringBuilder text = new StringBuilder()
        .append("任务：").append(task.taskName()).append('\n')
        .append("流程：").append(task.processName()).append('\n');
    if (task.businessKey() != null && !task.businessKey().isBlank()) {
      text.append("业务编号：").append(task.businessKey()).append('\n');
    }
    if (task.unit() != null) {
      text.append("单位：").append(task.unit()).append('\n');
    }
    text.append("办理期限：").append(due(task.dueDate())).append('\n');
    if (withHolder) {
      text.append("当前办理：").append(task.holder() == null ? "未知" : task.holder()).append('\n');
    }
    return text.append("打开任务：").append(taskLink(task)).append('\n').toString();
  }

  private static Mail mail(Mail.Kind kind, TaskFacts task, Recipient to, String subject, String body) {
    return new Mail(kind, to.userId(), to.address(), subject, body, task.taskId(), task.processInstanceId(), task.businessKey());
  }
}
