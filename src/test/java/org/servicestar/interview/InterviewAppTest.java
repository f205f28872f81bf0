package org.servicestar.interview;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
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
 * 约谈 through the app, per role, on a hand-made year (2082, windows iv-…): iv-w3 is last in February
 * and March; the monthly check on April 1 opens its case; the office uploads the record and holds the
 * interview; iv-w3's lead (not iv-w1's) confirms; the May ranking, checked on June 2, says improved.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InterviewAppTest {

  static final int YEAR = 2082;
  static final String PASSWORD = "interview-secret-1";
  static final byte[] PDF = "%PDF-1.4\n约谈记录\n%%EOF".getBytes(StandardCharsets.UTF_8);

  @LocalServerPort
  int port;
  @Autowired
  org.servicestar.rating.RatingRollups rollups;
  @Autowired
  UnitService units;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  Interviews interviews;
  @Autowired
  TaskService tasks;
  @Autowired
  ManagementService management;

  private String number;

  @BeforeAll
  void aWindowLastTwice() {
    units.create(new UnitService.UnitDraft("iv-dept", "约谈测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("iv-hall", "约谈测试大厅", UnitType.HALL, "iv-dept"));
    for (String w : List.of("iv-w1", "iv-w2", "iv-w3")) {
      units.create(new UnitService.UnitDraft(w, "约谈窗口" + w.substring(4), UnitType.WINDOW, "iv-hall"));
    }
    unitGroups.createLead("iv-w3", "lead-iv-w3", "约谈窗口负责人", PASSWORD);
    unitGroups.createLead("iv-w1", "lead-iv-w1", "他窗口负责人", PASSWORD);
    identity.ensureUser("office-iv", "办公室", "约谈", PASSWORD);
    identity.ensureMembership("office-iv", Groups.OFFICE);
    identity.ensureUser("leader-iv", "领导", "约谈", PASSWORD);
    identity.ensureMembership("leader-iv", Groups.LEADING_GROUP);
    identity.ensureUser("inspector-iv", "督查", "约谈", PASSWORD);
    identity.ensureMembership("inspector-iv", Groups.INSPECTORS);
    // February and March: iv-w3 30 % (last), the others 90 % and 80 %. May: iv-w3 90 %, iv-w1 60 % (last).
    for (int month : List.of(2, 3)) {
      ratings("iv-w1", month, 5, 9, 1);
      ratings("iv-w2", month, 5, 8, 2);
      ratings("iv-w3", month, 5, 3, 7);
    }
    ratings("iv-w1", 5, 5, 6, 4);
    ratings("iv-w2", 5, 5, 8, 2);
    ratings("iv-w3", 5, 5, 9, 1);
    rollups.rebuild(); // the rows above went in as plain SQL, not through the intake that keeps the rollups

    // The monthly check on April 1, 01:00 Beijing: March is complete, February–March flags iv-w3.
    at("2082-03-31T17:00:00Z");
    assertThat(interviews.lastCompleteMonth()).isEqualTo(YearMonth.of(YEAR, 3));
    List<String> opened = interviews.openFor(YearMonth.of(YEAR, 3));
    assertThat(opened).hasSize(1);
    number = opened.get(0);
    assertThat(number).startsWith("YT-2082-");
    assertThat(interviews.openFor(YearMonth.of(YEAR, 3))).as("run again: nothing new").isEmpty();
    ClockUtil.reset();
  }

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  @Order(1)
  void theCaseIsSeenByTheOverseersAndTheWindowsOwnLeadsOnly() {
    for (String user : List.of("office-iv", "leader-iv", "inspector-iv", "lead-iv-w3")) {
      WebClient client = login(user);
      HttpResponse<String> page = client.get("/interviews/" + number);
      assertThat(page.statusCode()).as(user).isEqualTo(200);
      assertThat(page.body()).contains("约谈窗口3", "2082年2–3月连续末位", "待约谈");
      assertThat(client.get("/interviews").body()).as(user).contains(number);
    }
    WebClient other = login("lead-iv-w1");
    assertThat(other.get("/interviews/" + number).statusCode()).isEqualTo(403);
    assertThat(other.get("/interviews").body()).doesNotContain(number);
    assertThat(new WebClient(port).get("/interviews/" + number).headers().firstValue("Location").orElse("")).endsWith("/login");
    // Only the office uploads the record.
    assertThat(upload(login("lead-iv-w3"), "记录.pdf", PDF).statusCode()).isEqualTo(403);
    assertThat(upload(login("leader-iv"), "记录.pdf", PDF).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(2)
  void theOfficeRecordsTheInterviewWithItsFileTheLeadConfirmsAndMayShowsAnImprovement() {
    Task hold = tasks.createTaskQuery().processInstanceBusinessKey(number).singleResult();
    assertThat(hold.getTaskDefinitionKey()).isEqualTo(InterviewIds.Tasks.HOLD);
    WebClient officeRest = new WebClient(port).basic("office-iv", PASSWORD);
    String interview = """
        {"variables": {"interviewDate": {"value": "2082-04-01"}, "participants": {"value": "办公室 office-iv；窗口负责人"},
         "causes": {"value": "高峰时段只开一个窗口"}, "commitments": {"value": "高峰时段增开窗口"}}}""";
    at("2082-04-01T06:00:00Z");
    // Without a file the interview is refused, and nothing is stored.
    HttpResponse<String> refused = officeRest.postJson("/engine-rest/task/" + hold.getId() + "/complete", interview);
    assertThat(refused.statusCode()).as(refused.body()).isIn(400, 500);
    assertThat(refused.body()).contains("上传约谈记录");

    WebClient office = login("office-iv");
    HttpResponse<String> notAFile = upload(office, "记录.pdf", "not a pdf".getBytes(StandardCharsets.UTF_8));
    assertThat(office.get("/interviews/" + number).body()).contains("只能上传 JPEG、PNG 照片或 PDF 文件");
    assertThat(notAFile.statusCode()).isEqualTo(302);
    assertThat(upload(office, "记录.pdf", PDF).statusCode()).isEqualTo(302);
    HttpResponse<String> completed = officeRest.postJson("/engine-rest/task/" + hold.getId() + "/complete", interview);
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);

    Task confirm = tasks.createTaskQuery().processInstanceBusinessKey(number).singleResult();
    assertThat(confirm.getTaskDefinitionKey()).isEqualTo(InterviewIds.Tasks.CONFIRM);
    String yes = "{\"variables\": {\"commitmentsConfirmed\": {\"value\": true, \"type\": \"Boolean\"}}}";
    HttpResponse<String> notHis = new WebClient(port).basic("lead-iv-w1", PASSWORD)
        .postJson("/engine-rest/task/" + confirm.getId() + "/complete", yes);
    assertThat(notHis.statusCode()).isIn(403, 404);
    HttpResponse<String> confirmed = new WebClient(port).basic("lead-iv-w3", PASSWORD)
        .postJson("/engine-rest/task/" + confirm.getId() + "/complete", yes);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);

    // The lead opens the file from the case page.
    WebClient lead = login("lead-iv-w3");
    String page = lead.get("/interviews/" + number).body();
    assertThat(page).contains("跟踪结果", "尚未核对", "2082年5月", "高峰时段增开窗口", "记录.pdf", "确认整改承诺");
    long fileId = jdbc.sql("select e.id from interview_evidence e join interview_case c on c.id = e.interview_id where c.number = ?")
        .param(number).query(Long.class).single();
    HttpResponse<byte[]> file = lead.getBytes("/interviews/" + number + "/evidence/" + fileId);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(PDF);
    assertThat(login("lead-iv-w1").getBytes("/interviews/" + number + "/evidence/" + fileId).statusCode()).isEqualTo(403);

    // June 2, 01:00 Beijing: May has closed; iv-w3 is 1st of 3.
    Job check = management.createJobQuery().processInstanceId(confirm.getProcessInstanceId()).timers().singleResult();
    assertThat(check.getDuedate()).isEqualTo(Date.from(Instant.parse("2082-06-01T17:00:00Z")));
    at("2082-06-01T17:00:00Z");
    management.executeJob(check.getId());
    InterviewCase done = interviews.require(number);
    assertThat(done.status()).isEqualTo(InterviewStatus.IMPROVED);
    assertThat(done.followPlace()).isEqualTo("5月第 1/3 名，满意率 90.0%");

    String result = login("office-iv").get("/interviews/" + number).body();
    assertThat(result).contains("已改善：5月第 1/3 名，满意率 90.0%");
    String dashboard = login("office-iv").get("/dashboard/satisfaction?year=" + YEAR + "&type=WINDOW&month=3").body();
    assertThat(dashboard).contains("href=\"/interviews/" + number + "\"", "约谈 · 已改善");
  }

  private void at(String instant) {
    ClockUtil.setCurrentTime(Date.from(Instant.parse(instant)));
  }

  private WebClient login(String user) {
    WebClient client = new WebClient(port);
    assertThat(client.login(user, PASSWORD).headers().firstValue("Location").orElse("")).doesNotContain("error");
    return client;
  }

  private HttpResponse<String> upload(WebClient client, String name, byte[] content) {
    String boundary = "----iv" + System.nanoTime();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
        + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n约谈记录\r\n--" + boundary + "--\r\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(content, 0, body, head.length, content.length);
    System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
    return client.send(client.request("/interviews/" + number + "/evidence")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("X-CSRF-TOKEN", client.csrfOf("/login"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** {@code good} ratings of level 5 and {@code bad} of level 1 for the window on the 10th of the month. */
  private void ratings(String unit, int month, int level, int good, int bad) {
    OffsetDateTime when = OffsetDateTime.of(YEAR, month, 10, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    for (int i = 0; i < good + bad; i++) {
      jdbc.sql("""
              insert into rating (unit_id, level, channel, rated_at, rated_day, received_at, excluded)
              values ((select id from unit where code = ?), ?, 'DEVICE', ?, ?, ?, false)""")
          .params(unit, i < good ? level : 1, when, when.toLocalDate(), when).update();
    }
  }
}
