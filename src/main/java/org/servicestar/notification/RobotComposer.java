package org.servicestar.notification;

import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

/**
 * The markdown that group robots post: the same facts and the same link as the mails
 * ({@link MailComposer}), addressed to a group chat rather than to a person. Both chat apps render
 * headings, bold text and {@code [text](url)} links; 钉钉 wants a blank line between lines.
 */
@Component
class RobotComposer {

  /** 企业微信 takes at most 4096 bytes of markdown; 钉钉 more. One limit for both, the link kept. */
  static final int MAX_BYTES = 4000;
  private static final String PREFIX = "【服务之星】";

  private final MailComposer mails;

  RobotComposer(MailComposer mails) {
    this.mails = mails;
  }

  /** A new task for a group: its members may claim it. */
  Mail task(TaskFacts task, RobotTarget robot) {
    return message(Mail.Kind.TASK, task, robot, "新的待办任务：" + task.taskName() + MailComposer.ref(task),
        "有一项新的待办任务，请相关人员认领并办理。", false);
  }

  /** 提醒: the task falls due soon. */
  Mail reminder(TaskFacts task, RobotTarget robot) {
    String when = task.dueDate() == null ? "即将" : "将于 " + mails.due(task.dueDate()) + " ";
    return message(Mail.Kind.REMINDER, task, robot, "提醒：「" + task.taskName() + "」" + MailComposer.ref(task) + when + "到期",
        "待办任务「" + task.taskName() + "」" + when + "到期，请抓紧办理。", false);
  }

  /** 督办: the task is overdue; to the group that oversees it, naming who holds it. */
  Mail escalation(TaskFacts task, RobotTarget robot) {
    return message(Mail.Kind.ESCALATION, task, robot, "督办：「" + task.taskName() + "」" + MailComposer.ref(task) + "已逾期",
        "以下任务已逾期" + (task.dueDate() == null ? "" : "（办理期限 " + mails.due(task.dueDate()) + "）") + "，请督促办理。", true);
  }

  /** An alert to a group, as the feature words it ({@link GroupAlerts}). */
  Mail alert(RobotTarget robot, String subject, String text, String businessKey) {
    String heading = "#### " + plain(PREFIX + subject);
    String markdown = heading + gap(robot) + cut(plain(text).strip().replace("\n", gap(robot)), MAX_BYTES - bytes(heading) - 8);
    return Mail.toRobot(Mail.Kind.ALERT, robot, PREFIX + subject, markdown, null, null, businessKey);
  }

  private Mail message(Mail.Kind kind, TaskFacts task, RobotTarget robot, String subject, String lead, boolean withHolder) {
    String gap = gap(robot);
    String link = "[打开任务](" + mails.taskLink(task) + ")";
    StringBuilder details = new StringBuilder()
        .append(plain(lead)).append(gap)
        .append("**任务：**").append(plain(task.taskName())).append(gap)
        .append("**流程：**").append(plain(task.processName())).append(gap);
    if (task.businessKey() != null && !task.businessKey().isBlank()) {
      details.append("**业务编号：**").append(plain(task.businessKey())).append(gap);
    }
    if (task.unit() != null) {
      details.append("**单位：**").append(plain(task.unit())).append(gap);
    }
    details.append("**办理期限：**").append(mails.due(task.dueDate())).append(gap);
    if (withHolder) {
      details.append("**当前办理：**").append(plain(task.holder() == null ? "未知" : task.holder())).append(gap);
    }
    String heading = "#### " + plain(PREFIX + subject) + gap;
    String markdown = heading + cut(details.toString(), MAX_BYTES - bytes(heading) - bytes(link)) + link;
    return Mail.toRobot(kind, robot, PREFIX + subject, markdown, task.taskId(), task.processInstanceId(), task.businessKey());
  }

  private static String gap(RobotTarget robot) {
    return robot.channel() == Channel.DINGTALK ? "\n\n" : "\n";
  }

  /** Names and texts as plain text: the characters markdown links, bold and 企业微信's font tags would act on, in full width. */
  static String plain(String text) {
    if (text == null) {
      return "";
    }
    return text.replace('[', '［').replace(']', '］').replace('*', '＊').replace('`', '｀')
        .replace('<', '＜').replace('>', '＞');
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** At most {@code max} UTF-8 bytes, whole characters, an ellipsis where cut. */
  static String cut(String text, int max) {
    if (bytes(text) <= max) {
      return text;
    }
    StringBuilder kept = new StringBuilder();
    int used = bytes("…");
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      String character = new String(Character.toChars(codePoint));
      if (used + bytes(character) > max) {
        break;
      }
      kept.append(character);
      used += bytes(character);
      i += Character.charCount(codePoint);
    }
    return kept.append('…').toString();
  }
}
