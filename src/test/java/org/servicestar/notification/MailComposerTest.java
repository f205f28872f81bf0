package org.servicestar.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MailComposerTest {

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final Date DUE = Date.from(ZonedDateTime.of(2026, 3, 5, 17, 0, 0, 0, BEIJING).toInstant());
  private static final Recipient LEAD = new Recipient("lead-tax-w01", "周晓燕", "zhou@example.org");

  private final MailComposer composer = new MailComposer("https://servicestar.example.gov.cn/", BEIJING);

  private static TaskFacts rectify(Date due, String holder) {
    return new TaskFacts("task-42", "Task_Rectify", "整改落实", "pi-1", "整改", "Rectification", "ZG-2026-000007", due,
        "综合办税一号窗口（tax-w01）", holder);
  }

  @Test
  void theLinkOpensTheTaskInTasklistUnderThePublicUrl() {
    assertThat(composer.taskLink("task-42"))
        .isEqualTo("https://servicestar.example.gov.cn/camunda/app/tasklist/default/#/?task=task-42");
    assertThat(new MailComposer(" ", BEIJING).taskLink("t")).isEqualTo("http://localhost:8080/camunda/app/tasklist/default/#/?task=t");
  }

  @Test
  void aTaskWithAPageOfItsOwnLinksThereInsteadOfTasklist() {
    TaskPage rectifyPage = (process, task, number) -> "Rectification".equals(process) && "Task_Rectify".equals(task)
        ? Optional.of("/rectifications/" + number + "/rectify") : Optional.empty();
    MailComposer withPages = new MailComposer("https://servicestar.example.gov.cn", BEIJING, List.of(rectifyPage));

    assertThat(withPages.candidate(rectify(DUE, null), LEAD).body())
        .contains("打开任务：https://servicestar.example.gov.cn/rectifications/ZG-2026-000007/rectify\n").doesNotContain("tasklist");
    TaskFacts other = new TaskFacts("t9", "Task_AcceptRectification", "整改验收", "pi-1", "整改", "Rectification", "ZG-2026-000007",
        DUE, null, null);
    assertThat(withPages.taskLink(other)).isEqualTo("https://servicestar.example.gov.cn/camunda/app/tasklist/default/#/?task=t9");
  }

  @Test
  void aNewTaskForCandidatesNamesTaskProcessKeyUnitDueDateAndLink() {
    Mail mail = composer.candidate(rectify(DUE, null), LEAD);
    assertThat(mail.kind()).isEqualTo(Mail.Kind.TASK);
    assertThat(mail.recipientUser()).isEqualTo("lead-tax-w01");
    assertThat(mail.recipientAddress()).isEqualTo("zhou@example.org");
    assertThat(mail.subject()).isEqualTo("【服务之星】新的待办任务：整改落实（ZG-2026-000007）");
    assertThat(mail.body())
        .startsWith("周晓燕，您好：")
        .contains("任务：整改落实\n", "流程：整改\n", "业务编号：ZG-2026-000007\n", "单位：综合办税一号窗口（tax-w01）\n",
            "办理期限：2026-03-05 17:00\n",
            "打开任务：https://servicestar.example.gov.cn/camunda/app/tasklist/default/#/?task=task-42\n", "认领");
    assertThat(mail.taskId()).isEqualTo("task-42");
    assertThat(mail.processInstanceId()).isEqualTo("pi-1");
    assertThat(mail.businessKey()).isEqualTo("ZG-2026-000007");
  }

  @Test
  void anAssignedTaskSaysSo() {
    Mail mail = composer.assigned(rectify(DUE, null), LEAD);
    assertThat(mail.subject()).isEqualTo("【服务之星】任务已指派给您：整改落实（ZG-2026-000007）");
    assertThat(mail.body()).contains("已指派给您").doesNotContain("认领");
  }

  @Test
  void aReminderSaysWhenTheTaskFallsDue() {
    Mail mail = composer.reminder(rectify(DUE, null), LEAD);
    assertThat(mail.kind()).isEqualTo(Mail.Kind.REMINDER);
    assertThat(mail.subject()).isEqualTo("【服务之星】提醒：「整改落实」（ZG-2026-000007）将于 2026-03-05 17:00 到期");
    assertThat(mail.body()).contains("提醒：您的待办任务「整改落实」将于 2026-03-05 17:00 到期");
  }

  @Test
  void anEscalationNamesTheTaskItsUnitDueDateAndWhoHoldsIt() {
    Mail mail = composer.escalation(rectify(DUE, "尚未认领，候选：综合办税一号窗口 负责人（unit-tax-w01）"),
        new Recipient("office1", "刘芳", "liu@example.org"));
    assertThat(mail.kind()).isEqualTo(Mail.Kind.ESCALATION);
    assertThat(mail.subject()).isEqualTo("【服务之星】督办：「整改落实」（ZG-2026-000007）已逾期");
    assertThat(mail.body()).startsWith("刘芳，您好：")
        .contains("督办：以下任务已逾期（办理期限 2026-03-05 17:00）", "单位：综合办税一号窗口（tax-w01）",
            "当前办理：尚未认领，候选：综合办税一号窗口 负责人（unit-tax-w01）", "?task=task-42");
  }

  @Test
  void withoutDueDateBusinessKeyOrUnitTheMailStaysReadable() {
    TaskFacts bare = new TaskFacts("t1", "Task_X", "审核", "pi", "测试流程", "X", null, null, null, null);
    Mail reminder = composer.reminder(bare, new Recipient("u", null, "u@example.org"));
    assertThat(reminder.subject()).isEqualTo("【服务之星】提醒：「审核」即将到期");
    assertThat(reminder.body()).startsWith("u，您好：").contains("办理期限：未设定").doesNotContain("业务编号", "单位：", "null");
    assertThat(composer.escalation(bare, new Recipient("u", "", "u@example.org")).body())
        .contains("督办：以下任务已逾期，", "当前办理：未知").doesNotContain("null");
  }

  @Test
  void theDueDateIsShownInBeijingTime() {
    Date utcMidnight = Date.from(ZonedDateTime.of(2026, 3, 5, 0, 0, 0, 0, ZoneId.of("UTC")).toInstant());
    assertThat(composer.due(utcMidnight)).isEqualTo("2026-03-05 08:00");
  }
}
