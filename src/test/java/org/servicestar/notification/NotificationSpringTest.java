package org.servicestar.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.engine.DiagramDeployer;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.Fixtures;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Task mails in the whole app (the shared context, no SMTP server): the engine plugin writes outbox
 * rows for the right people in the engine's transaction, the delegates remind and escalate, and the
 * administrators read it all on /admin/messages; a unit's tasks also reach its department's group robot
 * (configured at run time here: the shared context has none). Sending itself is {@link OutboxContract}'s and
 * {@link RobotOutboxTest}'s subject.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationSpringTest {

  private static final String PASSWORD = "ntf-secret-1";
  private static final String TASKLIST_LINK = "/camunda/app/tasklist/default/#/?task=";

  @LocalServerPort
  int port;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  TaskService taskService;
  @Autowired
  IdentityService identityService;
  @Autowired
  ManagementService managementService;
  @Autowired
  HistoryService historyService;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  DiagramDeployer deployer;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  TransactionTemplate transactions;
  @Autowired
  MailOutbox outbox;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  ProcessEngineConfigurationImpl engineConfiguration;

  @BeforeAll
  void peopleWithAndWithoutAddresses() {
    units.create(new UnitService.UnitDraft("ntf-a", "通知测试窗口", UnitType.DEPARTMENT, null));
    unitGroups.createLead("ntf-a", "ntf-lead1", "周晓燕", PASSWORD);
    unitGroups.createLead("ntf-a", "ntf-lead2", "吴海涛", PASSWORD); // no e-mail address
    for (String[] g : new String[][] {{"ntf-office", "通知测试办公室"}, {"ntf-checkers", "通知测试验收组"}, {"ntf-nobody", "无人组"}}) {
      identity.ensureGroup(g[0], g[1], IdentityAdministration.WORKFLOW);
    }
    person("ntf-office1", "刘", "芳", "ntf-office");
    person("ntf-office2", "陈", "静", "ntf-office");
    person("ntf-checker", "杨", "伟", "ntf-checkers");
    person("ntf-leader1", "王", "建国", null);
    person("ntf-leader2", "李", "秀英", null);
    address("ntf-lead1");

    deployer.deployAll(Fixtures.deployFolder());
    repositoryService.createDeployment().name("notification-fixtures")
        .addClasspathResource("notification/notify-deadline.bpmn")
        .addClasspathResource("notification/notify-assigned.bpmn")
        .addClasspathResource("notification/notify-misconfigured.bpmn")
        .deploy();
  }

  private void person(String userId, String family, String given, String group) {
    identity.ensureUser(userId, family, given, PASSWORD);
    address(userId);
    if (group != null) {
      identity.ensureMembership(userId, group);
    }
  }

  private void address(String userId) {
    User user = identityService.createUserQuery().userId(userId).singleResult();
    user.setEmail(userId + "@example.org");
    identityService.saveUser(user);
  }

  @AfterEach
  void noAuthenticatedUser() {
    identityService.clearAuthentication();
  }

  private List<MailOutbox.Entry> mailsOf(ProcessInstance instance) {
    return outbox.ofProcessInstance(instance.getId());
  }

  private Task taskOf(ProcessInstance instance, String key) {
    return taskService.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
  }

  @Test
  void aNewTaskIsMailedToTheMembersOfItsCandidateGroupWhoHaveAnAddress() {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("FixtureUnitTask", "TS-2026-900001",
        Map.of("unitCode", "ntf-a"));
    Task task = taskOf(instance, "Task_FixtureWork");

    List<MailOutbox.Entry> mails = mailsOf(instance);
    assertThat(mails).extracting(MailOutbox.Entry::recipientUser, MailOutbox.Entry::recipientAddress, MailOutbox.Entry::kind)
        .containsExactly(tuple("ntf-lead1", "ntf-lead1@example.org", "TASK")); // ntf-lead2 has no address
    MailOutbox.Entry mail = mails.get(0);
    assertThat(mail.subject()).isEqualTo("【服务之星】新的待办任务：单位办理（TS-2026-900001）");
    assertThat(mail.body()).contains("周晓燕，您好：", "任务：单位办理", "流程：测试：单位任务", "业务编号：TS-2026-900001",
        "单位：通知测试窗口（ntf-a）", "办理期限：未设定", "http://localhost:8080" + TASKLIST_LINK + task.getId());
    assertThat(mail.taskId()).isEqualTo(task.getId());
    assertThat(mail.businessKey()).isEqualTo("TS-2026-900001");
  }

  @Test
  void aTaskAssignedToSomeoneIsMailedToThemButNotWhenTheyClaimItThemselves() {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("FixtureUnitTask", "TS-2026-900002",
        Map.of("unitCode", "ntf-a"));
    Task task = taskOf(instance, "Task_FixtureWork");
    assertThat(mailsOf(instance)).hasSize(1);

    taskService.setAssignee(task.getId(), "ntf-office1");
    assertThat(mailsOf(instance)).hasSize(2).last()
        .satisfies(m -> {
          assertThat(m.recipientUser()).isEqualTo("ntf-office1");
          assertThat(m.subject()).isEqualTo("【服务之星】任务已指派给您：单位办理（TS-2026-900002）");
        });

    taskService.setAssignee(task.getId(), null);
    identityService.setAuthentication("ntf-lead1", List.of("unit-ntf-a"));
    taskService.claim(task.getId(), "ntf-lead1");
    identityService.clearAuthentication();
    assertThat(mailsOf(instance)).as("unassigning and claiming one's own task send nothing").hasSize(2);
  }

  @Test
  void tasksCreatedWithAnAssigneeAreMailedOnceToEach() {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("NotificationAssignedFixture", "award-2026",
        Map.of("voters", List.of("ntf-leader1", "ntf-leader2")));
    assertThat(taskService.createTaskQuery().processInstanceId(instance.getId()).count()).isEqualTo(2);
    assertThat(mailsOf(instance)).extracting(MailOutbox.Entry::recipientUser)
        .containsExactlyInAnyOrder("ntf-leader1", "ntf-leader2");
    assertThat(mailsOf(instance)).allSatisfy(m -> assertThat(m.subject()).isEqualTo("【服务之星】任务已指派给您：表决（award-2026）"));
  }

  @Test
  void aTaskCreatedForTheUserWhoseActionCreatedItIsMailedToo() {
    identityService.setAuthentication("ntf-leader1", List.of("camunda-admin"));
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("NotificationAssignedFixture", "award-2027",
        Map.of("voters", List.of("ntf-leader1")));
    identityService.clearAuthentication();
    assertThat(mailsOf(instance)).extracting(MailOutbox.Entry::recipientUser).containsExactly("ntf-leader1");
  }

  /**
   * Camunda skips authorization checks in listeners and delegates unless
   * {@code authorizationEnabledForCustomCode} is on; the mails must not depend on that setting.
   */
  @Test
  void theNextGroupIsMailedEvenWhenAUnitLeadWhoMayNotSeeThemCompletesTheTask() {
    ProcessInstance instance = startDeadline("ZG-2026-900003");
    Task work = taskOf(instance, "Task_NotifyWork");
    identityService.setAuthentication("ntf-lead1", List.of("unit-ntf-a"));
    assertThat(identityService.createUserQuery().userId("ntf-checker").count()).as("the lead may not read other users").isZero();
    boolean checkedInCustomCode = engineConfiguration.isAuthorizationEnabledForCustomCode();
    engineConfiguration.setAuthorizationEnabledForCustomCode(true);
    try {
      taskService.complete(work.getId());
    } finally {
      engineConfiguration.setAuthorizationEnabledForCustomCode(checkedInCustomCode);
      identityService.clearAuthentication();
    }

    Task check = taskOf(instance, "Task_NotifyCheck");
    assertThat(outbox.ofTask(check.getId())).extracting(MailOutbox.Entry::recipientUser).containsExactly("ntf-checker");
  }

  private ProcessInstance startDeadline(String businessKey) {
    Date due = Date.from(ZonedDateTime.of(2026, 3, 5, 17, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
    return runtimeService.startProcessInstanceByKey("NotificationDeadlineFixture", businessKey,
        Map.of("unitCode", "ntf-a", "due", due));
  }

  private void fire(ProcessInstance instance, String timerId) {
    Job job = managementService.createJobQuery().processInstanceId(instance.getId()).activityId(timerId).singleResult();
    managementService.executeJob(job.getId());
  }

  @Test
  void theReminderGoesToTheCandidatesAndThenToTheAssignee() {
    ProcessInstance instance = startDeadline("ZG-2026-900004");
    Task work = taskOf(instance, "Task_NotifyWork");
    fire(instance, "BoundaryEvent_Remind");

    List<MailOutbox.Entry> reminders = outbox.ofTask(work.getId()).stream().filter(m -> m.kind().equals("REMINDER")).toList();
    assertThat(reminders).extracting(MailOutbox.Entry::recipientUser).containsExactly("ntf-lead1");
    assertThat(reminders.get(0).subject()).isEqualTo("【服务之星】提醒：「整改落实」（ZG-2026-900004）将于 2026-03-05 17:00 到期");
    assertThat(reminders.get(0).body()).contains("单位：通知测试窗口（ntf-a）", TASKLIST_LINK + work.getId());
    assertThat(taskOf(instance, "Task_NotifyWork")).as("the unit's task stays open").isNotNull();
  }

  @Test
  void theEscalationTellsTheGroupWhichTaskOfWhichUnitIsOverdueAndWhoHoldsIt() {
    ProcessInstance instance = startDeadline("ZG-2026-900005");
    Task work = taskOf(instance, "Task_NotifyWork");
    fire(instance, "BoundaryEvent_Escalate");

    List<MailOutbox.Entry> escalations = outbox.ofTask(work.getId()).stream().filter(m -> m.kind().equals("ESCALATION")).toList();
    assertThat(escalations).extracting(MailOutbox.Entry::recipientUser).containsExactly("ntf-office1", "ntf-office2");
    MailOutbox.Entry mail = escalations.get(0);
    assertThat(mail.subject()).isEqualTo("【服务之星】督办：「整改落实」（ZG-2026-900005）已逾期");
    assertThat(mail.body()).startsWith("刘芳，您好：").contains("督办：以下任务已逾期（办理期限 2026-03-05 17:00）",
        "单位：通知测试窗口（ntf-a）", "当前办理：尚未认领，候选：通知测试窗口 负责人（unit-ntf-a）", TASKLIST_LINK + work.getId());

    taskService.claim(work.getId(), "ntf-lead1");
    runtimeService.createProcessInstanceModification(instance.getId()).startBeforeActivity("Task_Escalate").execute();
    assertThat(outbox.ofTask(work.getId()).stream().filter(m -> m.kind().equals("ESCALATION")).toList()).hasSize(4).last()
        .satisfies(m -> assertThat(m.body()).contains("当前办理：周晓燕（ntf-lead1）"));
  }

  @Test
  void misconfiguredRemindersAndEmptyGroupsNeverStopTheProcess() {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("NotificationMisconfiguredFixture", "TS-2026-900006");
    Job async = managementService.createJobQuery().processInstanceId(instance.getId()).singleResult();
    managementService.executeJob(async.getId());

    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
        .activityId("EndEvent_Misconfigured").finished().count()).isEqualTo(1);
    assertThat(runtimeService.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
    assertThat(mailsOf(instance)).extracting(MailOutbox.Entry::kind).containsOnly("TASK");
  }

  @Test
  void aRolledBackTaskChangeLeavesNoMail() {
    transactions.executeWithoutResult(status -> {
      runtimeService.startProcessInstanceByKey("FixtureUnitTask", "TS-2026-900007", Map.of("unitCode", "ntf-a"));
      assertThat(jdbc.sql("select count(*) from mail_outbox where business_key = ?").param("TS-2026-900007")
          .query(Long.class).single()).as("written in the engine's transaction").isEqualTo(1);
      status.setRollbackOnly();
    });
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("TS-2026-900007").count()).isZero();
    assertThat(jdbc.sql("select count(*) from mail_outbox where business_key = ?").param("TS-2026-900007")
        .query(Long.class).single()).isZero();
  }

  @Test
  void withoutAnSmtpServerMailsAreLoggedAndShownToAdministratorsOnly() throws Exception {
    ProcessInstance instance = runtimeService.startProcessInstanceByKey("FixtureUnitTask", "TS-2026-900008",
        Map.of("unitCode", "ntf-a"));
    long id = mailsOf(instance).get(0).id();
    for (int i = 0; i < 100 && !outbox.find(id).orElseThrow().status().equals(MailOutbox.LOGGED); i++) {
      Thread.sleep(100); // sent after commit, on the outbox thread
    }
    assertThat(outbox.find(id).orElseThrow().status()).isEqualTo(MailOutbox.LOGGED);

    WebClient admin = new WebClient(port);
    admin.login("admin", "test-admin-secret");
    HttpResponse<String> page = admin.get("/admin/messages");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("消息发送记录", "未配置邮件服务器", "【服务之星】新的待办任务：单位办理（TS-2026-900008）",
        "ntf-lead1@example.org", "仅记录");
    assertThat(admin.get("/admin/messages?status=LOGGED&channel=EMAIL&page=1").body()).contains("TS-2026-900008");
    HttpResponse<String> former = admin.get("/admin/mail?status=LOGGED&page=1");
    assertThat(former.statusCode()).as("old bookmarks").isEqualTo(302);
    assertThat(former.headers().firstValue("Location").orElseThrow()).endsWith("/admin/messages?status=LOGGED&page=1");

    WebClient lead = new WebClient(port);
    lead.login("ntf-lead1", PASSWORD);
    assertThat(lead.get("/admin/messages").statusCode()).isEqualTo(403);
    assertThat(lead.get("/admin/mail").statusCode()).isEqualTo(403);
  }

  @Test
  void anAdministratorSendsAFailedMailAgain() {
    LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Shanghai"));
    jdbc.sql("insert into mail_outbox (kind, recipient_user, recipient_address, subject, body, status, attempts, "
            + "last_error, created_at, next_attempt_at) values ('TASK', 'ntf-office1', 'ntf-office1@example.org', '失败的邮件', "
            + "'正文', 'FAILED', 8, 'MailSendException: 连接被拒绝', ?, ?)")
        .params(now, now).update();
    long id = jdbc.sql("select max(id) from mail_outbox where subject = '失败的邮件'").query(Long.class).single();

    WebClient admin = new WebClient(port);
    admin.login("admin", "test-admin-secret");
    String list = admin.get("/admin/messages?status=FAILED").body();
    assertThat(list).contains("失败的邮件", "MailSendException: 连接被拒绝", "重新发送");
    String token = admin.csrfOf("/admin/messages?status=FAILED");
    HttpResponse<String> retried = admin.postForm("/admin/messages/" + id + "/retry", Map.of("_csrf", token));
    assertThat(retried.statusCode()).isEqualTo(302);
    assertThat(outbox.find(id).orElseThrow().status()).isIn(MailOutbox.PENDING, MailOutbox.LOGGED);
    assertThat(outbox.find(id).orElseThrow().attempts()).isLessThanOrEqualTo(1);
  }

  // ---- group robots ----

  @RegisterExtension
  static final WireMockExtension chat = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = RobotPropertiesTest.WECOM_KEY;

  @Autowired
  Robots robots;
  @Autowired
  MailComposer composer;

  @AfterEach
  void noRobots() {
    robots.configure(RobotProperties.none());
  }

  private void departmentRobot(String base) {
    robots.configure(new RobotProperties(Map.of(), Map.of("ntf-a", List.of(new RobotProperties.Robot("WECOM",
        base + "/cgi-bin/webhook/send?key=" + KEY, null, "通知测试窗口负责人群"))), null, null));
  }

  private MailOutbox.Entry robotMessage(ProcessInstance instance, String kind, String status) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      var found = mailsOf(instance).stream().filter(m -> m.channel() == Channel.WECOM && m.kind().equals(kind)).findFirst();
      if (found.isPresent() && found.get().status().equals(status)) {
        return found.get();
      }
      Thread.sleep(100); // sent after commit, on the outbox thread
    }
    throw new AssertionError("no " + status + " " + kind + " message to a robot in " + mailsOf(instance));
  }

  @Test
  void aUnitsTaskAndItsReminderReachTheRobotOfItsDepartment() throws Exception {
    chat.stubFor(post(urlPathEqualTo("/cgi-bin/webhook/send")).willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    departmentRobot("http://localhost:" + chat.getPort());

    ProcessInstance instance = startDeadline("ZG-2026-900009");
    Task work = taskOf(instance, "Task_NotifyWork");
    MailOutbox.Entry posted = robotMessage(instance, "TASK", MailOutbox.SENT);
    assertThat(posted.robot()).isEqualTo("department:ntf-a/0");
    assertThat(mailsOf(instance)).as("the mail to the lead as before").extracting(MailOutbox.Entry::recipientUser).contains("ntf-lead1");
    fire(instance, "BoundaryEvent_Remind");
    robotMessage(instance, "REMINDER", MailOutbox.SENT);

    List<String> bodies = chat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/webhook/send"))).stream()
        .map(r -> r.getBodyAsString()).toList();
    assertThat(bodies).anySatisfy(b -> assertThat(b).contains("新的待办任务：整改落实（ZG-2026-900009）", "2026-03-05 17:00",
        TASKLIST_LINK + work.getId()));
    assertThat(bodies).anySatisfy(b -> assertThat(b).contains("提醒：「整改落实」（ZG-2026-900009）将于 2026-03-05 17:00 到期"));

    WebClient admin = new WebClient(port);
    admin.login("admin", "test-admin-secret");
    String page = admin.get("/admin/messages?channel=WECOM").body();
    assertThat(page).contains("企业微信", "通知测试窗口负责人群", "department:ntf-a/0", "ZG-2026-900009").doesNotContain(KEY, "/cgi-bin/webhook");
  }

  @Test
  void aTaskIsCreatedAndCompletedWhileTheRobotIsDown() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort(); // nothing listens there once it is closed
    }
    departmentRobot("http://localhost:" + closed);

    ProcessInstance instance = runtimeService.startProcessInstanceByKey("FixtureUnitTask", "TS-2026-900010",
        Map.of("unitCode", "ntf-a"));
    Task task = taskOf(instance, "Task_FixtureWork");
    MailOutbox.Entry waiting = robotMessage(instance, "TASK", MailOutbox.PENDING);
    for (int i = 0; i < 300 && waiting.lastError() == null; i++) { // the attempt counts when claimed, the error after it
      Thread.sleep(100);
      waiting = outbox.find(waiting.id()).orElseThrow();
    }
    assertThat(waiting.attempts()).as("tried and to be retried").isEqualTo(1);
    assertThat(waiting.lastError()).startsWith("ConnectException").doesNotContain(KEY);

    taskService.complete(task.getId());
    assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).finished().count()).isEqualTo(1);
  }

  @Test
  void aUnitsRectificationTaskLinksToItsPhonePage() {
    TaskFacts rectify = new TaskFacts("t1", "Task_Rectify", "整改落实", "pi", "整改", "Rectification", "ZG-2026-000123", null, null, null);
    assertThat(composer.taskLink(rectify)).isEqualTo("http://localhost:8080/rectifications/ZG-2026-000123/rectify");
    TaskFacts accept = new TaskFacts("t2", "Task_AcceptRectification", "整改验收", "pi", "整改", "Rectification", "ZG-2026-000123",
        null, null, null);
    assertThat(composer.taskLink(accept)).isEqualTo("http://localhost:8080" + TASKLIST_LINK + "t2");
  }
}
