package org.servicestar.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.servicestar.engine.FormRows;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A small year (five units) on PostgreSQL with the real users, run from PostgresIT's context: the
 * office starts it as Tasklist does, every lead submits a plan (one is returned once) and publishes
 * commitments through the REST API under their own login, the office moves the phases on, two
 * inspectors conduct the centralised inspections, the scores are computed, the office confirms
 * them, three leading-group members vote, a citizen objects under a real name (an anonymous one is
 * refused), an inspector answers it, and the office publishes the results. Jobs (the inspections'
 * starts, the scoring, the publicity's end) are run by hand: the test profile has no job executor.
 */
public final class CompetitionYearOnPostgres {

  private static final int YEAR = 2046;
  private static final String PW = "year-secret-1";
  private static final List<String> UNITS = List.of("yr-hall", "yr-sec", "yr-win1", "yr-win2", "yr-win3");
  private static final ObjectMapper JSON = new ObjectMapper();

  private CompetitionYearOnPostgres() {
  }

  public static void aSmallYearFromStartToPublishedAwards(ApplicationContext context, int port) throws Exception {
    UnitService units = context.getBean(UnitService.class);
    UnitGroups unitGroups = context.getBean(UnitGroups.class);
    IdentityAdministration identity = context.getBean(IdentityAdministration.class);
    StaffService staff = context.getBean(StaffService.class);
    TaskService tasks = context.getBean(TaskService.class);
    RuntimeService runtime = context.getBean(RuntimeService.class);
    ManagementService management = context.getBean(ManagementService.class);
    JdbcClient jdbc = context.getBean(JdbcClient.class);

    units.create(new UnitService.UnitDraft("yr-dept", "年度测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("yr-hall", "年度测试大厅", UnitType.HALL, "yr-dept"));
    units.create(new UnitService.UnitDraft("yr-sec", "年度测试科", UnitType.SECTION, "yr-hall"));
    for (int i = 1; i <= 3; i++) {
      units.create(new UnitService.UnitDraft("yr-win" + i, "年度测试窗口" + i, UnitType.WINDOW, "yr-hall"));
      staff.create(new StaffService.StaffDraft("yr-win" + i, "年度员工" + i, "YR00" + i, i != 2, null));
    }
    for (String code : UNITS) {
      unitGroups.createLead(code, "lead-" + code, "负责人", PW);
    }
    person(identity, "office-yr", Groups.OFFICE);
    person(identity, "inspector-yr1", Groups.INSPECTORS);
    person(identity, "inspector-yr2", Groups.INSPECTORS);
    for (int i = 1; i <= 3; i++) {
      person(identity, "leader-yr" + i, Groups.LEADING_GROUP);
    }
    WebClient office = new WebClient(port).basic("office-yr", PW);

    // The office starts the year as Tasklist's start form does.
    String start = "{\"businessKey\":null,\"variables\":{" + String.join(",",
        v("campaignYear", YEAR), v("campaignName", YEAR + " 年度测试活动"),
        v("mobilisationStart", YEAR + "-01-04"), v("mobilisationEnd", YEAR + "-02-28"), v("competitionStart", YEAR + "-03-01"),
        v("competitionEnd", YEAR + "-11-30"), v("assessmentStart", YEAR + "-12-01"), v("assessmentEnd", YEAR + "-12-31"),
        v("weightInspection", 40), v("weightDaily", 40), v("weightSupervision", 20), v("publicityDays", 5),
        v("quotaHall", 1), v("quotaSection", 1), v("quotaWindow", 2), v("quotaStaff", 1), v("quotaCollective", 1), v("quotaModel", 1),
        v("participantCodes", String.join("\n", UNITS))) + "}}";
    HttpResponse<String> started = office.postJson("/engine-rest/process-definition/key/CompetitionCampaign/start", start);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(started.body()).contains("\"businessKey\":\"campaign-" + YEAR + "\"");
    HttpResponse<String> again = office.postJson("/engine-rest/process-definition/key/CompetitionCampaign/start", start);
    assertThat(again.body()).as("a second campaign for the year is refused").contains("每年只能有一个");
    assertThat(jdbc.sql("select count(*) from campaign where campaign_year = ?").param(YEAR).query(Integer.class).single()).isEqualTo(1);

    // Mobilisation: every lead submits; the office returns one plan once.
    for (String code : UNITS) {
      submitPlan(port, tasks, code);
    }
    for (Task review : unitTasks(tasks, "Task_ReviewPlan")) {
      boolean returned = "yr-win3".equals(tasks.getVariable(review.getId(), "unitCode"));
      complete(office, "office-yr", review, returned ? "{" + v("planApproved", "false") + "," + v("reviewComment", "请补充时限") + "}"
          : "{" + v("planApproved", "true") + "}");
    }
    submitPlan(port, tasks, "yr-win3");
    complete(office, "office-yr", unitTasks(tasks, "Task_ReviewPlan").get(0), "{" + v("planApproved", "true") + "}");
    assertThat(jdbc.sql("select count(*) from campaign_plan where campaign_year = ? and status = 'APPROVED'").param(YEAR)
        .query(Integer.class).single()).isEqualTo(5);

    WebClient officeBrowser = new WebClient(port);
    officeBrowser.login("office-yr", PW);
    advance(officeBrowser);
    assertThat(phase(jdbc)).isEqualTo("COMPETITION");

    // Competition: every lead publishes their commitments.
    for (String code : UNITS) {
      WebClient lead = new WebClient(port).basic("lead-" + code, PW);
      Task task = unitTasks(tasks, "Task_PublishCommitments").stream()
          .filter(t -> code.equals(tasks.getVariable(t.getId(), "unitCode"))).findFirst().orElseThrow();
      complete(lead, "lead-" + code, task, "{" + String.join(",", v("goalImage", "窗口整洁有序"), v("goalEfficiency", "即办件当场办结"),
          v("goalConduct", "首问负责"), v("goalExcellence", "争创群众满意窗口"), v("showDuties", "公示岗位职责"),
          v("showIdentity", "佩戴工牌"), v("showStandards", "公开办事指南")) + "}");
    }
    assertThat(new WebClient(port).get("/commitments?year=" + YEAR).body()).contains("年度测试窗口2", "首问负责");

    // Assessment: one centralised inspection per unit, shared out among the inspectors.
    advance(officeBrowser);
    assertThat(phase(jdbc)).isEqualTo("ASSESSMENT");
    runJobs(management, "CallActivity_CentralizedInspections");
    List<Task> inspections = tasks.createTaskQuery().taskDefinitionKey("Task_ConductInspection").taskCandidateGroup(Groups.INSPECTORS)
        .processVariableValueEquals("campaignYear", YEAR).list();
    assertThat(inspections).hasSize(5);
    int n = 0;
    for (Task inspection : inspections) {
      String inspector = "inspector-yr" + (1 + n++ % 2);
      String unit = (String) runtime.getVariable(inspection.getProcessInstanceId(), "unitCode");
      double share = switch (unit) {
        case "yr-hall" -> 0.97;
        case "yr-win1" -> 0.93;
        case "yr-win2" -> 0.93;
        default -> 0.8;
      };
      List<Map<String, Object>> items = new ArrayList<>(FormRows.rows(tasks.getVariable(inspection.getId(), "inspectionItems"), "x"));
      items.forEach(item -> item.put("score", Math.round(((Number) item.get("maxScore")).doubleValue() * share * 2) / 2.0));
      complete(new WebClient(port).basic(inspector, PW), inspector, inspection, "{" + String.join(",",
          json("inspectionItems", items), json("inspectionFindings", List.of()), v("inspectionSummary", "整体规范")) + "}");
    }
    assertThat(jdbc.sql("select count(*) from inspection where campaign_year = ? and status = 'DONE'").param(YEAR)
        .query(Integer.class).single()).isEqualTo(5);

    // The scores are computed in the background; the office reviews and confirms them.
    runJobs(management, "Task_ComputeScores");
    assertThat(jdbc.sql("select count(*) from unit_score where campaign_year = ?").param(YEAR).query(Integer.class).single()).isEqualTo(5);
    Task review = tasks.createTaskQuery().processInstanceBusinessKey("campaign-" + YEAR).taskDefinitionKey("Task_ReviewResults").singleResult();
    assertThat(review).as("Task_ReviewResults is waiting for the office").isNotNull();
    assertThat(phase(jdbc)).isEqualTo("REVIEW");
    assertThat(officeBrowser.get("/scores/" + YEAR).body()).contains("年度测试大厅", "年度测试窗口1");
    complete(office, "office-yr", review, "{" + v("resultsConfirmed", "true") + "}");
    assertThat(phase(jdbc)).isEqualTo("AWARDS");

    // Award approval: the office keeps the list, three members vote.
    Task prepare = tasks.createTaskQuery().processInstanceBusinessKey("award-" + YEAR).taskDefinitionKey("Task_PrepareNominations").singleResult();
    complete(office, "office-yr", prepare, "{}");
    List<Task> ballots = tasks.createTaskQuery().processInstanceBusinessKey("award-" + YEAR).taskDefinitionKey("Task_ApproveAwards").list();
    assertThat(ballots).extracting(Task::getAssignee).contains("leader-yr1", "leader-yr2", "leader-yr3");
    for (Task ballot : ballots) {
      List<Map<String, Object>> rows = new ArrayList<>(FormRows.rows(tasks.getVariable(ballot.getId(), "ballot"), "x"));
      rows.forEach(r -> r.put("vote", "APPROVE"));
      WebClient leader = new WebClient(port).basic(ballot.getAssignee(), PW);
      HttpResponse<String> voted = leader.postJson("/engine-rest/task/" + ballot.getId() + "/submit-form",
          "{\"variables\":{" + json("ballot", rows) + "}}");
      assertThat(voted.statusCode()).as(voted.body()).isEqualTo(204);
    }
    assertThat(jdbc.sql("select status from award_round where campaign_year = ?").param(YEAR).query(String.class).single())
        .isEqualTo("PUBLICITY");
    long window = jdbc.sql("select id from award_nominee where campaign_year = ? and category = 'WINDOW' and status = 'APPROVED' order by id")
        .param(YEAR).query(Long.class).list().get(0);

    // Publicity: an anonymous objection is refused, a real-name one is verified and answered.
    WebClient citizen = new WebClient(port);
    HttpResponse<String> anonymous = citizen.postJson("/publicity/" + YEAR + "/objections",
        "{\"nomineeId\":\"" + window + "\",\"name\":\"匿名\",\"phone\":\"13800000009\",\"content\":\"该窗口经常有人脱岗，不应评优\"}");
    assertThat(anonymous.statusCode()).isEqualTo(400);
    assertThat(anonymous.body()).contains("实名");
    HttpResponse<String> objected = citizen.postJson("/publicity/" + YEAR + "/objections",
        "{\"nomineeId\":\"" + window + "\",\"name\":\"陈实名\",\"phone\":\"13800000009\",\"content\":\"该窗口经常有人脱岗，不应评优\"}");
    assertThat(objected.statusCode()).as(objected.body()).isEqualTo(201);
    Task verify = tasks.createTaskQuery().processInstanceBusinessKey("award-" + YEAR).taskDefinitionKey("Task_VerifyObjection").singleResult();
    complete(new WebClient(port).basic("inspector-yr1", PW), "inspector-yr1", verify, "{" + String.join(",",
        v("objectionUpheld", "false"), v("objectionFindings", "查考勤记录，无脱岗"), v("objectionReply", "经核实，异议不成立，感谢监督")) + "}");

    runJobs(management, "Event_PublicityEnds");
    Task finalize = tasks.createTaskQuery().processInstanceBusinessKey("award-" + YEAR).taskDefinitionKey("Task_FinalizeAwards").singleResult();
    complete(office, "office-yr", finalize, "{" + v("publishConfirmed", true) + "}");

    assertThat(phase(jdbc)).isEqualTo("CLOSED");
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("campaign-" + YEAR).count()).isZero();
    String results = new WebClient(port).get("/results/" + YEAR).body();
    assertThat(results).contains("年度测试大厅", "年度测试窗口1");
    assertThat(jdbc.sql("select count(*) from award_nominee where campaign_year = ? and status = 'AWARDED'").param(YEAR)
        .query(Integer.class).single()).isGreaterThanOrEqualTo(4);
  }

  private static void person(IdentityAdministration identity, String id, String group) {
    identity.ensureUser(id, "测试", id, PW);
    identity.ensureMembership(id, group);
  }

  private static void submitPlan(int port, TaskService tasks, String code) {
    Task task = unitTasks(tasks, "Task_SubmitPlan").stream().filter(t -> code.equals(tasks.getVariable(t.getId(), "unitCode")))
        .findFirst().orElseThrow();
    complete(new WebClient(port).basic("lead-" + code, PW), "lead-" + code, task, "{" + String.join(",",
        v("selfInspection", "设施齐全，流程清晰"), v("goodPractice", "延时服务"), v("problems", "高峰排队"), v("planText", "增设潮汐窗口")) + "}");
  }

  private static List<Task> unitTasks(TaskService tasks, String key) {
    return tasks.createTaskQuery().processInstanceBusinessKey("campaign-" + YEAR).taskDefinitionKey(key).list();
  }

  /** As the user: claims the task and completes it through the REST API, which checks their authorizations. */
  private static void complete(WebClient user, String userId, Task task, String variables) {
    assertThat(user.postJson("/engine-rest/task/" + task.getId() + "/claim", "{\"userId\":\"" + userId + "\"}").statusCode())
        .as(userId + " claims " + task.getTaskDefinitionKey()).isEqualTo(204);
    HttpResponse<String> done = user.postJson("/engine-rest/task/" + task.getId() + "/complete", "{\"variables\":" + variables + "}");
    assertThat(done.statusCode()).as(userId + " completes " + task.getTaskDefinitionKey() + ": " + done.body()).isIn(200, 204);
  }

  private static void advance(WebClient officeBrowser) {
    Map<String, String> form = new HashMap<>(Map.of("_csrf", officeBrowser.csrfOf("/logout"), "reason", "按计划提前转段"));
    assertThat(officeBrowser.postForm("/campaigns/" + YEAR + "/advance", form).statusCode()).isEqualTo(302);
  }

  private static String phase(JdbcClient jdbc) {
    return jdbc.sql("select status from campaign where campaign_year = ?").param(YEAR).query(String.class).single();
  }

  private static void runJobs(ManagementService management, String activityId) {
    List<Job> jobs = management.createJobQuery().activityId(activityId).list();
    assertThat(jobs).as("jobs at " + activityId).isNotEmpty();
    jobs.forEach(job -> management.executeJob(job.getId()));
  }

  private static String v(String name, Object value) {
    try {
      return "\"" + name + "\":{\"value\":" + JSON.writeValueAsString(value) + "}";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(String name, Object rows) {
    try {
      return "\"" + name + "\":{\"type\":\"Json\",\"value\":" + JSON.writeValueAsString(JSON.writeValueAsString(rows)) + "}";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
