package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.complaint.ComplaintService;
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
 * Two people act on the same task at the same instant, through {@code /engine-rest} as Tasklist and
 * Modeler users do: one wins, the other gets 409 with a Chinese message, and nothing happens twice.
 * A barrier releases both requests together; each race runs several rounds.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskRacesTest {

  private static final String PASSWORD = "race-secret-1";
  private static final int ROUNDS = 5;
  private static final String SUBSTANTIATED = "{\"variables\":{\"substantiated\":{\"value\":true},\"category\":{\"value\":\"ATTITUDE\"},"
      + "\"severity\":{\"value\":\"HIGH\"},\"findings\":{\"value\":\"调取录像，属实\"}}}";
  private static final String UNJUSTIFIED = "{\"variables\":{\"overdueJustified\":{\"value\":false},"
      + "\"overdueRulingReason\":{\"value\":\"无正当理由\"}}}";

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
  TaskService taskService;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  ManagementService managementService;
  @Autowired
  JdbcClient jdbc;

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private long ratingIds = 973_000L;

  @BeforeAll
  void aWindowWithTwoLeadsAndTwoOfEveryRole() {
    units.create(new UnitService.UnitDraft("race-dept", "竞态测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("race-hall", "竞态测试大厅", UnitType.HALL, "race-dept"));
    unitGroups.createLead("race-hall", "race-lead1", "大厅负责人一", PASSWORD);
    unitGroups.createLead("race-hall", "race-lead2", "大厅负责人二", PASSWORD);
    for (String[] user : new String[][] {{"race-office", Groups.OFFICE}, {"race-inspector1", Groups.INSPECTORS},
        {"race-inspector2", Groups.INSPECTORS}, {"race-leader1", Groups.LEADING_GROUP}, {"race-leader2", Groups.LEADING_GROUP}}) {
      identity.ensureUser(user[0], "竞态", user[0], PASSWORD);
      identity.ensureMembership(user[0], user[1]);
    }
  }

  @AfterAll
  void stopPool() {
    pool.shutdownNow();
  }

  private WebClient as(String user) {
    return new WebClient(port).basic(user, PASSWORD);
  }

  /** Both requests leave together; the answers in the order of the users. */
  private List<HttpResponse<String>> race(List<String> users, BiFunction<String, WebClient, HttpResponse<String>> request) throws Exception {
    CyclicBarrier start = new CyclicBarrier(users.size());
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (String user : users) {
      WebClient client = as(user);
      answers.add(pool.submit(() -> {
        start.await();
        return request.apply(user, client);
      }));
    }
    List<HttpResponse<String>> result = new ArrayList<>();
    for (Future<HttpResponse<String>> answer : answers) {
      result.add(answer.get());
    }
    return result;
  }

  /** One winner (2xx) and one loser with 409 and the Chinese reason in Camunda's error shape. */
  private static void oneWinsTheOtherIsToldWhy(List<HttpResponse<String>> answers) {
    List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).sorted().toList();
    assertThat(statuses).as(answers.stream().map(HttpResponse::body).toList().toString()).containsExactly(204, 409);
    HttpResponse<String> lost = answers.stream().filter(a -> a.statusCode() == 409).findFirst().orElseThrow();
    assertThat(lost.body()).contains("\"type\":\"TaskConflictException\"").contains("该任务").doesNotContain("ENGINE-");
  }

  private String newSubstantiableComplaint() {
    String number = complaints.submitBadReview("race-hall", "工作人员态度生硬", null, null, ratingIds++);
    String triage = taskService.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey("Task_TriageComplaint")
        .singleResult().getId();
    HttpResponse<String> done = as("race-office").postJson("/engine-rest/task/" + triage + "/complete",
        "{\"variables\":{\"triageOutcome\":{\"value\":\"ACCEPT\"}}}");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
    return number;
  }

  private String taskOf(String businessKey, String taskKey) {
    return taskService.createTaskQuery().processInstanceBusinessKey(businessKey).taskDefinitionKey(taskKey).singleResult().getId();
  }

  private long count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  @Test
  void twoInspectorsFindingTheSameComplaintSubstantiatedAtOnceOpenOneRectificationAndOneVeto() throws Exception {
    int conflicts = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      String number = newSubstantiableComplaint();
      String task = taskOf(number, "Task_VerifyComplaint");
      List<HttpResponse<String>> answers = race(List.of("race-inspector1", "race-inspector2"),
          (user, c) -> c.postJson("/engine-rest/task/" + task + "/complete", SUBSTANTIATED));
      oneWinsTheOtherIsToldWhy(answers);
      conflicts++;
      long rectifications = count("select count(*) from rectification where source_type = 'COMPLAINT' and source_id = ?", number);
      long vetoes = count("select count(*) from veto_record where source_type = 'COMPLAINT' and source_id = ?", number);
      long verdicts = count("select count(*) from complaint_event e join complaint c on c.id = e.complaint_id"
          + " where c.number = ? and e.kind = 'SUBSTANTIATED'", number);
      System.out.printf("[races] verify %s round %d: answers %s, rectifications %d, vetoes %d, verdicts %d%n", number, round,
          answers.stream().map(HttpResponse::statusCode).toList(), rectifications, vetoes, verdicts);
      assertThat(rectifications).isEqualTo(1);
      assertThat(vetoes).isEqualTo(1);
      assertThat(verdicts).isEqualTo(1);
    }
    System.out.printf("[races] verify: %d rounds, %d requests, %d conflicts answered 409, 0 double effects%n",
        ROUNDS, 2 * ROUNDS, conflicts);
  }

  @Test
  void twoLeadsClaimingTheSameRectificationAtOnceOneGetsIt() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      String number = newSubstantiableComplaint();
      assertThat(as("race-inspector1").postJson("/engine-rest/task/" + taskOf(number, "Task_VerifyComplaint") + "/complete",
          SUBSTANTIATED).statusCode()).isEqualTo(204);
      String rectification = jdbc.sql("select number from rectification where source_id = ?").param(number).query(String.class).single();
      String task = taskOf(rectification, "Task_Rectify");
      List<HttpResponse<String>> answers = race(List.of("race-lead1", "race-lead2"),
          (user, c) -> c.postJson("/engine-rest/task/" + task + "/claim", "{\"userId\":\"" + user + "\"}"));
      oneWinsTheOtherIsToldWhy(answers);
      String assignee = taskService.createTaskQuery().taskId(task).singleResult().getAssignee();
      String winner = answers.get(0).statusCode() == 204 ? "race-lead1" : "race-lead2";
      System.out.printf("[races] claim %s round %d: answers %s, assignee %s%n", rectification, round,
          answers.stream().map(HttpResponse::statusCode).toList(), assignee);
      assertThat(assignee).isEqualTo(winner);
      // At the same instant the loser's update finds the row changed; a moment later it finds it claimed.
      assertThat(answers.get(winner.equals("race-lead1") ? 1 : 0).body())
          .containsAnyOf("已由 " + winner + " 认领", TaskConflicts.CONCURRENT);
      String loser = winner.equals("race-lead1") ? "race-lead2" : "race-lead1";
      HttpResponse<String> late = as(loser).postJson("/engine-rest/task/" + task + "/claim", "{\"userId\":\"" + loser + "\"}");
      assertThat(late.statusCode()).isEqualTo(409);
      assertThat(late.body()).contains("该任务已由 " + winner + " 认领");
      if (round == 1) {
        // Tasklist calls the webapp's own engine API and shows the error's message as it is.
        WebClient tasklist = new WebClient(port).loginToTasklist(loser, PASSWORD);
        HttpResponse<String> inTasklist = tasklist.postJson("/camunda/api/engine/engine/default/task/" + task + "/claim",
            "{\"userId\":\"" + loser + "\"}");
        assertThat(inTasklist.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(inTasklist.body()).contains("该任务已由 " + winner + " 认领");
      }
    }
  }

  @Test
  void twoLeadersRulingTheSameOverdueRectificationUnjustifiedAtOnceRecordOneVeto() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      String number = newSubstantiableComplaint();
      assertThat(as("race-inspector2").postJson("/engine-rest/task/" + taskOf(number, "Task_VerifyComplaint") + "/complete",
          SUBSTANTIATED).statusCode()).isEqualTo(204);
      String rectification = jdbc.sql("select number from rectification where source_id = ?").param(number).query(String.class).single();
      String instance = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(rectification).singleResult().getId();
      Job dueDate = managementService.createJobQuery().processInstanceId(instance).activityId("Event_DueDateReached").singleResult();
      managementService.executeJob(dueDate.getId());
      String task = taskOf(rectification, "Task_RuleOnOverdue");
      List<HttpResponse<String>> answers = race(List.of("race-leader1", "race-leader2"),
          (user, c) -> c.postJson("/engine-rest/task/" + task + "/complete", UNJUSTIFIED));
      oneWinsTheOtherIsToldWhy(answers);
      long vetoes = count("select count(*) from veto_record where clause = 4 and source_type = 'RECTIFICATION' and source_id = ?",
          rectification);
      long rulings = count("select count(*) from act_hi_actinst where proc_inst_id_ = ? and act_id_ = 'Task_RecordOverdueVeto'",
          instance);
      System.out.printf("[races] ruling %s round %d: answers %s, clause-4 vetoes %d, veto steps run %d%n", rectification, round,
          answers.stream().map(HttpResponse::statusCode).toList(), vetoes, rulings);
      assertThat(vetoes).isEqualTo(1);
      assertThat(rulings).isEqualTo(1);
    }
  }
}
