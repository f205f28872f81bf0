package org.servicestar.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.campaign.CampaignService;
import org.servicestar.inspection.InspectionIds.Vars;
import org.servicestar.rectification.RectificationIds;
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
 * Inspections on the running app: the office configures the year's sheet, an inspector starts and
 * conducts an inspection through Tasklist's API (Json variables as Tasklist sends them), the real
 * Rectification and veto record follow, and the pages show each role what it may see.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectionAppTest {

  private static final String PASSWORD = "inspection-secret-1";
  private static final int YEAR = 2053;
  private static final String API = "/camunda/api/engine/engine/default";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  CampaignService campaigns;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  TaskService taskService;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  JdbcClient jdbc;

  @BeforeAll
  void unitsUsersAndACampaign() {
    units.create(new UnitService.UnitDraft("jc-dept", "检查测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("jc-hall", "检查测试大厅", UnitType.HALL, "jc-dept"));
    units.create(new UnitService.UnitDraft("jc-other", "检查测试其他大厅", UnitType.HALL, "jc-dept"));
    units.create(new UnitService.UnitDraft("jc-closed", "检查测试已撤销窗口", UnitType.HALL, "jc-dept"));
    units.setActive("jc-closed", units.require("jc-closed").version(), false);
    campaigns.create(new CampaignService.CampaignDraft(YEAR, YEAR + " 年度竞赛",
        LocalDate.of(YEAR, 1, 6), LocalDate.of(YEAR, 3, 31), LocalDate.of(YEAR, 4, 1), LocalDate.of(YEAR, 10, 31),
        LocalDate.of(YEAR, 11, 3), LocalDate.of(YEAR, 12, 31), 5,
        BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20), Map.of(), List.of()));
    unitGroups.createLead("jc-hall", "lead-jc-hall", "大厅负责人", PASSWORD);
    unitGroups.createLead("jc-other", "lead-jc-other", "其他负责人", PASSWORD);
    identity.ensureUser("office-jc", "办公室", "检查", PASSWORD);
    identity.ensureMembership("office-jc", Groups.OFFICE);
    identity.ensureUser("inspector-jc", "督查", "检查", PASSWORD);
    identity.ensureMembership("inspector-jc", Groups.INSPECTORS);
    identity.ensureUser("nobody-jc", "无", "角色", PASSWORD);
  }

  private WebClient login(String user) {
    WebClient client = new WebClient(port);
    client.login(user, PASSWORD);
    return client;
  }

  private HttpResponse<String> saveSheet(WebClient client, String... rows) {
    StringBuilder body = new StringBuilder("_csrf=").append(enc(client.csrfOf("/logout")));
    for (int i = 0; i < rows.length; i += 3) {
      body.append("&dimension=").append(enc(rows[i])).append("&label=").append(enc(rows[i + 1]))
          .append("&maxScore=").append(enc(rows[i + 2]));
    }
    return client.send(client.request("/campaigns/" + YEAR + "/inspection-sheet")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private static String enc(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private List<Map<String, Object>> itemsOf(String number) {
    return jdbc.sql("""
            select i.position, i.label, i.max_score, i.score, i.remark from inspection_item i
              join inspection n on n.id = i.inspection_id where n.number = ? order by i.position""")
        .param(number).query().listOfRows();
  }

  @Test
  void theOfficeConfiguresTheSheetAllOrNothingAndOthersMayOnlyReadIt() {
    WebClient office = login("office-jc");
    assertThat(office.get("/campaigns/" + YEAR + "/inspection-sheet").body()).contains("默认评分表", "工作纪律", "满意度问卷");
    HttpResponse<String> refused = saveSheet(office, "LOOK", "工作纪律", "30", "NOPE", "", "abc", "", "", "");
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("评分表未保存", "请选择类别", "请填写检查项目", "满分须为数字");
    assertThat(jdbc.sql("select count(*) from inspection_sheet_item where campaign_year = ?").param(YEAR).query(Integer.class).single())
        .isZero();

    WebClient inspector = login("inspector-jc");
    assertThat(inspector.get("/campaigns/" + YEAR + "/inspection-sheet").statusCode()).isEqualTo(200);
    assertThat(saveSheet(inspector, "LOOK", "工作纪律", "30").statusCode()).isEqualTo(403);
    assertThat(login("lead-jc-hall").get("/campaigns/" + YEAR + "/inspection-sheet").statusCode()).isEqualTo(403);
    assertThat(office.get("/campaigns/2099/inspection-sheet").statusCode()).isEqualTo(404);
  }

  @Test
  void anInspectionRunsThroughTheEngineIntoTheTablesAndThePages() {
    WebClient office = login("office-jc");
    assertThat(saveSheet(office, "LOOK", "窗口纪律", "40", "LISTEN", "政策讲解", "20", "VISIT", "群众满意度, 问卷", "40", "", "", "")
        .statusCode()).isEqualTo(302);

    // As CompetitionCampaign's call activity starts it.
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(InspectionIds.PROCESS,
        Map.of(Vars.UNIT_CODE, "jc-hall", Vars.CAMPAIGN_YEAR, YEAR, Vars.INSPECTION_TYPE, "CENTRALIZED"));
    String number = instance.getBusinessKey();
    assertThat(number).matches("JC-\\d{4}-\\d{6}");
    assertThat(itemsOf(number)).extracting(r -> r.get("LABEL")).containsExactly("窗口纪律", "政策讲解", "群众满意度, 问卷");
    // A later change of the sheet leaves the started inspection's own sheet alone.
    assertThat(saveSheet(office, "LOOK", "别的项目", "100").statusCode()).isEqualTo(302);
    assertThat(itemsOf(number)).hasSize(3);

    Task task = taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(task.getTaskDefinitionKey()).isEqualTo(InspectionIds.Tasks.CONDUCT);
    assertThat(task.getAssignee()).isNull();
    WebClient tasklist = new WebClient(port).loginToTasklist("inspector-jc", PASSWORD);
    tasklist.getJson(API + "/task");
    assertThat(tasklist.getJson(API + "/task/" + task.getId() + "/form-variables?deserializeValues=false").body()).contains("\"type\":\"Json\"", "政策讲解");
    assertThat(tasklist.postJson(API + "/task/" + task.getId() + "/claim", "{\"userId\":\"inspector-jc\"}").statusCode()).isEqualTo(204);

    HttpResponse<String> refused = tasklist.postJson(API + "/task/" + task.getId() + "/submit-form",
        submission("[{\\\"position\\\":1,\\\"score\\\":41},{\\\"position\\\":2,\\\"score\\\":null},{\\\"position\\\":3,\\\"score\\\":30}]", "[]"));
    assertThat(refused.statusCode()).isGreaterThanOrEqualTo(400);
    assertThat(refused.body()).contains("第 1 项“窗口纪律”（看）的得分 41 超过满分 40", "第 2 项“政策讲解”（听）未打分");
    assertThat(jdbc.sql("select status from inspection where number = ?").param(number).query(String.class).single()).isEqualTo("OPEN");

    HttpResponse<String> done = tasklist.postJson(API + "/task/" + task.getId() + "/submit-form", submission(
        "[{\\\"position\\\":1,\\\"score\\\":38,\\\"remark\\\":\\\"一人脱岗\\\"},{\\\"position\\\":2,\\\"score\\\":20},"
            + "{\\\"position\\\":3,\\\"score\\\":33.5}]",
        "[{\\\"description\\\":\\\"叫号屏故障未报修\\\",\\\"severity\\\":\\\"MEDIUM\\\",\\\"needsRectification\\\":true,"
            + "\\\"seriousImageHarm\\\":false},{\\\"description\\\":\\\"工作人员与群众争吵被媒体曝光\\\",\\\"severity\\\":\\\"HIGH\\\","
            + "\\\"needsRectification\\\":true,\\\"seriousImageHarm\\\":true}]"));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(204);

    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
    Map<String, Object> row = jdbc.sql("select * from inspection where number = ?").param(number).query().singleRow();
    assertThat(row).containsEntry("STATUS", "DONE").containsEntry("INSPECTOR", "inspector-jc").containsEntry("SUMMARY", "整体规范")
        .containsEntry("INSPECTION_TYPE", "CENTRALIZED").containsEntry("CAMPAIGN_YEAR", YEAR);
    assertThat((BigDecimal) row.get("TOTAL_SCORE")).isEqualByComparingTo("91.5");
    assertThat((BigDecimal) row.get("MAX_SCORE")).isEqualByComparingTo("100");
    assertThat((BigDecimal) row.get("SCORE_PCT")).isEqualByComparingTo("91.50");
    assertThat(row.get("CONDUCTED_AT")).isNotNull();
    assertThat(itemsOf(number).get(0)).containsEntry("REMARK", "一人脱岗");

    List<String> rectifications = jdbc.sql("""
            select f.rectification_number from inspection_finding f join inspection n on n.id = f.inspection_id
             where n.number = ? order by f.position""").param(number).query(String.class).list();
    assertThat(rectifications).hasSize(2).allSatisfy(zg -> assertThat(zg).matches("ZG-\\d{4}-\\d{6}"));
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(RectificationIds.PROCESS)
        .processInstanceBusinessKey(rectifications.get(0)).singleResult()).isNotNull();
    assertThat(jdbc.sql("select source_type || ':' || source_id from rectification where number = ?").param(rectifications.get(1))
        .query(String.class).single()).isEqualTo("INSPECTION:" + number + "/2");
    assertThat(jdbc.sql("select clause from veto_record where source_type = 'INSPECTION' and source_id = ? and unit_code = 'jc-hall'")
        .param(number + "/2").query(Integer.class).list()).containsExactly(6);

    HttpResponse<String> page = login("inspector-jc").get("/inspections/" + number);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("检查测试大厅", "窗口纪律", "一人脱岗", "91.50", rectifications.get(0), "第6项", "inspector-jc");
    assertThat(login("office-jc").get("/inspections?year=" + YEAR + "&type=CENTRALIZED&status=DONE").body()).contains(number);
    WebClient lead = login("lead-jc-hall");
    assertThat(lead.get("/inspections/" + number).statusCode()).isEqualTo(200);
    assertThat(lead.get("/inspections").body()).contains(number);
    WebClient otherLead = login("lead-jc-other");
    assertThat(otherLead.get("/inspections/" + number).statusCode()).isEqualTo(403);
    assertThat(otherLead.get("/inspections").body()).doesNotContain(number);
    assertThat(login("nobody-jc").get("/inspections").statusCode()).isEqualTo(403);
    assertThat(login("inspector-jc").get("/inspections/JC-2053-999999").statusCode()).isEqualTo(404);
    assertThat(login("inspector-jc").get("/inspections/" + number + "/2").headers().firstValue("Location").orElseThrow())
        .endsWith("/inspections/" + number + "#finding-2");
  }

  @Test
  void anInspectorStartsAnUnannouncedInspectionFromTasklistAndAnInactiveUnitIsRefused() {
    String definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(InspectionIds.PROCESS)
        .latestVersion().singleResult().getId();
    WebClient tasklist = new WebClient(port).loginToTasklist("inspector-jc", PASSWORD);
    tasklist.getJson(API + "/task");
    assertThat(tasklist.getJson(API + "/process-definition?startableInTasklist=true&startablePermissionCheck=true&latestVersion=true")
        .body()).contains("\"key\":\"Inspection\"");

    // Tasklist's start form has the unit and a note; the inspection counts for this year's campaign.
    org.servicestar.support.Campaigns.ensure(campaigns, LocalDate.now(org.servicestar.calendar.Workdays.ZONE).getYear());
    HttpResponse<String> refused = tasklist.postJson(API + "/process-definition/" + definition + "/submit-form",
        "{\"variables\":{\"unitCode\":{\"value\":\"jc-closed\"}}}");
    assertThat(refused.statusCode()).isGreaterThanOrEqualTo(400);
    assertThat(refused.body()).contains("已停用");

    HttpResponse<String> started = tasklist.postJson(API + "/process-definition/" + definition + "/submit-form",
        "{\"variables\":{\"unitCode\":{\"value\":\"jc-other\"},\"inspectionNote\":{\"value\":\"群众反映午休无人\"}}}");
    HttpResponse<String> withYear = tasklist.postJson(API + "/process-definition/" + definition + "/submit-form",
        "{\"variables\":{\"unitCode\":{\"value\":\"jc-other\"},\"campaignYear\":{\"value\":" + YEAR + "}}}");
    assertThat(withYear.statusCode()).as("a variable the start form does not ask for").isEqualTo(400);
    assertThat(withYear.body()).contains("campaignYear");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    Map<String, Object> row = jdbc.sql("select * from inspection where unit_code = 'jc-other' order by id desc fetch first 1 rows only")
        .query().singleRow();
    assertThat(row).containsEntry("INSPECTION_TYPE", "UNANNOUNCED").containsEntry("STARTED_BY", "inspector-jc")
        .containsEntry("NOTE", "群众反映午休无人").containsEntry("STATUS", "OPEN");
    assertThat(jdbc.sql("select count(*) from inspection where unit_code = 'jc-closed'").query(Integer.class).single()).isZero();
    assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey(InspectionIds.PROCESS, Map.of(Vars.UNIT_CODE, "jc-hall",
        Vars.CAMPAIGN_YEAR, 2098))).hasMessageContaining("没有 2098 年的竞赛活动");
  }

  private static String submission(String items, String findings) {
    return "{\"variables\":{\"inspectionItems\":{\"type\":\"Json\",\"value\":\"" + items + "\"},"
        + "\"inspectionFindings\":{\"type\":\"Json\",\"value\":\"" + findings + "\"},"
        + "\"inspectionSummary\":{\"type\":\"String\",\"value\":\"整体规范\"}}}";
  }
}
