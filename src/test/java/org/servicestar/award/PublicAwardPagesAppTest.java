package org.servicestar.award;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.support.FixedWindows;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public award pages against rounds and nominees written straight into the tables, as the
 * AwardApproval process leaves them. The objection's correlation goes to a stand-in process with an
 * event sub-process on {@code ObjectionReceived} (its own key, so it never shadows the real diagram).
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicAwardPagesAppTest {

  /** In publicity until 2099, with a process waiting for objections. */
  private static final int OPEN = 2060;
  /** Still in publicity, but its last day has passed. */
  private static final int ENDED = 2061;
  private static final int PUBLISHED = 2062;
  private static final int VOTING = 2063;
  /** In publicity, but nothing waits for its objections. */
  private static final int NO_PROCESS = 2064;
  /** In publicity with a process waiting, for the public forms' limits (many objections). */
  private static final int LIMITED = 2065;
  private static final String FIXTURE = "PubObjectionFixture";
  private static final String GOOD_CONTENT = "该窗口今年三月多次无故拖延办理营业执照变更，有工单记录可查。";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  TaskService taskService;
  @Value("${servicestar.public-forms.per-address-per-minute}")
  int perAddress;
  @Value("${servicestar.public-forms.per-phone}")
  int perPhone;

  private final Map<String, Long> ids = new LinkedHashMap<>();
  private String deploymentId;
  private String waitingInstance;
  private String limitedInstance;
  /** Addresses and phones of their own for each run of a limit test. */
  private final AtomicInteger fresh = new AtomicInteger();

  @BeforeAll
  void roundsNomineesAndAProcessWaiting() {
    units.create(new UnitService.UnitDraft("pub-dept", "公示测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("pub-hall", "公示测试大厅", UnitType.HALL, "pub-dept"));
    for (String w : new String[] {"w1", "w2", "w3", "w4", "w5"}) {
      units.create(new UnitService.UnitDraft("pub-" + w, "公示" + w + "号窗口", UnitType.WINDOW, "pub-hall"));
    }
    round(OPEN, "PUBLICITY", LocalDate.of(2099, 12, 31), null);
    nominee(OPEN, "HALL", "pub-hall", "公示测试大厅", "pub-hall", "APPROVED", null);
    nominee(OPEN, "WINDOW", "pub-w1", "公示w1号窗口", "pub-w1", "APPROVED", null);
    nominee(OPEN, "WINDOW", "pub-w2", "公示w2号窗口", "pub-w2", "NOMINATED", null);
    nominee(OPEN, "WINDOW", "pub-w3", "公示w3号窗口", "pub-w3", "REMOVED", null);
    nominee(OPEN, "WINDOW", "pub-w4", "公示w4号窗口", "pub-w4", "REJECTED", null);
    nominee(OPEN, "WINDOW", "pub-w5", "公示w5号窗口", "pub-w5", "WITHDRAWN", null);
    nominee(OPEN, "STAFF", "PUB-S01", "李公示", "pub-w1", "APPROVED", null);

    round(ENDED, "PUBLICITY", LocalDate.of(2020, 1, 1), null);
    nominee(ENDED, "WINDOW", "pub-w1", "公示w1号窗口", "pub-w1", "APPROVED", null);

    round(PUBLISHED, "PUBLISHED", LocalDate.of(2020, 1, 1), LocalDateTime.of(2062, 1, 15, 10, 0));
    nominee(PUBLISHED, "WINDOW", "pub-w1", "结果w1号窗口", "pub-w1", "AWARDED", "PUB-2062-001");
    nominee(PUBLISHED, "STAFF", "PUB-S02", "王结果", "pub-w2", "AWARDED", "PUB-2062-002");
    nominee(PUBLISHED, "WINDOW", "pub-w3", "撤销w3号窗口", "pub-w3", "WITHDRAWN", null);
    nominee(PUBLISHED, "WINDOW", "pub-w4", "落选w4号窗口", "pub-w4", "REJECTED", null);

    round(VOTING, "VOTING", null, null);
    nominee(VOTING, "WINDOW", "pub-w1", "投票w1号窗口", "pub-w1", "NOMINATED", null);

    round(NO_PROCESS, "PUBLICITY", LocalDate.of(2099, 12, 31), null);
    nominee(NO_PROCESS, "WINDOW", "pub-w1", "公示w1号窗口", "pub-w1", "APPROVED", null);

    round(LIMITED, "PUBLICITY", LocalDate.of(2099, 12, 31), null);
    nominee(LIMITED, "WINDOW", "pub-w1", "公示w1号窗口", "pub-w1", "APPROVED", null);

    ProcessBuilder process = Bpmn.createExecutableProcess(FIXTURE);
    BpmnModelInstance model = process.camundaHistoryTimeToLive(1).startEvent().userTask("Task_Publicity").endEvent().done();
    process.eventSubProcess("SubProcess_Objection").startEvent("StartEvent_Objection").interrupting(false)
        .message(AwardApprovalIds.Messages.OBJECTION_RECEIVED).userTask("Task_VerifyObjectionFixture").endEvent();
    deploymentId = repositoryService.createDeployment().name("public-award-pages-test")
        .addModelInstance("pub-objection-fixture.bpmn", model).deploy().getId();
    waitingInstance = runtimeService.startProcessInstanceByKey(FIXTURE, AwardApprovalIds.businessKey(OPEN)).getId();
    limitedInstance = runtimeService.startProcessInstanceByKey(FIXTURE, AwardApprovalIds.businessKey(LIMITED)).getId();
  }

  @AfterAll
  void removeProcess() {
    repositoryService.deleteDeployment(deploymentId, true);
  }

  @Test
  void publicityShowsExactlyTheApprovedNomineesWithThePeriodAndTheForm() {
    HttpResponse<String> page = new WebClient(port).get("/publicity/" + OPEN);
    assertThat(page.statusCode()).isEqualTo(200);
    String body = page.body();
    assertThat(body).contains("公示期至 2099 年 12 月 31 日（含）", "优质服务大厅", "优质服务窗口", "优质服务标兵",
        "公示测试大厅", "公示w1号窗口", "李公示", "工号 PUB-S01", "异议须实名提出", "name=\"clientRef\"");
    assertThat(body).contains("id=\"nominee-" + ids.get(OPEN + "pub-hall") + "\"", "id=\"nominee-" + ids.get(OPEN + "pub-w1") + "\"",
        "id=\"nominee-" + ids.get(OPEN + "PUB-S01") + "\"");
    assertThat(body).as("nominated, removed and rejected nominees are not under publicity")
        .doesNotContain("公示w2号窗口", "公示w3号窗口", "公示w4号窗口")
        .doesNotContain("id=\"nominee-" + ids.get(OPEN + "pub-w5") + "\"", "value=\"" + ids.get(OPEN + "pub-w5") + "\"");
    assertThat(body.substring(body.indexOf("id=\"withdrawn\""))).as("withdrawn only in the small note").contains("公示w5号窗口", "已撤销");
    assertThat(body.indexOf("优质服务大厅")).as("categories in the published order").isLessThan(body.indexOf("优质服务窗口"));
    assertThat(body.indexOf("优质服务窗口")).isLessThan(body.indexOf("优质服务标兵"));
  }

  @Test
  void aYearNotInPublicityGetsAClearPage() {
    WebClient web = new WebClient(port);
    HttpResponse<String> voting = web.get("/publicity/" + VOTING);
    assertThat(voting.statusCode()).isEqualTo(404);
    assertThat(voting.body()).contains("该年度评优尚未进入公示").doesNotContain("投票w1号窗口");
    HttpResponse<String> none = web.get("/publicity/2069");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("该年度评优尚未进入公示");
    HttpResponse<String> over = web.get("/publicity/" + PUBLISHED);
    assertThat(over.statusCode()).isEqualTo(200);
    assertThat(over.body()).contains("公示期已结束，见评选结果", "href=\"/results/" + PUBLISHED + "\"");
    HttpResponse<String> ended = web.get("/publicity/" + ENDED);
    assertThat(ended.statusCode()).isEqualTo(200);
    assertThat(ended.body()).contains("公示期已于 2020 年 1 月 1 日 结束，异议不再受理").doesNotContain("实名提交异议");
  }

  @Test
  void anAnonymousObjectionIsRefusedWithTheReasonAndNothingStored() {
    long before = objections(OPEN);
    for (String name : new String[] {"匿名", "", "某某", "anonymous", "张", "张某"}) {
      HttpResponse<String> answer = new WebClient(port).postForm("/publicity/" + OPEN + "/objections",
          form(ids.get(OPEN + "pub-w1"), name, "13912345678", GOOD_CONTENT, "pub-anon-" + name.hashCode()));
      assertThat(answer.statusCode()).as(name).isEqualTo(400);
      assertThat(answer.body()).as(name).contains("异议须实名提出，匿名异议不予受理", GOOD_CONTENT);
    }
    assertThat(objections(OPEN)).isEqualTo(before);
    assertThat(ObjectionIntake.isRealName("张三")).isTrue();
    assertThat(ObjectionIntake.isRealName("买买提·艾力")).isTrue();
    assertThat(ObjectionIntake.isRealName("Li Ming")).isTrue();
    assertThat(ObjectionIntake.isRealName("无名")).isFalse();
    assertThat(ObjectionIntake.isRealName("123")).isFalse();
  }

  @Test
  void anObjectionAfterTheLastDayIsRefused() {
    HttpResponse<String> answer = new WebClient(port).postForm("/publicity/" + ENDED + "/objections",
        form(ids.get(ENDED + "pub-w1"), "张三", "13912345678", GOOD_CONTENT, "pub-ended-1"));
    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(answer.body()).contains("公示期已于 2020 年 1 月 1 日 结束，异议不再受理");
    HttpResponse<String> json = new WebClient(port).postJson("/publicity/" + VOTING + "/objections",
        "{\"nomineeId\": " + ids.get(VOTING + "pub-w1") + ", \"name\": \"张三\", \"phone\": \"13912345678\", \"content\": \"" + GOOD_CONTENT + "\"}");
    assertThat(json.statusCode()).isEqualTo(409);
    assertThat(json.body()).contains("尚未进入公示");
    assertThat(objections(ENDED) + objections(VOTING)).isZero();
  }

  @Test
  void withNoProcessWaitingTheObjectionIsRefusedClearlyAndRolledBack() {
    HttpResponse<String> answer = new WebClient(port).postForm("/publicity/" + NO_PROCESS + "/objections",
        form(ids.get(NO_PROCESS + "pub-w1"), "张三", "13912345678", GOOD_CONTENT, "pub-noprocess-1"));
    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(answer.body()).contains("评优公示流程当前未在受理异议，您的异议未保存");
    assertThat(objections(NO_PROCESS)).isZero();
    assertThat(jdbc.sql("select count(*) from audit_log where subject = ?").param(AwardApprovalIds.businessKey(NO_PROCESS))
        .query(Integer.class).single()).as("the audit entry rolled back too").isZero();
  }

  @Test
  void aGoodObjectionIsStoredOnceStartsItsVerificationAndCanBeLookedUpWithThePhone() {
    Map<String, String> fields = form(ids.get(OPEN + "pub-w1"), "  张三 ", "139 1234 5678", GOOD_CONTENT, "pub-good-1");
    HttpResponse<String> answer = new WebClient(port).postForm("/publicity/" + OPEN + "/objections", fields);
    assertThat(answer.statusCode()).isEqualTo(200);
    String number = jdbc.sql("select number from award_objection where client_ref = 'pub-good-1'").query(String.class).single();
    assertThat(number).matches("GS-\\d{4}-\\d{6}");
    assertThat(answer.body()).contains(number, "凭编号和您留下的联系电话");
    Map<String, Object> row = jdbc.sql("select * from award_objection where number = ?").param(number).query().singleRow();
    assertThat(row).containsEntry("STATUS", "RECEIVED").containsEntry("OBJECTOR_NAME", "张三")
        .containsEntry("OBJECTOR_PHONE", "13912345678").containsEntry("NOMINEE_ID", ids.get(OPEN + "pub-w1"))
        .containsEntry("CAMPAIGN_YEAR", OPEN);

    Task verify = taskService.createTaskQuery().processInstanceId(waitingInstance).taskDefinitionKey("Task_VerifyObjectionFixture")
        .singleResult();
    assertThat(verify).as("ObjectionReceived was correlated").isNotNull();
    assertThat(runtimeService.getVariable(verify.getExecutionId(), AwardApprovalIds.Vars.OBJECTION_NUMBER)).isEqualTo(number);

    HttpResponse<String> again = new WebClient(port).postForm("/publicity/" + OPEN + "/objections", fields);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains(number, "此前已经收到");
    assertThat(jdbc.sql("select count(*) from award_objection where client_ref = 'pub-good-1'").query(Integer.class).single()).isOne();

    WebClient web = new WebClient(port);
    HttpResponse<String> mine = web.get("/publicity/" + OPEN + "/objections/" + number + "?phone=13912345678");
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.body()).contains("已受理，正在核实", "公示w1号窗口").doesNotContain("id=\"reply\"");
    HttpResponse<String> someoneElse = web.get("/publicity/" + OPEN + "/objections/" + number + "?phone=13800000000");
    assertThat(someoneElse.statusCode()).isEqualTo(404);
    assertThat(someoneElse.body()).doesNotContain("公示w1号窗口", "正在核实", "张三");
    assertThat(web.get("/publicity/" + OPEN + "/objections/GS-2026-999999?phone=13912345678").statusCode()).isEqualTo(404);

    jdbc.sql("update award_objection set status = 'REJECTED', reply = '经核查，该窗口办理时限符合规定。', verified_at = ? where number = ?")
        .params(LocalDateTime.now(), number).update();
    HttpResponse<String> answered = web.get("/publicity/" + OPEN + "/objections?number=" + number + "&phone=13912345678");
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).contains("经核实，异议不成立", "经核查，该窗口办理时限符合规定。");
  }

  @Test
  void theJsonTwinAnswers201OrNamesTheField() {
    WebClient web = new WebClient(port);
    String path = "/publicity/" + OPEN + "/objections";
    long before = objections(OPEN);
    HttpResponse<String> created = web.postJson(path, "{\"nomineeId\": " + ids.get(OPEN + "PUB-S01")
        + ", \"name\": \"王五\", \"phone\": \"0411-87654321\", \"content\": \"" + GOOD_CONTENT + "\", \"clientRef\": \"pub-json-1\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).containsPattern("\"number\":\"GS-\\d{4}-\\d{6}\"");
    assertThat(objections(OPEN)).isEqualTo(before + 1);

    HttpResponse<String> malformed = web.postJson(path, "{\"nomineeId\": ");
    assertThat(malformed.statusCode()).isEqualTo(400);
    HttpResponse<String> tooLong = web.postJson(path, "{\"nomineeId\": \"" + ids.get(OPEN + "pub-w1")
        + "\", \"name\": \"王五\", \"phone\": \"13912345678\", \"content\": \"" + "长".repeat(2001) + "\"}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("\"content\"", "最长 2000 字");
    HttpResponse<String> notUnderPublicity = web.postJson(path, "{\"nomineeId\": " + ids.get(OPEN + "pub-w2")
        + ", \"name\": \"王五\", \"phone\": \"12345\", \"content\": \"太短\"}");
    assertThat(notUnderPublicity.statusCode()).isEqualTo(400);
    assertThat(notUnderPublicity.body()).contains("\"nomineeId\"", "\"phone\"", "\"content\"");
    HttpResponse<String> control = web.postJson(path, "{\"nomineeId\": " + ids.get(OPEN + "pub-w1")
        + ", \"name\": \"王五\", \"phone\": \"13912345678\", \"content\": \"" + GOOD_CONTENT + "\\u0007\"}");
    assertThat(control.statusCode()).isEqualTo(400);
    assertThat(control.body()).contains("控制字符");
    assertThat(objections(OPEN)).isEqualTo(before + 1);
  }

  @Test
  void theFormAnswers429AboveOnePhonesLimitFromAnyAddressAndStoresNothing() {
    String path = "/publicity/" + LIMITED + "/objections";
    long nominee = ids.get(LIMITED + "pub-w1");
    FixedWindows.withinOne(Duration.ofHours(1), () -> {
      int n = fresh.incrementAndGet();
      String phone = String.format("137 %04d %04d", n, n);
      for (int i = 0; i < perPhone; i++) {
        HttpResponse<String> received = from("198.51." + n + "." + i)
            .postForm(path, form(nominee, "张三", phone, GOOD_CONTENT, "pub-limit-" + n + "-" + i));
        assertThat(received.statusCode()).as(i + ": " + received.body()).isEqualTo(200);
      }
      long objections = objections(LIMITED);
      long verifications = verifications();

      HttpResponse<String> refused = from("198.51." + n + ".99")
          .postForm(path, form(nominee, "张三", phone.replace(" ", ""), GOOD_CONTENT, "pub-limit-" + n + "-x"));

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
      assertThat(refused.body()).as("the message on the page, the form as it was filled in")
          .contains("提交过于频繁：同一联系电话每小时最多提交 5 条异议，请 ", GOOD_CONTENT, "实名提交异议");
      assertThat(objections(LIMITED)).isEqualTo(objections);
      assertThat(verifications()).as("no ObjectionReceived").isEqualTo(verifications);
    });
  }

  @Test
  void theJsonTwinAnswers429AboveOneAddresssLimitAndStoresNothing() {
    String path = "/publicity/" + LIMITED + "/objections";
    long nominee = ids.get(LIMITED + "pub-w1");
    FixedWindows.withinOne(Duration.ofMinutes(1), () -> {
      int n = fresh.incrementAndGet();
      WebClient client = from("198.51.200." + n);
      for (int i = 0; i < perAddress; i++) {
        HttpResponse<String> created = client.postJson(path, "{\"nomineeId\": " + nominee + ", \"name\": \"王五\", \"phone\": \""
            + String.format("136%04d%04d", n, i) + "\", \"content\": \"" + GOOD_CONTENT + "\"}");
        assertThat(created.statusCode()).as(i + ": " + created.body()).isEqualTo(201);
      }
      long objections = objections(LIMITED);
      long verifications = verifications();

      HttpResponse<String> refused = client.postJson(path, "{\"nomineeId\": " + nominee + ", \"name\": \"王五\", \"phone\": \""
          + String.format("135%04d0000", n) + "\", \"content\": \"" + GOOD_CONTENT + "\"}");

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.body()).matches("\\{\"status\":429,\"error\":\"提交过于频繁：同一网络地址每分钟最多提交 30 条异议，请 \\d+ 秒后再试\","
          + "\"fields\":\\{}}");
      assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
      assertThat(objections(LIMITED)).isEqualTo(objections);
      assertThat(verifications()).isEqualTo(verifications);
    });
  }

  /** A citizen behind a proxy that says who they are (server.forward-headers-strategy: native). */
  private WebClient from(String address) {
    return new WebClient(port).header("X-Forwarded-For", address);
  }

  private long verifications() {
    return taskService.createTaskQuery().processInstanceId(limitedInstance).taskDefinitionKey("Task_VerifyObjectionFixture").count();
  }

  @Test
  void resultsShowExactlyTheAwardedListWithCertificatesAndTheWorkbook() throws IOException {
    WebClient web = new WebClient(port);
    HttpResponse<String> page = web.get("/results/" + PUBLISHED);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("结果w1号窗口", "王结果", "工号 PUB-S02", "优质服务竞赛活动领导小组", "2062 年 1 月 15 日",
            "/results/" + PUBLISHED + "/certificates/PUB-2062-001.pdf", "/results/" + PUBLISHED + ".xlsx")
        .doesNotContain("撤销w3号窗口", "落选w4号窗口");
    HttpResponse<String> early = web.get("/results/" + OPEN);
    assertThat(early.statusCode()).isEqualTo(404);
    assertThat(early.body()).contains("尚未公布").doesNotContain("公示w1号窗口");

    HttpResponse<byte[]> pdf = bytes("/results/" + PUBLISHED + "/certificates/PUB-2062-002.pdf");
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
    assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    PdfReader reader = new PdfReader(pdf.body());
    assertThat(reader.getNumberOfPages()).isOne();
    assertThat(reader.getPageSizeWithRotation(1).getWidth()).as("landscape").isGreaterThan(reader.getPageSizeWithRotation(1).getHeight());
    assertThat(new PdfTextExtractor(reader).getTextFromPage(1)).contains("PUB-2062-002");
    assertThat(reader.getInfo().get("Keywords")).isEqualTo("PUB-2062-002");
    reader.close();
    assertThat(bytes("/results/" + PUBLISHED + "/certificates/PUB-2062-999.pdf").statusCode()).isEqualTo(404);
    assertThat(bytes("/results/" + OPEN + "/certificates/PUB-2062-001.pdf").statusCode()).isEqualTo(404);

    HttpResponse<byte[]> xlsx = bytes("/results/" + PUBLISHED + ".xlsx");
    assertThat(xlsx.statusCode()).isEqualTo(200);
    assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("attachment", "filename*=UTF-8''" + PUBLISHED);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      assertThat(workbook.getNumberOfSheets()).isOne();
      Sheet sheet = workbook.getSheetAt(0);
      Row head = sheet.getRow(0);
      for (int i = 0; i < ResultsWorkbook.HEADERS.length; i++) {
        assertThat(head.getCell(i).getStringCellValue()).isEqualTo(ResultsWorkbook.HEADERS[i]);
      }
      assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
      assertThat(sheet.getLastRowNum()).as("exactly the two awards").isEqualTo(2);
      Row window = sheet.getRow(1);
      assertThat(window.getCell(0).getStringCellValue()).isEqualTo("优质服务窗口");
      assertThat(window.getCell(2).getStringCellValue()).isEqualTo("结果w1号窗口");
      assertThat(window.getCell(3).getStringCellValue()).isEqualTo("公示测试大厅");
      assertThat(window.getCell(4).getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(window.getCell(4).getNumericCellValue()).isEqualTo(95.5);
      assertThat(window.getCell(5).getNumericCellValue()).isEqualTo(5);
      assertThat(window.getCell(6).getStringCellValue()).isEqualTo("PUB-2062-001");
      assertThat(sheet.getRow(2).getCell(3).getStringCellValue()).as("a person's unit").isEqualTo("公示w2号窗口");
    }
    assertThat(bytes("/results/" + OPEN + ".xlsx").statusCode()).isEqualTo(404);
  }

  private void round(int year, String status, LocalDate publicityEnd, LocalDateTime publishedAt) {
    jdbc.sql("""
            insert into award_round (campaign_year, status, approval_rule, publicity_start, publicity_end, published_at, updated_at)
            values (?, ?, 'MAJORITY', ?, ?, ?, ?)""")
        .params(year, status, publicityEnd == null ? null : publicityEnd.minusDays(7), publicityEnd, publishedAt, LocalDateTime.now())
        .update();
  }

  private void nominee(int year, String category, String subject, String name, String unitCode, String status, String certificateNo) {
    jdbc.sql("""
            insert into award_nominee (campaign_year, category, subject, subject_name, unit_code, score, stars, rank_in_category,
                                       origin, status, certificate_no)
            values (?, ?, ?, ?, ?, ?, 5, 1, 'RANKING', ?, ?)""")
        .params(year, category, subject, name, unitCode, new BigDecimal("95.50"), status, certificateNo).update();
    ids.put(year + subject, jdbc.sql("select id from award_nominee where campaign_year = ? and category = ? and subject = ?")
        .params(year, category, subject).query(Long.class).single());
  }

  private long objections(int year) {
    return jdbc.sql("select count(*) from award_objection where campaign_year = ?").param(year).query(Long.class).single();
  }

  private static Map<String, String> form(long nomineeId, String name, String phone, String content, String clientRef) {
    return Map.of("nomineeId", String.valueOf(nomineeId), "name", name, "phone", phone, "content", content, "clientRef", clientRef);
  }

  private HttpResponse<byte[]> bytes(String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
