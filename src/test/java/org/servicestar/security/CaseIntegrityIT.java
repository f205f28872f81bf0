package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.campaign.CampaignService;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.engine.FormSchema;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.Roles.Role;
import org.servicestar.support.Campaigns;
import org.servicestar.support.PostgresAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.veto.VetoRecord;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoRulingIds;
import org.servicestar.veto.VetoSourceType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * People change only what their own task asks (issue 16), on PostgreSQL, through both doors of the
 * engine: every user task of every deployed process × every kind of write × every role → refused
 * (400/403/404, nothing changed in the process) or allowed (and done). A user task or form field
 * without a row here fails the test. Printed as a table like AuthorizationMatrixTest's.
 */
@PostgresAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseIntegrityIT {

  private static final int YEAR = 2093;
  private int vetoesRecorded;
  private static final String ENGINE_REST = "/engine-rest";
  private static final String TASKLIST_API = "/camunda/api/engine/engine/default";

  /** A user task: who works it, and a variable its process owns that no person may overwrite. */
  record Row(String process, String task, Role worker, String owned) {
    /** The diagram names its one person (camunda:assignee): the award ballot and the veto ruling. */
    boolean personal() {
      return worker == Role.LEADER && (task.equals("Task_ApproveAwards") || task.equals("Task_RuleOnVeto"));
    }
  }

  static final List<Row> ROWS = List.of(
      new Row("AwardApproval", "Task_PrepareNominations", Role.OFFICE, "campaignYear"),
      new Row("AwardApproval", "Task_ApproveAwards", Role.LEADER, "campaignYear"),
      new Row("AwardApproval", "Task_FinalizeAwards", Role.OFFICE, "campaignYear"),
      new Row("AwardApproval", "Task_VerifyObjection", Role.INSPECTOR, "campaignYear"),
      new Row("CompetitionCampaign", "Task_SubmitPlan", Role.LEAD_A, "unitCode"),
      new Row("CompetitionCampaign", "Task_ReviewPlan", Role.OFFICE, "unitCode"),
      new Row("CompetitionCampaign", "Task_PublishCommitments", Role.LEAD_A, "unitCode"),
      new Row("CompetitionCampaign", "Task_ReviewResults", Role.OFFICE, "campaignYear"),
      new Row("ComplaintHandling", "Task_TriageComplaint", Role.OFFICE, "unitCode"),
      new Row("ComplaintHandling", "Task_VerifyComplaint", Role.INSPECTOR, "unitCode"),
      new Row("ComplaintHandling", "Task_ReplyComplainant", Role.OFFICE, "unitCode"),
      new Row("ComplaintHandling", "Task_ReturnVisitAnswered", Role.OFFICE, "unitCode"),
      new Row("ComplaintHandling", "Task_ReturnVisit", Role.OFFICE, "unitCode"),
      new Row("ComplaintHandling", "Task_ReviewDissatisfaction", Role.LEADER, "unitCode"),
      new Row("ComplaintHandling", "Task_ReviewAppeal", Role.INSPECTOR, "unitCode"),
      new Row("Inspection", "Task_ConductInspection", Role.INSPECTOR, "unitCode"),
      new Row("Interview", "Task_HoldInterview", Role.OFFICE, "unitCode"),
      new Row("Interview", "Task_ConfirmCommitments", Role.LEAD_A, "unitCode"),
      new Row("PublicOpinion", "Task_RespondToOpinion", Role.OFFICE, "unitCode"),
      new Row("Rectification", "Task_Rectify", Role.LEAD_A, "returnCount"),
      new Row("Rectification", "Task_ApproveExtension", Role.OFFICE, "returnCount"),
      new Row("Rectification", "Task_RuleOnOverdue", Role.LEADER, "returnCount"),
      new Row("Rectification", "Task_AcceptRectification", Role.INSPECTOR, "returnCount"),
      new Row("StaffEvaluation", "Task_SelfAndPeerAssessment", Role.LEAD_A, "unitCode"),
      new Row("StaffEvaluation", "Task_LeaderReviewStaff", Role.LEAD_A, "unitCode"),
      new Row("StaffEvaluation", "Task_LeaderReviewUnit", Role.LEAD_A, "unitCode"),
      new Row("VetoRuling", "Task_RuleOnVeto", Role.LEADER, "vetoId"),
      new Row("VetoRuling", "Task_ReviewUndecided", Role.OFFICE, "vetoId"));

  /**
   * Every input of every task form, as deployed: key and type (T text, N number, B yes/no, C choice,
   * R list; r = read-only). A field added to a form needs its entry here, and is then tried with a
   * value of the wrong type (or, read-only, with a changed value).
   */
  static final Map<String, String> FIELDS = Map.ofEntries(
      Map.entry("award-approve", "ballot:R"),
      Map.entry("award-finalize", "publishConfirmed:B"),
      Map.entry("award-prepare-nominations", "nominees:R additions:R"),
      Map.entry("award-verify-objection", "objectionUpheld:C objectionFindings:T objectionReply:T vetoClause:C"),
      Map.entry("campaign-publish-commitments",
          "goalImage:T goalEfficiency:T goalConduct:T goalExcellence:T showDuties:T showIdentity:T showStandards:T"),
      Map.entry("campaign-review-plan", "selfInspection:rT goodPractice:rT problems:rT planText:rT planApproved:C reviewComment:T"),
      Map.entry("campaign-review-results", "resultsConfirmed:C resultsComment:T"),
      Map.entry("campaign-submit-plan", "selfInspection:T goodPractice:T problems:T planText:T"),
      Map.entry("complaint-leading-review", "unitName:rT content:rT rectificationNumber:rT leadingGroupDecision:T"),
      Map.entry("complaint-reply", "unitName:rT content:rT findings:rT reply:T"),
      Map.entry("complaint-return-visit-answered", "unitName:rT content:rT reply:rT satisfaction:C returnVisitNote:T"),
      Map.entry("complaint-return-visit",
          "unitName:rT content:rT rectificationNumber:rT satisfaction:C causeInUnitsHands:B returnVisitNote:T"),
      Map.entry("complaint-review-appeal", "content:rT appellantBadge:rT appealReason:rT appealUpheld:C appealFindings:T"),
      Map.entry("complaint-triage",
          "unitName:rT content:rT namedStaff:rT channelLabel:rT triageOutcome:C rejectReason:T mergeInto:T newUnitCode:T"),
      Map.entry("complaint-verify",
          "unitName:rT content:rT namedStaff:rT substantiated:C category:C severity:C safetyAccident:B seriousImageHarm:B findings:T"),
      Map.entry("evaluation-leader-staff", "leaderReview:T leaderScore:N"),
      Map.entry("evaluation-leader-unit", "unitReview:T unitScore:N"),
      Map.entry("evaluation-self-peer", "selfAssessment:T peerScores:T"),
      Map.entry("inspection-conduct", "inspectionItems:R inspectionSummary:T inspectionFindings:R"),
      Map.entry("interview-confirm", "commitmentsConfirmed:B confirmationNote:T"),
      Map.entry("interview-hold", "interviewDate:T participants:T causes:T commitments:T"),
      Map.entry("rectification-accept", "rectificationAccepted:B acceptanceComment:T reworkDueDate:T"),
      Map.entry("rectification-approve-extension", "extensionGranted:B grantedDueDate:T extensionComment:T"),
      Map.entry("rectification-rectify", "extensionRequested:B rectificationCause:T rectificationMeasures:T "
          + "rectificationCompletedOn:T evidenceNote:T extensionReason:T requestedDueDate:T"),
      Map.entry("rectification-rule-overdue", "overdueJustified:B overdueRulingReason:T justifiedDueDate:T"),
      Map.entry("sentiment-respond", "problem:rT response:T"),
      Map.entry("veto-rule", "vetoRuling:C vetoRulingReason:T"),
      Map.entry("veto-undecided", "undecidedNote:T"));

  /** The writes a person might try on a task. */
  enum Write {
    COMPLETE_FOREIGN("完成+外来变量"), COMPLETE_OWNED("完成+改流程变量"), SUBMIT_FORM("提交表单+改流程变量"), SET_VARIABLE("设变量"),
    SET_LOCAL("设本地变量"), UPDATE_TASK("改任务"), ADD_CANDIDATE("加候选组"), DELEGATE("委托"), SET_ASSIGNEE("指派");

    final String label;

    Write(String label) {
      this.label = label;
    }
  }

  /** The roles that try, in the table's column order; the row's worker is one of them. */
  private static final List<Role> TRYING = List.of(Role.LEAD_A, Role.LEAD_B, Role.INSPECTOR, Role.OFFICE, Role.LEADER, Role.ADMIN);

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  ComplaintService complaints;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService taskService;
  @Autowired
  FormService formService;
  @Autowired
  RepositoryService repository;
  @Autowired
  RectificationLedger ledger;
  @Autowired
  CampaignService campaigns;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  VetoRecords vetoes;

  private Roles roles;
  private final Map<Role, WebClient> browsers = new EnumMap<>(Role.class);
  private final Map<Role, WebClient> basics = new EnumMap<>(Role.class);

  @BeforeAll
  void people() {
    roles = Roles.ensure(port, units, unitGroups, identity, complaints, runtime, ledger);
    for (Role role : TRYING) {
      browsers.put(role, roles.client(role));
      browsers.get(role).get("/camunda/app/tasklist/default/");
      basics.put(role, new WebClient(port).basic(role.user, role.password()));
    }
    // What the diagrams' due-date expressions read: the year's campaign and its award vote.
    Campaigns.ensure(campaigns, YEAR);
    if (jdbc.sql("select count(*) from award_round where campaign_year = ?").param(YEAR).query(Long.class).single() == 0) {
      jdbc.sql("insert into award_round (campaign_year, status, approval_rule, voting_opened_at, updated_at) "
          + "values (?, 'VOTING', 'MAJORITY_OF_MEMBERS', current_timestamp, current_timestamp)").param(YEAR).update();
    }
  }

  @Test
  void everyWriteOnEveryTaskIsRefusedOrAllowedAsItsRoleSays() {
    Set<String> deployed = deployedUserTasks();
    Set<String> listed = ROWS.stream().map(r -> r.process() + "/" + r.task()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(deployed)).as("user tasks of the deployed processes, each needs a row").isEqualTo(listed);

    List<String> mismatches = new ArrayList<>();
    StringBuilder header = new StringBuilder(String.format("%-42s", "task (door) × write: A B I O L D (✓ done, · refused)"));
    for (Write write : Write.values()) {
      header.append(" | ").append(write.label);
    }
    StringBuilder table = new StringBuilder(header).append('\n');
    int requests = 0;
    int refused = 0;
    int allowed = 0;
    for (Row row : ROWS) {
      for (String door : List.of(ENGINE_REST, TASKLIST_API)) {
        Task task = open(row);
        StringBuilder line = new StringBuilder(String.format("%-42s", row.task() + (door.equals(ENGINE_REST) ? " (rest)" : " (tasklist)")));
        for (Write write : Write.values()) {
          StringBuilder cells = new StringBuilder();
          for (Role role : TRYING) {
            boolean expected = allowed(write, row, role);
            Task target = expected ? open(row) : task;
            Snapshot before = expected ? null : snapshot(target);
            HttpResponse<String> answer = attempt(door, role, write, row, target);
            requests++;
            int status = answer.statusCode();
            boolean done = status >= 200 && status < 300;
            cells.append(done ? "✓" : "·").append(' ');
            String where = row.task() + " " + write + " as " + role + " via " + door + ": ";
            if (done != expected) {
              mismatches.add(where + "expected " + (expected ? "allowed" : "refused") + ", got " + status + " " + answer.body());
            } else if (expected) {
              allowed++;
              String missing = effectMissing(write, row, target);
              if (missing != null) {
                mismatches.add(where + "answered " + status + " but " + missing);
              }
              runtime.deleteProcessInstance(target.getProcessInstanceId(), "case integrity matrix", true, true, true);
            } else {
              refused++;
              String problem = refusalProblem(write, row, role, answer);
              if (problem != null) {
                mismatches.add(where + problem);
              }
              Snapshot after = snapshot(target);
              if (!after.equals(before)) {
                mismatches.add(where + "refused (" + status + ") but changed " + before.difference(after));
              }
            }
          }
          line.append(" | ").append(cells.toString().strip());
        }
        runtime.deleteProcessInstance(task.getProcessInstanceId(), "case integrity matrix", true, true, true);
        table.append(line).append('\n');
      }
    }
    System.out.print(table);
    System.out.printf("Case integrity matrix: %d user tasks × %d writes × %d roles × 2 doors, %d requests: %d refused with nothing "
        + "changed, %d allowed and done, %d mismatches%n", ROWS.size(), Write.values().length, TRYING.size(), requests, refused,
        allowed, mismatches.size());
    mismatches.forEach(m -> System.out.println("  MISMATCH " + m));
    assertThat(requests).isEqualTo(ROWS.size() * Write.values().length * TRYING.size() * 2);
    assertThat(refused + allowed).isEqualTo(requests);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void everyFormFieldTakesOnlyItsTypeAndReadOnlyFieldsKeepTheirValue() {
    List<String> mismatches = new ArrayList<>();
    Map<String, String> seen = new TreeMap<>();
    int tried = 0;
    for (Row row : ROWS) {
      Task task = open(row);
      FormSchema form = deployedForm(task);
      String fields = form.fields().values().stream()
          .map(f -> f.key() + ":" + (f.readonly() ? "r" : "") + letter(f.kind())).collect(Collectors.joining(" "));
      seen.put(form.id(), fields);
      assertThat(fields).as("fields of form " + form.id() + " (FIELDS needs an entry for each)").isEqualTo(FIELDS.get(form.id()));
      for (FormSchema.Field field : form.fields().values()) {
        Snapshot before = snapshot(task);
        String body = "{\"variables\": {\"" + field.key() + "\": " + wrongValue(field) + "}}";
        HttpResponse<String> answer = basics.get(row.worker()).postJson(ENGINE_REST + "/task/" + task.getId() + "/submit-form", body);
        tried++;
        if (answer.statusCode() != 400 || !answer.body().contains(field.key())) {
          mismatches.add(form.id() + "." + field.key() + " with " + wrongValue(field) + ": " + answer.statusCode() + " " + answer.body());
        }
        if (!snapshot(task).equals(before)) {
          mismatches.add(form.id() + "." + field.key() + ": refused but changed something");
        }
      }
      runtime.deleteProcessInstance(task.getProcessInstanceId(), "case integrity fields", true, true, true);
    }
    System.out.printf("Form fields: %d fields of %d forms tried with a wrong value, %d mismatches%n", tried, seen.size(), mismatches.size());
    mismatches.forEach(m -> System.out.println("  MISMATCH " + m));
    assertThat(seen.keySet()).isEqualTo(new TreeSet<>(FIELDS.keySet()));
    assertThat(tried).isEqualTo(FIELDS.values().stream().mapToInt(f -> f.split(" ").length).sum());
    assertThat(mismatches).isEmpty();
  }

  /**
   * Issue 16's scenario: the lead of a unit, over /engine-rest with HTTP basic, tries to rewrite
   * their own rectification. Every step is refused and neither the process nor the ledger changes;
   * the rectification then runs on as its diagram says.
   */
  @Test
  void aUnitLeadCannotRewriteTheirOwnRectificationThroughTheRestApi() {
    String number = freshRectification();
    String instance = ledger.byNumber(number).orElseThrow().processInstanceId();
    Task rectify = taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_Rectify").singleResult();
    WebClient lead = basics.get(Role.LEAD_A);
    String task = ENGINE_REST + "/task/" + rectify.getId();
    Snapshot before = snapshot(rectify);
    String ledgerBefore = ledgerOf(number);

    HttpResponse<String> complete = lead.postJson(task + "/complete", "{\"variables\": {"
        + "\"unitCode\": {\"value\": \"" + Roles.UNIT_B + "\"}, \"returnCount\": {\"value\": -5, \"type\": \"Integer\"}, "
        + "\"dueDate\": {\"value\": \"2030-01-01T00:00:00.000+0800\", \"type\": \"Date\"}, \"severity\": {\"value\": \"LOW\"}, "
        + "\"problem\": {\"value\": \"无问题\"}, \"extensionRequested\": {\"value\": false}, "
        + "\"rectificationCause\": {\"value\": \"原因\"}, \"rectificationMeasures\": {\"value\": \"措施\"}, "
        + "\"rectificationCompletedOn\": {\"value\": \"2026-12-01\"}}}");
    assertThat(complete.statusCode()).as(complete.body()).isEqualTo(400);
    assertThat(complete.body()).contains("unitCode", "returnCount", "dueDate", "severity", "problem", "不是本任务表单中的字段");

    List<HttpResponse<String>> edits = List.of(
        lead.sendJson("PUT", task + "/variables/unitCode", "{\"value\": \"" + Roles.UNIT_B + "\", \"type\": \"String\"}"),
        lead.postJson(task + "/variables", "{\"modifications\": {\"returnCount\": {\"value\": -5, \"type\": \"Integer\"}}}"),
        lead.sendJson("PUT", task, "{\"name\": \"" + rectify.getName() + "\", \"due\": \"2031-01-01T00:00:00.000+0800\"}"),
        lead.postJson(task + "/identity-links", "{\"groupId\": \"unit-" + Roles.UNIT_B + "\", \"type\": \"candidate\"}"),
        lead.postJson(task + "/delegate", "{\"userId\": \"" + Role.LEAD_B.user + "\"}"),
        lead.postJson(task + "/assignee", "{\"userId\": \"" + Role.LEAD_B.user + "\"}"),
        lead.postJson(ENGINE_REST + "/process-instance/" + instance + "/variables",
            "{\"modifications\": {\"unitCode\": {\"value\": \"" + Roles.UNIT_B + "\"}}}"));
    for (HttpResponse<String> edit : edits) {
      assertThat(edit.statusCode()).as(edit.request().method() + " " + edit.request().uri() + ": " + edit.body()).isEqualTo(403);
      assertThat(edit.body()).as("a Chinese reason").containsPattern("[\\u4e00-\\u9fff]");
    }
    assertThat(snapshot(rectify)).isEqualTo(before);
    assertThat(ledgerOf(number)).isEqualTo(ledgerBefore);

    // Its own answer goes through; returned by the inspector, the work comes back to the same unit.
    HttpResponse<String> done = lead.postJson(task + "/complete", "{\"variables\": {\"extensionRequested\": {\"value\": false}, "
        + "\"rectificationCause\": {\"value\": \"未一次性告知\"}, \"rectificationMeasures\": {\"value\": \"制作一次性告知单\"}, "
        + "\"rectificationCompletedOn\": {\"value\": \"2026-12-01\"}}}");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
    Task accept = taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_AcceptRectification").singleResult();
    HttpResponse<String> returned = basics.get(Role.INSPECTOR).postJson(ENGINE_REST + "/task/" + accept.getId() + "/complete",
        "{\"variables\": {\"rectificationAccepted\": {\"value\": false}, \"acceptanceComment\": {\"value\": \"告知单未张贴\"}, "
            + "\"reworkDueDate\": {\"value\": \"" + java.time.LocalDate.now().plusDays(20) + "\"}}}");
    assertThat(returned.statusCode()).as(returned.body()).isEqualTo(204);
    Task again = taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_Rectify").singleResult();
    assertThat(taskService.getIdentityLinksForTask(again.getId())).extracting(l -> l.getGroupId())
        .contains("unit-" + Roles.UNIT_A).doesNotContain("unit-" + Roles.UNIT_B);
    assertThat(((Number) runtime.getVariable(instance, RectificationIds.Vars.RETURN_COUNT)).intValue()).isEqualTo(1);
  }

  /**
   * A third door to Task_Rectify: the phone page {@code /rectifications/{number}/rectify} completes it
   * as the lead through the engine, so the same checks hold there. The lead's foreign or
   * process-owned variables are refused (400 naming them), everybody else is refused (403), and
   * nothing changes; the lead's own answer goes through.
   */
  @Test
  void thePhonePageIsAThirdDoorToTaskRectifyWithTheSameChecks() {
    String number = freshRectification();
    String instance = ledger.byNumber(number).orElseThrow().processInstanceId();
    Task rectify = taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_Rectify").singleResult();
    String page = "/rectifications/" + number + "/rectify";
    Map<String, String> answer = new HashMap<>(Map.of("rectificationCause", "未一次性告知", "rectificationMeasures", "制作一次性告知单",
        "rectificationCompletedOn", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString()));
    Snapshot before = snapshot(rectify);
    String ledgerBefore = ledgerOf(number);
    WebClient lead = browsers.get(Role.LEAD_A);
    for (String foreign : List.of("sxForeign", "returnCount", "unitCode")) {
      Map<String, String> form = new HashMap<>(answer);
      form.put(foreign, "-5");
      form.put("_csrf", lead.csrfOf(page));
      HttpResponse<String> refused = lead.postForm(page, form);
      assertThat(refused.statusCode()).as(foreign).isEqualTo(400);
      assertThat(refused.body()).contains(foreign + "：不是本任务表单中的字段");
    }
    for (Role role : List.of(Role.LEAD_B, Role.INSPECTOR, Role.OFFICE, Role.LEADER, Role.ADMIN)) {
      Map<String, String> form = new HashMap<>(answer);
      form.put("_csrf", browsers.get(role).csrfOf("/login"));
      assertThat(browsers.get(role).postForm(page, form).statusCode()).as(role.name()).isEqualTo(403);
    }
    assertThat(snapshot(rectify)).isEqualTo(before);
    assertThat(ledgerOf(number)).isEqualTo(ledgerBefore);

    answer.put("_csrf", lead.csrfOf(page));
    HttpResponse<String> done = lead.postForm(page, answer);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    assertThat(taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_AcceptRectification").count())
        .isEqualTo(1);
  }

  // --- the writes ---

  private HttpResponse<String> attempt(String door, Role role, Write write, Row row, Task task) {
    WebClient client = door.equals(ENGINE_REST) ? basics.get(role) : browsers.get(role);
    String path = door + "/task/" + task.getId();
    String other = "\"" + Roles.UNIT_B + "\"";
    String owned = row.owned().equals("unitCode") ? other : "-5";
    return switch (write) {
      case COMPLETE_FOREIGN -> client.postJson(path + "/complete", "{\"variables\": {\"sxForeign\": {\"value\": \"x\"}}}");
      case COMPLETE_OWNED -> client.postJson(path + "/complete", "{\"variables\": {\"" + row.owned() + "\": {\"value\": " + owned + "}}}");
      case SUBMIT_FORM -> client.postJson(path + "/submit-form", "{\"variables\": {\"" + row.owned() + "\": {\"value\": " + owned + "}}}");
      case SET_VARIABLE -> client.sendJson("PUT", path + "/variables/" + row.owned(), "{\"value\": " + owned + "}");
      case SET_LOCAL -> client.sendJson("PUT", path + "/localVariables/sxLocal", "{\"value\": \"x\", \"type\": \"String\"}");
      case UPDATE_TASK -> client.sendJson("PUT", path, "{\"name\": \"" + task.getName() + "\", \"assignee\": "
          + json(task.getAssignee()) + ", \"priority\": " + task.getPriority() + ", \"due\": \"2031-01-01T00:00:00.000+0800\"}");
      case ADD_CANDIDATE -> client.postJson(path + "/identity-links", "{\"groupId\": \"unit-" + Roles.UNIT_B + "\", \"type\": \"candidate\"}");
      case DELEGATE -> client.postJson(path + "/delegate", "{\"userId\": \"" + Role.LEAD_B.user + "\"}");
      case SET_ASSIGNEE -> client.postJson(path + "/assignee", "{\"userId\": \"" + Role.LEAD_B.user + "\"}");
    };
  }

  /** DESIGN.md "Who may change what". */
  static boolean allowed(Write write, Row row, Role role) {
    boolean editor = role == Role.OFFICE || role == Role.ADMIN;
    return switch (write) {
      case COMPLETE_FOREIGN, COMPLETE_OWNED, SUBMIT_FORM -> false;
      case SET_VARIABLE, SET_LOCAL -> role == Role.ADMIN;
      case UPDATE_TASK -> editor;
      case ADD_CANDIDATE, DELEGATE, SET_ASSIGNEE -> editor && !row.personal();
    };
  }

  /** What is wrong with a refusal: its worker's answers get 400 naming the variable; others 403 in Chinese (404 for a task they can't see). */
  private static String refusalProblem(Write write, Row row, Role role, HttpResponse<String> answer) {
    int status = answer.statusCode();
    boolean answering = write == Write.COMPLETE_FOREIGN || write == Write.COMPLETE_OWNED || write == Write.SUBMIT_FORM;
    if (answering && role == row.worker()) {
      String named = write == Write.COMPLETE_FOREIGN ? "sxForeign" : row.owned();
      return status == 400 && answer.body().contains(named) ? null : "expected 400 naming " + named + ", got " + status + " " + answer.body();
    }
    if (status == 404 && write == Write.UPDATE_TASK) {
      return null; // Camunda reads the task first and answers "not found" to those who may not see it
    }
    if (status != 403 || !answer.body().matches("(?s).*[\\u4e00-\\u9fff].*")) {
      return "expected 403 with a Chinese reason, got " + status + " " + answer.body();
    }
    return null;
  }

  private String effectMissing(Write write, Row row, Task before) {
    Task now = taskService.createTaskQuery().taskId(before.getId()).singleResult();
    Predicate<String> link = group -> taskService.getIdentityLinksForTask(before.getId()).stream().anyMatch(l -> group.equals(l.getGroupId()));
    return switch (write) {
      case SET_VARIABLE -> String.valueOf(taskService.getVariable(before.getId(), row.owned()))
          .equals(row.owned().equals("unitCode") ? Roles.UNIT_B : "-5") ? null : row.owned() + " is unchanged";
      case SET_LOCAL -> taskService.getVariableLocal(before.getId(), "sxLocal") == null ? "no local variable" : null;
      case UPDATE_TASK -> now.getDueDate() == null || now.getDueDate().toInstant().atZone(java.time.ZoneOffset.ofHours(8)).getYear() != 2031
          ? "the due date is " + now.getDueDate() : null;
      case ADD_CANDIDATE -> link.test("unit-" + Roles.UNIT_B) ? null : "no candidate group unit-" + Roles.UNIT_B;
      case DELEGATE, SET_ASSIGNEE -> Role.LEAD_B.user.equals(now.getAssignee()) ? null : "the assignee is " + now.getAssignee();
      default -> "a refused write was done";
    };
  }

  // --- the tasks ---

  /**
   * A new instance of the row's process, waiting at the row's task (its create listeners skipped: no
   * records needed). The variables before the instruction, so they are the instance's and its timers see them.
   */
  private Task open(Row row) {
    if (row.task().equals("Task_RuleOnVeto")) {
      return ballotOfANewVeto();
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("unitCode", Roles.UNIT_A);
    vars.put("campaignYear", YEAR);
    vars.put("voter", Role.LEADER.user);
    vars.put("verifyDays", 3);
    vars.put("returnCount", 1);
    vars.put("dueDate", Date.from(Instant.now().plus(20, ChronoUnit.DAYS)));
    vars.put("inspectionDueDate", Date.from(Instant.now().plus(20, ChronoUnit.DAYS)));
    vars.put("unitName", "矩阵甲窗口");
    vars.put("content", "态度差");
    vars.put("problem", "未一次性告知");
    vars.put("vetoId", 1L);
    String instance = runtime.createProcessInstanceByKey(row.process()).setVariables(vars).startBeforeActivity(row.task())
        .execute(true, true).getId();
    return taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey(row.task()).singleResult();
  }

  /**
   * A member's ballot as the ruling gives it: a veto recorded through the veto feature starts its
   * VetoRuling, whose members' tasks read the ruling's round (so a bare start at the task won't do).
   */
  private Task ballotOfANewVeto() {
    VetoRecord veto = vetoes.record(Roles.UNIT_A, 3, VetoSourceType.OFFICE, "matrix-" + ++vetoesRecorded, "矩阵测试的否决事实", "office");
    return taskService.createTaskQuery().processInstanceBusinessKey(VetoRulingIds.businessKey(veto.id()))
        .taskDefinitionKey("Task_RuleOnVeto").taskAssignee(Role.LEADER.user).singleResult();
  }

  private Set<String> deployedUserTasks() {
    Set<String> tasks = new TreeSet<>();
    // The app's processes (the files of bpmn/), as deployed; other tests deploy diagrams of their own.
    Set<String> keys = new TreeSet<>();
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("bpmn"))) {
      files.filter(f -> f.toString().endsWith(".bpmn")).forEach(f -> org.camunda.bpm.model.bpmn.Bpmn.readModelFromFile(f.toFile())
          .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).forEach(p -> keys.add(p.getId())));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
      if (!keys.contains(definition.getKey())) {
        continue;
      }
      BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        tasks.add(definition.getKey() + "/" + task.getId());
      }
    }
    return tasks;
  }

  private FormSchema deployedForm(Task task) {
    try (InputStream form = formService.getDeployedTaskForm(task.getId())) {
      return FormSchema.parse(new String(form.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String letter(FormSchema.Kind kind) {
    return switch (kind) {
      case TEXT -> "T";
      case NUMBER -> "N";
      case BOOLEAN -> "B";
      case CHOICE -> "C";
      case CHOICES -> "L";
      case ROWS -> "R";
      case OTHER -> "?";
    };
  }

  private static String wrongValue(FormSchema.Field field) {
    if (field.readonly()) {
      return "{\"value\": \"改过的内容\"}";
    }
    return switch (field.kind()) {
      case TEXT, OTHER -> "{\"value\": 7, \"type\": \"Integer\"}";
      case NUMBER -> "{\"value\": \"七\"}";
      case BOOLEAN -> "{\"value\": \"yes\"}";
      case CHOICE -> field.options().isEmpty() ? "{\"value\": 7, \"type\": \"Integer\"}" : "{\"value\": \"NOT-AN-OPTION\"}";
      case CHOICES, ROWS -> "{\"value\": \"不是列表\"}";
    };
  }

  private String freshRectification() {
    String complaint = complaints.submitBadReview(Roles.UNIT_A, "窗口无人", null, null, 0);
    String instance = runtime.startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(
        RectificationIds.Vars.UNIT_CODE, Roles.UNIT_A, RectificationIds.Vars.SOURCE_TYPE, "COMPLAINT",
        RectificationIds.Vars.SOURCE_ID, complaint, RectificationIds.Vars.PROBLEM, "未一次性告知",
        RectificationIds.Vars.SEVERITY, "MEDIUM")).getId();
    return ledger.byProcessInstance(instance).orElseThrow().number();
  }

  private String ledgerOf(String number) {
    return jdbc.sql("select * from rectification where number = ?").param(number).query().listOfRows().toString();
  }

  /** A task and its process as a person could change them: the task's fields and links, every variable. */
  record Snapshot(Map<String, String> state) {
    String difference(Snapshot after) {
      Map<String, String> changed = new TreeMap<>();
      state.forEach((k, v) -> {
        if (!v.equals(after.state.get(k))) {
          changed.put(k, v + " → " + after.state.get(k));
        }
      });
      after.state.keySet().stream().filter(k -> !state.containsKey(k)).forEach(k -> changed.put(k, "(new) " + after.state.get(k)));
      return changed.toString();
    }
  }

  private Snapshot snapshot(Task task) {
    Map<String, String> state = new TreeMap<>();
    Task now = taskService.createTaskQuery().taskId(task.getId()).singleResult();
    state.put("task", now == null ? "gone" : List.of(String.valueOf(now.getAssignee()), String.valueOf(now.getOwner()),
        String.valueOf(now.getDueDate()), String.valueOf(now.getFollowUpDate()), String.valueOf(now.getDelegationState()),
        now.getName(), String.valueOf(now.getPriority())).toString());
    state.put("links", taskService.getIdentityLinksForTask(task.getId()).stream()
        .map(l -> l.getType() + ":" + l.getUserId() + ":" + l.getGroupId()).sorted().toList().toString());
    for (VariableInstance v : runtime.createVariableInstanceQuery().processInstanceIdIn(task.getProcessInstanceId())
        .disableBinaryFetching().disableCustomObjectDeserialization().list()) {
      state.put("var " + v.getName() + "@" + (v.getTaskId() != null ? "task" : v.getExecutionId()), v.getTypeName() + "=" + v.getValue());
    }
    return new Snapshot(state);
  }

  private static String json(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }
}
