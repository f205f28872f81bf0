package org.servicestar.rectification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.calendar.Workdays;
import org.servicestar.rectification.RectificationEvent.EventKind;
import org.servicestar.rectification.RectificationIds.Events;
import org.servicestar.rectification.RectificationIds.Tasks;
import org.servicestar.rectification.RectificationIds.Vars;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoRecord;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.servicestar.veto.VetoStatus;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Rectification process on the whole app (real delegates, listeners, tables, calendar and mail
 * outbox), the evidence rules, and the pages as the office, the inspectors and two units' leads see them.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RectificationLedgerTest {

  private static final String PASSWORD = "rect-secret-1";
  private static final byte[] PNG = png();
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1};
  private static final byte[] PDF = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

  @LocalServerPort
  int port;
  @Autowired
  RectificationLedger ledger;
  @Autowired
  RectificationEvidence evidence;
  @Autowired
  VetoRecords vetoes;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  IdentityService identityService;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService tasks;
  @Autowired
  ManagementService management;
  @Autowired
  HistoryService history;
  @Autowired
  Workdays workdays;
  @Autowired
  JdbcClient jdbc;

  @BeforeAll
  void unitsAndPeople() {
    units.create(new UnitService.UnitDraft("rz-dept", "整改测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("rz-hall", "整改测试大厅", UnitType.HALL, "rz-dept"));
    units.create(new UnitService.UnitDraft("rz-a", "整改测试甲窗口", UnitType.WINDOW, "rz-hall"));
    units.create(new UnitService.UnitDraft("rz-b", "整改测试乙窗口", UnitType.WINDOW, "rz-hall"));
    unitGroups.createLead("rz-a", "lead-rz-a", "甲负责人", PASSWORD);
    unitGroups.createLead("rz-b", "lead-rz-b", "乙负责人", PASSWORD);
    person("office-rz", Groups.OFFICE);
    person("inspector-rz", Groups.INSPECTORS);
    person("leader-rz", Groups.LEADING_GROUP);
    person("nobody-rz", null);
  }

  private void person(String userId, String group) {
    identity.ensureUser(userId, userId, "测试", PASSWORD);
    if (group != null) {
      identity.ensureMembership(userId, group);
    }
  }

  // --- the process on the real app ---

  @Test
  void theLedgerFollowsTheProcessFromOpeningToAcceptance() {
    LocalDateTime before = LocalDateTime.now(Workdays.ZONE);
    ProcessInstance instance = start("rz-a", "MEDIUM", "TS-2026-800001", "窗口未执行一次性告知");
    Rectification r = ledger.byProcessInstance(instance.getId()).orElseThrow();

    assertThat(r.number()).matches("ZG-\\d{4}-\\d{6}");
    assertThat(r.number()).startsWith("ZG-" + LocalDate.now(Workdays.ZONE).getYear() + "-");
    assertThat(instance.getBusinessKey()).isEqualTo(r.number());
    assertThat(runtime.getVariable(instance.getId(), Vars.NUMBER)).isEqualTo(r.number());
    assertThat(r.status()).isEqualTo(RectificationStatus.OPEN);
    assertThat(r.deadlineDays()).isEqualTo(10);
    LocalDateTime expectedDue = LocalDateTime.ofInstant(workdays.after(java.util.Date.from(before.atZone(Workdays.ZONE).toInstant()), 10).toInstant(), Workdays.ZONE);
    assertThat(Duration.between(expectedDue, r.dueAt()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(task(instance, Tasks.RECTIFY).getDueDate()).isNotNull();

    as("lead-rz-a", "unit-rz-a", () -> tasks.complete(task(instance, Tasks.RECTIFY).getId(), Map.of(Vars.EXTENSION_REQUESTED, true,
        Vars.EXTENSION_REASON, "需要更换叫号设备", Vars.REQUESTED_DUE_DATE, inDays(40))));
    assertThat(status(instance)).isEqualTo(RectificationStatus.EXTENSION_REQUESTED);
    as("office-rz", Groups.OFFICE, () -> tasks.complete(task(instance, Tasks.APPROVE_EXTENSION).getId(), Map.of(Vars.EXTENSION_GRANTED, true,
        Vars.GRANTED_DUE_DATE, inDays(30), Vars.EXTENSION_COMMENT, "同意延期 30 天")));
    r = ledger.byProcessInstance(instance.getId()).orElseThrow();
    assertThat(r.status()).isEqualTo(RectificationStatus.OPEN);
    assertThat(r.extensionCount()).isEqualTo(1);
    assertThat(r.dueAt()).isEqualTo(LocalDate.parse(inDays(30)).atTime(23, 59, 59));

    submit(instance);
    assertThat(status(instance)).isEqualTo(RectificationStatus.SUBMITTED);
    returnIt(instance, "告知单未上墙");
    assertThat(status(instance)).isEqualTo(RectificationStatus.RETURNED);
    submit(instance);
    assertThat(vetoes.ofSource(VetoSourceType.RECTIFICATION, r.number())).isEmpty();
    returnIt(instance, "仍未落实");

    r = ledger.byProcessInstance(instance.getId()).orElseThrow();
    assertThat(r.returnCount()).isEqualTo(2);
    assertThat(vetoes.ofSource(VetoSourceType.RECTIFICATION, r.number())).singleElement().satisfies(v -> {
      assertThat(v.unitCode()).isEqualTo("rz-a");
      assertThat(v.clause()).isEqualTo(4);
      assertThat(v.status()).isEqualTo(VetoStatus.PENDING);
      assertThat(v.evidence()).contains("第二次验收不到位").contains("仍未落实");
      assertThat(v.recordedBy()).isEqualTo("inspector-rz");
    });

    submit(instance);
    as("inspector-rz", Groups.INSPECTORS, () -> tasks.complete(task(instance, Tasks.ACCEPT).getId(),
        Map.of(Vars.ACCEPTED, true, Vars.ACCEPTANCE_COMMENT, "已整改到位")));

    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
    r = ledger.byProcessInstance(instance.getId()).orElseThrow();
    assertThat(r.status()).isEqualTo(RectificationStatus.ACCEPTED);
    assertThat(r.closedAt()).isNotNull();
    List<RectificationEvent> events = ledger.events(r);
    assertThat(events).extracting(RectificationEvent::kind).containsExactly(EventKind.OPENED, EventKind.DUE_DATE_SET,
        EventKind.EXTENSION_REQUESTED, EventKind.EXTENSION_GRANTED, EventKind.DUE_DATE_SET, EventKind.SUBMITTED,
        EventKind.RETURNED, EventKind.DUE_DATE_SET, EventKind.SUBMITTED, EventKind.RETURNED, EventKind.DUE_DATE_SET,
        EventKind.VETO_RECORDED, EventKind.SUBMITTED, EventKind.ACCEPTED);
    assertThat(events).filteredOn(e -> e.kind() == EventKind.SUBMITTED).allSatisfy(e -> {
      assertThat(e.actor()).isEqualTo("lead-rz-a");
      assertThat(e.detail()).contains("培训不到位").contains("全员培训");
    });
    assertThat(events).filteredOn(e -> e.kind() == EventKind.EXTENSION_GRANTED).singleElement()
        .satisfies(e -> assertThat(e.actor()).isEqualTo("office-rz"));
    assertThat(ledger.ofSource("COMPLAINT", "TS-2026-800001")).extracting(Rectification::number).containsExactly(r.number());
  }

  @Test
  void overdueRemindersEscalationAndAnUnjustifiedDelay() {
    ProcessInstance instance = start("rz-a", "HIGH", "TS-2026-800002", "办事指南错误");
    String rectifyTask = task(instance, Tasks.RECTIFY).getId();

    fire(instance, Events.REMIND_BEFORE_DUE);
    fire(instance, Events.REMIND_ON_DUE_DAY);
    fire(instance, Events.DUE_DATE_REACHED);

    Rectification r = ledger.byProcessInstance(instance.getId()).orElseThrow();
    assertThat(r.status()).isEqualTo(RectificationStatus.OVERDUE);
    assertThat(ledger.events(r)).extracting(RectificationEvent::kind)
        .containsSubsequence(EventKind.REMINDED, EventKind.REMINDED, EventKind.OVERDUE, EventKind.ESCALATED);
    Task ruling = task(instance, Tasks.RULE_ON_OVERDUE);
    assertThat(tasks.getIdentityLinksForTask(ruling.getId())).anySatisfy(l -> assertThat(l.getGroupId()).isEqualTo(Groups.LEADING_GROUP));

    as("leader-rz", Groups.LEADING_GROUP, () -> tasks.complete(ruling.getId(), Map.of(Vars.OVERDUE_JUSTIFIED, false,
        Vars.OVERDUE_RULING_REASON, "无正当理由")));
    assertThat(task(instance, Tasks.RECTIFY).getId()).as("the unit's task stays open").isEqualTo(rectifyTask);
    assertThat(vetoes.ofSource(VetoSourceType.RECTIFICATION, r.number())).singleElement()
        .satisfies(v -> assertThat(v.evidence()).contains("逾期未完成").contains("无正当理由"));
    assertThat(status(instance)).isEqualTo(RectificationStatus.OVERDUE);

    submit(instance);
    as("inspector-rz", Groups.INSPECTORS, () -> tasks.complete(task(instance, Tasks.ACCEPT).getId(),
        Map.of(Vars.ACCEPTED, true, Vars.ACCEPTANCE_COMMENT, "已改正")));
    assertThat(status(instance)).isEqualTo(RectificationStatus.ACCEPTED);
    assertThat(ledger.events(ledger.byProcessInstance(instance.getId()).orElseThrow())).extracting(RectificationEvent::kind)
        .containsSubsequence(EventKind.OVERDUE_UNJUSTIFIED, EventKind.VETO_RECORDED, EventKind.SUBMITTED, EventKind.ACCEPTED);

    String timeline = login("office-rz").get("/rectifications/" + r.number()).body();
    assertThat(timeline).contains("待办「整改落实」").contains("交 整改测试甲窗口 负责人 办理").contains("待办「裁定逾期」")
        .contains("交 领导小组 办理").contains("逾期无正当理由").contains("无正当理由").contains("已验收").contains("第4项 整改不力");
  }

  @Test
  void badInputStoresNothing() {
    String source = "TS-2026-" + UUID.randomUUID().toString().substring(0, 6);
    assertThatThrownBy(() -> start("no-such-unit", "LOW", source, "问题")).hasMessageContaining("no-such-unit");
    assertThatThrownBy(() -> start("rz-a", "URGENT", source, "问题")).hasMessageContaining("severity");
    assertThatThrownBy(() -> start("rz-a", "LOW", source, "  ")).hasMessageContaining("problem");
    assertThat(ledger.ofSource("COMPLAINT", source)).isEmpty();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(RectificationIds.PROCESS).variableValueEquals(Vars.SOURCE_ID, source).count())
        .isZero();
  }

  @Test
  void numbersStayUniqueWhenOpenedConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<String>> numbers = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        int n = i;
        numbers.add(pool.submit(() -> ledger.open(new RectificationLedger.Opening(n % 2 == 0 ? "rz-a" : "rz-b", "SENTIMENT",
            "YQ-" + n, "并发登记 " + n, "LOW", null), "system").number()));
      }
      Set<String> distinct = new HashSet<>();
      for (Future<String> number : numbers) {
        distinct.add(number.get(30, TimeUnit.SECONDS));
      }
      assertThat(distinct).hasSize(16).allSatisfy(n -> assertThat(n).matches("ZG-\\d{4}-\\d{6}"));
    } finally {
      pool.shutdownNow();
    }
  }

  // --- evidence ---

  @Test
  void evidenceIsCheckedByItsContent() {
    Rectification r = ledger.open(new RectificationLedger.Opening("rz-b", "INSPECTION", "JC-2026-800003", "环境卫生差", "LOW", null), "system");

    RectificationEvidence.EvidenceInfo photo = evidence.add(r.number(), "C:\\fakepath\\整改后.png", PNG, "整改后现场", "lead-rz-b");
    assertThat(photo.fileName()).isEqualTo("整改后.png");
    assertThat(photo.contentType()).isEqualTo("image/png");
    assertThat(photo.image()).isTrue();
    assertThat(evidence.file(r, photo.id()).orElseThrow().content()).isEqualTo(PNG);
    assertThat(evidence.add(r.number(), "scan", PDF, null, "lead-rz-b").fileName()).isEqualTo("scan.pdf");
    assertThat(evidence.add(r.number(), "现场.JPG", JPEG, null, "lead-rz-b").contentType()).isEqualTo("image/jpeg");

    assertRefused(() -> evidence.add(r.number(), "报告.pdf", "这不是 PDF".getBytes(StandardCharsets.UTF_8), null, "lead-rz-b"), "按文件内容判断");
    assertRefused(() -> evidence.add(r.number(), "photo.pdf", PNG, null, "lead-rz-b"), "与扩展名 .pdf 不符");
    assertRefused(() -> evidence.add(r.number(), "photo.exe", PNG, null, "lead-rz-b"), "与扩展名 .exe 不符");
    assertRefused(() -> evidence.add(r.number(), "<svg>.svg", "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8), null, "lead-rz-b"), "PDF");
    assertRefused(() -> evidence.add(r.number(), "empty.png", new byte[0], null, "lead-rz-b"), "不能为空");
    byte[] tooBig = Arrays.copyOf(PDF, (int) RectificationEvidence.MAX_BYTES + 1);
    assertRefused(() -> evidence.add(r.number(), "big.pdf", tooBig, null, "lead-rz-b"), "10 MB");
    assertThat(evidence.of(r)).hasSize(3);
    assertThat(ledger.events(r)).filteredOn(e -> e.kind() == EventKind.EVIDENCE_ADDED).hasSize(3);

    jdbc.sql("update rectification set status = 'ACCEPTED' where id = ?").param(r.id()).update();
    assertRefused(() -> evidence.add(r.number(), "late.png", PNG, null, "lead-rz-b"), "已验收");
  }

  // --- pages ---

  @Test
  void eachUnitsLeadsSeeTheirOwnAndTheOverseersSeeAll() {
    Rectification a = ledger.open(new RectificationLedger.Opening("rz-a", "COMPLAINT", "TS-2026-800004",
        "<script>alert('x')</script>窗口态度差", "MEDIUM", null), "inspector-rz");
    Rectification b = ledger.open(new RectificationLedger.Opening("rz-b", "INSPECTION", "JC-2026-800005", "乙窗口台账不全", "LOW", null), "inspector-rz");
    jdbc.sql("update rectification set due_at = ? where id = ?").params(LocalDateTime.now(Workdays.ZONE).minusDays(2), b.id()).update();

    WebClient leadA = login("lead-rz-a");
    String listA = leadA.get("/rectifications").body();
    assertThat(listA).contains(a.number()).doesNotContain(b.number()).contains("只显示您负责的单位的整改");
    HttpResponse<String> pageA = leadA.get("/rectifications/" + a.number());
    assertThat(pageA.statusCode()).isEqualTo(200);
    assertThat(pageA.body()).contains("整改测试甲窗口").contains("&lt;script&gt;").doesNotContain("<script>alert")
        .contains("登记整改").contains("上传证据（JPEG、PNG 照片或 PDF").contains("href=\"/complaints/TS-2026-800004\"");
    assertThat(leadA.get("/rectifications/" + b.number()).statusCode()).isEqualTo(403);
    assertThat(leadA.get("/rectifications/ZG-1999-000001").statusCode()).isEqualTo(404);

    WebClient office = login("office-rz");
    String all = office.get("/rectifications?unit=rz-b").body();
    assertThat(all).contains(b.number()).doesNotContain(a.number()).contains("（已逾期）");
    assertThat(office.get("/rectifications/" + a.number()).body()).contains(a.number()).doesNotContain("上传证据（JPEG");
    assertThat(login("inspector-rz").get("/rectifications/" + b.number()).statusCode()).isEqualTo(200);
    assertThat(login("leader-rz").get("/rectifications/" + b.number()).statusCode()).isEqualTo(200);

    WebClient nobody = login("nobody-rz");
    assertThat(nobody.get("/rectifications").body()).contains("没有可查看的整改").doesNotContain(a.number());
    assertThat(nobody.get("/rectifications/" + a.number()).statusCode()).isEqualTo(403);
  }

  @Test
  void onlyTheUnitsLeadsUploadAndTheFileComesBackAsItWent() {
    Rectification a = ledger.open(new RectificationLedger.Opening("rz-a", "COMPLAINT", "TS-2026-800006", "叫号系统故障", "LOW", null), "system");
    String page = "/rectifications/" + a.number();

    WebClient leadA = login("lead-rz-a");
    String token = leadA.csrfOf(page);
    HttpResponse<String> uploaded = upload(leadA, page + "/evidence", token, "叫号机修复.png", PNG, "修复后照片");
    assertThat(uploaded.statusCode()).isEqualTo(302);
    assertThat(uploaded.headers().firstValue("Location").orElseThrow()).contains(page + "#evidence");
    RectificationEvidence.EvidenceInfo stored = evidence.of(a).get(0);
    assertThat(stored.uploadedBy()).isEqualTo("lead-rz-a");
    assertThat(leadA.get(page).body()).contains("叫号机修复.png").contains("修复后照片");

    HttpResponse<String> refused = upload(leadA, page + "/evidence", token, "病毒.png", "MZ not an image".getBytes(StandardCharsets.UTF_8), null);
    assertThat(refused.statusCode()).isEqualTo(302);
    assertThat(leadA.get(page).body()).contains("只能上传 JPEG、PNG 照片或 PDF 文件");
    assertThat(upload(leadA, page + "/evidence", "wrong-token", "x.png", PNG, null).statusCode()).isEqualTo(403);

    WebClient office = login("office-rz");
    assertThat(upload(office, page + "/evidence", office.csrfOf("/logout"), "office.png", PNG, null).statusCode()).isEqualTo(403);
    WebClient leadB = login("lead-rz-b");
    assertThat(upload(leadB, page + "/evidence", leadB.csrfOf("/logout"), "b.png", PNG, null).statusCode()).isEqualTo(403);
    assertThat(evidence.of(a)).hasSize(1);

    HttpResponse<byte[]> download = bytes("office-rz", page + "/evidence/" + stored.id());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(PNG);
    assertThat(download.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/png");
    assertThat(download.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
    assertThat(bytes("lead-rz-b", page + "/evidence/" + stored.id()).statusCode()).isEqualTo(403);

    Rectification other = ledger.open(new RectificationLedger.Opening("rz-a", "COMPLAINT", "TS-2026-800007", "另一项", "LOW", null), "system");
    assertThat(bytes("office-rz", "/rectifications/" + other.number() + "/evidence/" + stored.id()).statusCode())
        .as("a file is only found under its own rectification").isEqualTo(404);
  }

  // --- helpers ---

  private ProcessInstance start(String unitCode, String severity, String sourceId, String problem) {
    return runtime.startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(Vars.UNIT_CODE, unitCode, Vars.SOURCE_TYPE, "COMPLAINT",
        Vars.SOURCE_ID, sourceId, Vars.PROBLEM, problem, Vars.SEVERITY, severity));
  }

  private void submit(ProcessInstance instance) {
    as("lead-rz-a", "unit-rz-a", () -> tasks.complete(task(instance, Tasks.RECTIFY).getId(), Map.of(Vars.EXTENSION_REQUESTED, false,
        Vars.CAUSE, "培训不到位", Vars.MEASURES, "全员培训并考核", Vars.COMPLETED_ON, LocalDate.now(Workdays.ZONE).toString())));
  }

  private void returnIt(ProcessInstance instance, String reasons) {
    as("inspector-rz", Groups.INSPECTORS, () -> tasks.complete(task(instance, Tasks.ACCEPT).getId(), Map.of(Vars.ACCEPTED, false,
        Vars.ACCEPTANCE_COMMENT, reasons, Vars.REWORK_DUE_DATE, inDays(20))));
  }

  /** As Tasklist does it: the engine knows who completes the task. */
  private void as(String userId, String group, Runnable action) {
    identityService.setAuthentication(userId, List.of(group));
    try {
      action.run();
    } finally {
      identityService.clearAuthentication();
    }
  }

  private Task task(ProcessInstance instance, String key) {
    Task task = tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
    assertThat(task).as(key).isNotNull();
    return task;
  }

  private void fire(ProcessInstance instance, String timer) {
    management.executeJob(management.createJobQuery().processInstanceId(instance.getId()).activityId(timer).singleResult().getId());
  }

  private RectificationStatus status(ProcessInstance instance) {
    return ledger.byProcessInstance(instance.getId()).orElseThrow().status();
  }

  private static String inDays(int days) {
    return LocalDate.now(Workdays.ZONE).plusDays(days).toString();
  }

  private static void assertRefused(Runnable upload, String message) {
    assertThatThrownBy(upload::run).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(String.join(" ", e.fieldErrors().values())).contains(message));
  }

  private WebClient login(String userId) {
    WebClient client = new WebClient(port);
    assertThat(client.login(userId, PASSWORD).headers().firstValue("Location").orElse("")).doesNotContain("error");
    return client;
  }

  /** A browser's multipart upload: the file part and the form's CSRF token. */
  private static HttpResponse<String> upload(WebClient client, String path, String csrf, String fileName, byte[] content, String note) {
    String boundary = "----servicestar" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writePart(body, boundary, "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n", csrf.getBytes(StandardCharsets.UTF_8));
    if (note != null) {
      writePart(body, boundary, "Content-Disposition: form-data; name=\"note\"\r\n\r\n", note.getBytes(StandardCharsets.UTF_8));
    }
    writePart(body, boundary, "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n", content);
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return client.send(client.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  private static void writePart(ByteArrayOutputStream body, String boundary, String headers, byte[] content) {
    body.writeBytes(("--" + boundary + "\r\n" + headers).getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
  }

  /** A file download as bytes (WebClient reads text), in a session of its own. */
  private HttpResponse<byte[]> bytes(String userId, String path) {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    String base = "http://localhost:" + port;
    try {
      String loginPage = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/login")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage);
      assertThat(csrf.find()).isTrue();
      String form = "username=" + userId + "&password=" + PASSWORD + "&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
      http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
      return http.send(HttpRequest.newBuilder(java.net.URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The smallest valid PNG: a 1×1 transparent pixel. */
  private static byte[] png() {
    return java.util.Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
  }
}
