package org.servicestar.rectification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.calendar.Workdays;
import org.servicestar.rectification.RectificationIds.Tasks;
import org.servicestar.rectification.RectificationIds.Vars;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The phone page {@code /rectifications/{number}/rectify} on the whole app: the unit's lead submits
 * 整改落实 or asks for more time through the task's deployed form, with the form's rules and only its
 * fields (the engine's CaseIntegrity behind this door too); everybody else is refused.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RectifyPageTest {

  private static final String PASSWORD = "mr-secret-1";
  private static final byte[] PNG = java.util.Base64.getDecoder()
      .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
  private static final Set<String> RECTIFIED = Set.of(Vars.EXTENSION_REQUESTED, Vars.CAUSE, Vars.MEASURES, Vars.COMPLETED_ON,
      Vars.EVIDENCE_NOTE);

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService tasks;
  @Autowired
  HistoryService history;
  @Autowired
  RectificationLedger ledger;
  @Autowired
  JdbcClient jdbc;

  @BeforeAll
  void unitsAndPeople() {
    units.create(new UnitService.UnitDraft("mr-dept", "手机整改测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("mr-hall", "手机整改测试大厅", UnitType.HALL, "mr-dept"));
    units.create(new UnitService.UnitDraft("mr-a", "手机整改甲窗口", UnitType.WINDOW, "mr-hall"));
    units.create(new UnitService.UnitDraft("mr-b", "手机整改乙窗口", UnitType.WINDOW, "mr-hall"));
    unitGroups.createLead("mr-a", "lead-mr-a", "甲负责人", PASSWORD);
    unitGroups.createLead("mr-a", "lead2-mr-a", "甲副负责人", PASSWORD);
    unitGroups.createLead("mr-b", "lead-mr-b", "乙负责人", PASSWORD);
    identity.ensureUser("office-mr", "office-mr", "测试", PASSWORD);
    identity.ensureMembership("office-mr", Groups.OFFICE);
    identity.ensureUser("inspector-mr", "inspector-mr", "测试", PASSWORD);
    identity.ensureMembership("inspector-mr", Groups.INSPECTORS);
  }

  @Test
  void theLeadReadsTheFindingAndSubmitsTheRectificationWithExactlyTheFormsFields() {
    String number = open("窗口未公示办事指南");
    String pid = pid(number);
    WebClient lead = login("lead-mr-a");
    HttpResponse<String> page = lead.get(path(number));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("窗口未公示办事指南", "投诉", "个工作日", "（北京时间）", "capture=\"environment\"",
        "accept=\"image/*,application/pdf\"", "问题原因", "整改措施", "整改完成日期", "证据材料说明", "申请延期",
        "data-hide-key=\"extensionRequested\"");
    Set<String> before = variableNames(pid);

    HttpResponse<String> sent = post(lead, number, form("rectificationCause", "办事指南未及时更新",
        "rectificationMeasures", "重新印制并张贴办事指南", "rectificationCompletedOn", today().toString(), "evidenceNote", "张贴照片已上传"));

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
    assertThat(sent.headers().firstValue("Location").orElse("")).endsWith(path(number));
    assertThat(tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey(Tasks.ACCEPT).count()).isEqualTo(1);
    Set<String> added = new HashSet<>(variableNames(pid));
    added.removeAll(before);
    assertThat(added).isEqualTo(RECTIFIED);
    assertThat(runtime.getVariables(pid)).containsEntry(Vars.EXTENSION_REQUESTED, false)
        .containsEntry(Vars.CAUSE, "办事指南未及时更新").containsEntry(Vars.COMPLETED_ON, today().toString());
    HistoricTaskInstance done = history.createHistoricTaskInstanceQuery().processInstanceId(pid).taskDefinitionKey(Tasks.RECTIFY)
        .singleResult();
    assertThat(done.getAssignee()).isEqualTo("lead-mr-a");
    assertThat(ledger.require(number).status()).isEqualTo(RectificationStatus.SUBMITTED);

    HttpResponse<String> after = lead.get(path(number));
    assertThat(after.body()).contains("已提交", "当前没有待您办理的整改落实");
    HttpResponse<String> again = post(lead, number, form("rectificationCause", "再交一次", "rectificationMeasures", "x",
        "rectificationCompletedOn", today().toString()));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("当前没有待办理的整改落实");
  }

  @Test
  void anExtensionRequestGoesToTheOfficeWithoutTheHiddenFields() {
    String number = open("叫号设备故障");
    String pid = pid(number);
    WebClient lead = login("lead-mr-a");
    Set<String> before = variableNames(pid);
    // The cause typed before ticking 申请延期 is hidden then: form-js does not send it, neither does this page.
    HttpResponse<String> sent = post(lead, number, form("extensionRequested", "true", "extensionReason", "需采购新的叫号设备",
        "requestedDueDate", today().plusDays(30).toString(), "rectificationCause", "不该存下"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
    assertThat(tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey(Tasks.APPROVE_EXTENSION).count()).isEqualTo(1);
    Set<String> added = new HashSet<>(variableNames(pid));
    added.removeAll(before);
    assertThat(added).containsExactlyInAnyOrder(Vars.EXTENSION_REQUESTED, Vars.EXTENSION_REASON, Vars.REQUESTED_DUE_DATE);
    assertThat(ledger.require(number).status()).isEqualTo(RectificationStatus.EXTENSION_REQUESTED);
  }

  @Test
  void missingTooLongAndPastAnswersAreNamedKeptAndNothingIsStored() {
    String number = open("材料清单不全");
    String pid = pid(number);
    WebClient lead = login("lead-mr-a");
    Set<String> before = variableNames(pid);

    HttpResponse<String> refused = post(lead, number, form("rectificationCause", " ", "rectificationMeasures", "长".repeat(2001),
        "rectificationCompletedOn", "2026-13-45", "evidenceNote", "留着我"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("问题原因：必须填写", "整改措施：最长 2000 字，现有 2001 字", "整改完成日期：应为日期",
        ">留着我</textarea>");
    HttpResponse<String> past = post(lead, number, form("extensionRequested", "true", "requestedDueDate",
        today().minusDays(1).toString()));
    assertThat(past.statusCode()).isEqualTo(400);
    assertThat(past.body()).contains("延期理由：必须填写", "申请延期至：不能早于今天");

    Task task = tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey(Tasks.RECTIFY).singleResult();
    assertThat(task).isNotNull();
    assertThat(task.getAssignee()).isNull();
    assertThat(variableNames(pid)).isEqualTo(before);
  }

  @Test
  void aFieldTheFormDoesNotHaveIsRefusedByTheEngineAndTheTaskStaysOpenUnclaimed() {
    String number = open("服务态度生硬");
    String pid = pid(number);
    WebClient lead = login("lead-mr-a");
    Set<String> before = variableNames(pid);
    HttpResponse<String> refused = post(lead, number, form("rectificationCause", "培训不到位", "rectificationMeasures", "全员培训",
        "rectificationCompletedOn", today().toString(), "returnCount", "0", "rectificationAccepted", "true"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("returnCount：不是本任务表单中的字段", "rectificationAccepted：不是本任务表单中的字段");
    Task task = tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey(Tasks.RECTIFY).singleResult();
    assertThat(task).isNotNull();
    assertThat(task.getAssignee()).as("the claim is rolled back with the refused completion").isNull();
    assertThat(variableNames(pid)).isEqualTo(before);
  }

  @Test
  void onlyTheUnitsLeadsMayOpenOrSubmitIt() {
    String number = open("午休提前停止受理");
    String pid = pid(number);
    Map<String, String> answers = form("rectificationCause", "x", "rectificationMeasures", "y", "rectificationCompletedOn",
        today().toString());
    for (String user : List.of("lead-mr-b", "office-mr", "inspector-mr")) {
      WebClient other = login(user);
      assertThat(other.get(path(number)).statusCode()).as(user).isEqualTo(403);
      assertThat(postWithToken(other, number, answers).statusCode()).as(user).isEqualTo(403);
      assertThat(other.get("/rectifications/" + number).body()).doesNotContain("/rectify\"");
    }
    WebClient citizen = new WebClient(port);
    HttpResponse<String> anonymous = citizen.get(path(number));
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElse("")).endsWith("/login");
    assertThat(postWithToken(citizen, number, answers).statusCode()).isIn(302, 403);
    assertThat(tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey(Tasks.RECTIFY).count()).isEqualTo(1);

    assertThat(login("lead-mr-a").get("/rectifications/" + number).body()).contains("href=\"" + path(number) + "\"");
    HttpResponse<String> unknown = login("lead-mr-a").get(path("ZG-2055-999999"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("没有编号为 ZG-2055-999999 的整改");
  }

  @Test
  void aColleagueWhoClaimedItFirstWinsAndTheSecondIsToldSo() {
    String number = open("窗口无人值守");
    String pid = pid(number);
    WebClient lead = login("lead-mr-a");
    String csrf = lead.csrfOf(path(number));
    Task task = tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey(Tasks.RECTIFY).singleResult();
    tasks.claim(task.getId(), "lead2-mr-a");
    Map<String, String> answers = form("rectificationCause", "x", "rectificationMeasures", "y",
        "rectificationCompletedOn", today().toString());
    answers.put("_csrf", csrf);
    HttpResponse<String> late = lead.postForm(path(number), answers);
    assertThat(late.body()).contains("该任务已由 lead2-mr-a 认领");
    assertThat(late.statusCode()).isIn(403, 409);
    assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isEqualTo("lead2-mr-a");
  }

  @Test
  void photosPickedTogetherAreUploadedTogetherAndTheLeadIsBackOnThePage() {
    String number = open("公示栏破损");
    WebClient lead = login("lead-mr-a");
    String csrf = lead.csrfOf(path(number));
    HttpResponse<String> two = lead.send(multipart(lead, "/rectifications/" + number + "/evidence", csrf,
        Map.of("a.png", PNG, "b.png", PNG)));
    assertThat(two.statusCode()).isEqualTo(302);
    assertThat(two.headers().firstValue("Location").orElse("")).contains(path(number));
    assertThat(files(number)).isEqualTo(2);
    assertThat(lead.get(path(number)).body()).contains("a.png", "b.png", "证据材料（<span>2</span>）");

    HttpResponse<String> oneBad = lead.send(multipart(lead, "/rectifications/" + number + "/evidence", csrf,
        Map.of("c.png", PNG, "evil.png", "<script>".getBytes(StandardCharsets.UTF_8))));
    assertThat(oneBad.statusCode()).isEqualTo(302);
    assertThat(files(number)).as("all or none").isEqualTo(2);
    assertThat(lead.get(path(number)).body()).contains("未上传任何文件", "evil.png");
  }

  // --- helpers ---

  private String open(String problem) {
    ProcessInstance instance = runtime.startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(Vars.UNIT_CODE, "mr-a",
        Vars.SOURCE_TYPE, "COMPLAINT", Vars.SOURCE_ID, "TS-2055-" + UUID.randomUUID().toString().substring(0, 6), Vars.PROBLEM, problem,
        Vars.SEVERITY, "MEDIUM"));
    return ledger.byProcessInstance(instance.getId()).orElseThrow().number();
  }

  private String pid(String number) {
    return ledger.require(number).processInstanceId();
  }

  private static String path(String number) {
    return "/rectifications/" + number + "/rectify";
  }

  private static LocalDate today() {
    return LocalDate.now(Workdays.ZONE);
  }

  private Set<String> variableNames(String pid) {
    Set<String> names = new HashSet<>();
    runtime.createVariableInstanceQuery().processInstanceIdIn(pid).list().stream().map(VariableInstance::getName).forEach(names::add);
    return names;
  }

  private long files(String number) {
    return jdbc.sql("select count(*) from rectification_evidence e join rectification r on r.id = e.rectification_id where r.number = ?")
        .param(number).query(Long.class).single();
  }

  private WebClient login(String user) {
    WebClient client = new WebClient(port);
    assertThat(client.login(user, PASSWORD).headers().firstValue("Location").orElse("")).as("login " + user).endsWith("/");
    return client;
  }

  private static Map<String, String> form(String... pairs) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  /** Posts the page's form as the browser does: with the CSRF token the page carries. */
  private static HttpResponse<String> post(WebClient client, String number, Map<String, String> answers) {
    Map<String, String> form = new LinkedHashMap<>(answers);
    form.put("_csrf", client.csrfOf(path(number)));
    return client.postForm(path(number), form);
  }

  /** A POST by someone the page refuses: with a token from a page they may open, so only the page's own check refuses. */
  private static HttpResponse<String> postWithToken(WebClient client, String number, Map<String, String> answers) {
    Map<String, String> form = new LinkedHashMap<>(answers);
    form.put("_csrf", client.csrfOf("/login"));
    return client.postForm(path(number), form);
  }

  private static HttpRequest.Builder multipart(WebClient client, String path, String csrf, Map<String, byte[]> files) {
    String boundary = "----mr" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    for (String[] field : new String[][] {{"_csrf", csrf}, {"back", "rectify"}, {"note", "整改后照片"}}) {
      head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field[0])
          .append("\"\r\n\r\n").append(field[1]).append("\r\n");
    }
    body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    new java.util.TreeMap<>(files).forEach((name, content) -> {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
          + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(content);
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    });
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return client.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
  }
}
