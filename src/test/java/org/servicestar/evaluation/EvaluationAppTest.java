package org.servicestar.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.campaign.CampaignService;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An evaluation round on the running app: opened on /evaluations, filled in, scores in the tables, results page. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationAppTest {

  private static final String PASSWORD = "evaluation-secret-1";
  private static final int YEAR = 2047;

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;
  @Autowired
  CampaignService campaigns;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  EvaluationService evaluations;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  TaskService taskService;
  @Autowired
  JdbcClient jdbc;

  @BeforeAll
  void aUnitWithPartyMembersAndACampaign() {
    units.create(new UnitService.UnitDraft("ev-dept", "评议测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("ev-hall", "评议测试大厅", UnitType.HALL, "ev-dept"));
    units.create(new UnitService.UnitDraft("ev-lone", "评议测试单人窗口", UnitType.HALL, "ev-dept"));
    staff.create(new StaffService.StaffDraft("ev-hall", "赵一", "EV001", true, "窗口"));
    staff.create(new StaffService.StaffDraft("ev-hall", "钱二", "EV002", true, "窗口"));
    staff.create(new StaffService.StaffDraft("ev-hall", "孙三", "EV003", true, "窗口"));
    staff.create(new StaffService.StaffDraft("ev-hall", "李四", "EV004", false, "窗口"));
    staff.create(new StaffService.StaffDraft("ev-lone", "周五", "EV005", true, "窗口"));
    units.create(new UnitService.UnitDraft("ev-once", "评议一年一次窗口", UnitType.HALL, "ev-dept"));
    units.create(new UnitService.UnitDraft("ev-rest", "评议接口开启窗口", UnitType.HALL, "ev-dept"));
    for (String unit : List.of("ev-once", "ev-rest")) {
      staff.create(new StaffService.StaffDraft(unit, "甲" + unit, unit.toUpperCase() + "-1", true, "窗口"));
      staff.create(new StaffService.StaffDraft(unit, "乙" + unit, unit.toUpperCase() + "-2", true, "窗口"));
    }
    if (campaigns.ofYear(YEAR).isEmpty()) {
      campaigns.create(new CampaignService.CampaignDraft(YEAR, YEAR + " 年度竞赛",
          LocalDate.of(YEAR, 1, 6), LocalDate.of(YEAR, 3, 31), LocalDate.of(YEAR, 4, 1), LocalDate.of(YEAR, 10, 31),
          LocalDate.of(YEAR, 11, 3), LocalDate.of(YEAR, 12, 31), 5,
          BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20), Map.of("WINDOW", 5), List.of()));
    }
    unitGroups.createLead("ev-hall", "lead-ev-hall", "大厅负责人", PASSWORD);
    unitGroups.createLead("ev-lone", "lead-ev-lone", "窗口负责人", PASSWORD);
    identity.ensureUser("office-ev", "办公室", "评议", PASSWORD);
    identity.ensureMembership("office-ev", Groups.OFFICE);
  }

  @Test
  void theOfficeOpensARoundThePartyMembersAndTheLeaderFillItInAndTheResultsAreKept() {
    WebClient office = new WebClient(port);
    office.login("office-ev", PASSWORD);
    HttpResponse<String> opened = office.postForm("/evaluations",
        Map.of("unitCode", "ev-hall", "campaignYear", String.valueOf(YEAR), "_csrf", office.csrfOf("/evaluations")));
    assertThat(opened.statusCode()).isEqualTo(302);
    String location = opened.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches(".*/evaluations/PY-\\d{4}-\\d{6}");
    String number = location.substring(location.lastIndexOf('/') + 1);

    String instanceId = evaluations.byNumber(number).orElseThrow().processInstanceId();
    List<Task> selfAndPeer = taskService.createTaskQuery().processInstanceId(instanceId)
        .taskDefinitionKey(StaffEvaluationIds.Tasks.SELF_AND_PEER).taskCandidateGroup("unit-ev-hall").list();
    // Party members only: 李四 is not one.
    assertThat(selfAndPeer).extracting(Task::getName)
        .containsExactlyInAnyOrder("党员自评和互评：赵一", "党员自评和互评：钱二", "党员自评和互评：孙三");
    Map<String, Integer> given = Map.of("EV001", 9, "EV002", 7, "EV003", 8);
    for (Task task : selfAndPeer) {
      String badge = (String) taskService.getVariable(task.getId(), StaffEvaluationIds.Vars.STAFF_BADGE);
      String peers = given.keySet().stream().filter(b -> !b.equals(badge)).map(b -> b + " " + given.get(b))
          .collect(Collectors.joining("\n"));
      taskService.complete(task.getId(), Map.of("selfAssessment", badge + " 自评", "peerScores", peers));
    }
    for (Task task : taskService.createTaskQuery().processInstanceId(instanceId)
        .taskDefinitionKey(StaffEvaluationIds.Tasks.LEADER_REVIEW_STAFF).list()) {
      taskService.complete(task.getId(), Map.of("leaderReview", "认真负责", "leaderScore", 9L));
    }
    Task unitTask = taskService.createTaskQuery().processInstanceId(instanceId)
        .taskDefinitionKey(StaffEvaluationIds.Tasks.LEADER_REVIEW_UNIT).singleResult();
    taskService.complete(unitTask.getId(), Map.of("unitReview", "大厅服务规范", "unitScore", 8L));

    EvaluationRound round = evaluations.byNumber(number).orElseThrow();
    assertThat(round.status()).isEqualTo("CLOSED");
    assertThat(round.unitScore()).isEqualTo(8);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count()).isZero();
    assertThat(jdbc.sql("select count(*) from evaluation_peer_score where round_id = ?").param(round.id()).query(Long.class).single())
        .isEqualTo(6);
    assertThat(evaluations.results(round)).extracting(EvaluationService.StaffResult::badgeNo, EvaluationService.StaffResult::peerAverage,
            EvaluationService.StaffResult::peerCount, EvaluationService.StaffResult::leaderScore)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("EV001", new java.math.BigDecimal("9.00"), 2, 9),
            org.assertj.core.groups.Tuple.tuple("EV002", new java.math.BigDecimal("7.00"), 2, 9),
            org.assertj.core.groups.Tuple.tuple("EV003", new java.math.BigDecimal("8.00"), 2, 9));

    WebClient lead = new WebClient(port);
    lead.login("lead-ev-hall", PASSWORD);
    HttpResponse<String> page = lead.get("/evaluations/" + number);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("赵一", "EV001 自评", "认真负责", "大厅服务规范");
    assertThat(lead.get("/evaluations").body()).contains(number);

    WebClient otherLead = new WebClient(port);
    otherLead.login("lead-ev-lone", PASSWORD);
    assertThat(otherLead.get("/evaluations/" + number).statusCode()).isEqualTo(403);
    assertThat(otherLead.get("/evaluations").body()).doesNotContain(number);
  }

  @Test
  void onlyTheOfficeOpensRoundsAndARoundNeedsACampaignAndTwoPartyMembers() {
    WebClient lead = new WebClient(port);
    lead.login("lead-ev-hall", PASSWORD);
    HttpResponse<String> refused = lead.postForm("/evaluations",
        Map.of("unitCode", "ev-hall", "campaignYear", String.valueOf(YEAR), "_csrf", lead.csrfOf("/logout")));
    assertThat(refused.statusCode()).isEqualTo(403);

    assertThatThrownBy(() -> evaluations.open("ev-hall", 1999, "office-ev"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("1999 年没有创建竞赛活动");
    assertThatThrownBy(() -> evaluations.open("ev-lone", YEAR, "office-ev"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("少于 2 人");
    assertThatThrownBy(() -> evaluations.open("no-such-unit", YEAR, "office-ev"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("不存在或已停用");
  }

  private long roundsOf(String unit) {
    return jdbc.sql("select count(*) from evaluation_round where unit_code = ? and campaign_year = ?").params(unit, YEAR)
        .query(Long.class).single();
  }

  @Test
  void aUnitHasOneRoundAYearAtEveryDoor() {
    EvaluationRound first = evaluations.open("ev-once", YEAR, "office-ev");

    WebClient office = new WebClient(port);
    office.login("office-ev", PASSWORD);
    HttpResponse<String> again = office.postForm("/evaluations",
        Map.of("unitCode", "ev-once", "campaignYear", String.valueOf(YEAR), "_csrf", office.csrfOf("/evaluations")));
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/evaluations");
    assertThat(office.get("/evaluations").body()).contains("每个单位每年只评议一次", first.number());
    assertThat(roundsOf("ev-once")).isEqualTo(1);

    // /engine-rest (and Tasklist's start, the same resource): the start listener registers the round with the same checks
    WebClient rest = new WebClient(port).basic("office-ev", PASSWORD);
    String start = "{\"variables\":{\"unitCode\":{\"value\":\"%s\",\"type\":\"String\"},"
        + "\"campaignYear\":{\"value\":" + YEAR + ",\"type\":\"Integer\"}}}";
    HttpResponse<String> refused = rest.postJson("/engine-rest/process-definition/key/StaffEvaluation/start", start.formatted("ev-once"));
    assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(400);
    assertThat(refused.body()).contains("每个单位每年只评议一次");
    assertThat(roundsOf("ev-once")).isEqualTo(1);

    HttpResponse<String> started = rest.postJson("/engine-rest/process-definition/key/StaffEvaluation/start", start.formatted("ev-rest"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    EvaluationRound viaRest = evaluations.recent("ev-rest", 5).get(0);
    assertThat(started.body()).contains("\"businessKey\":\"" + viaRest.number() + "\"");
    assertThat(viaRest.processInstanceId()).isNotNull();
    assertThat(taskService.createTaskQuery().processInstanceId(viaRest.processInstanceId())
        .taskDefinitionKey(StaffEvaluationIds.Tasks.SELF_AND_PEER).count()).isEqualTo(2);
    assertThat(rest.postJson("/engine-rest/process-definition/key/StaffEvaluation/start", start.formatted("ev-rest")).body())
        .contains("每个单位每年只评议一次");
    assertThat(roundsOf("ev-rest")).isEqualTo(1);

    // the database's key is the last guard
    assertThatThrownBy(() -> jdbc.sql("""
            insert into evaluation_round (number, unit_code, campaign_year, status, opened_at)
            values ('PY-TEST-DUP', 'ev-once', ?, 'OPEN', current_timestamp)""").param(YEAR).update())
        .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
  }
}
