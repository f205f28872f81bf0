package org.servicestar.evaluation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.servicestar.evaluation.StaffEvaluationIds.Tasks;
import static org.servicestar.evaluation.StaffEvaluationIds.Vars;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.calendar.Workdays;

/** Every path of bpmn/staff-evaluation.bpmn with the real task listener (its service mocked). */
@Deployment(resources = {"bpmn/staff-evaluation.bpmn", "forms/evaluation-start.form", "forms/evaluation-self-peer.form",
    "forms/evaluation-leader-staff.form", "forms/evaluation-leader-unit.form"})
class StaffEvaluationProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String NUMBER = "PY-2026-000001";
  private final EvaluationService evaluations = mock(EvaluationService.class);

  @BeforeEach
  void beans() {
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init(engine.getProcessEngine());
    Mocks.register("workdays", Workdays.withShippedCalendars());
    Mocks.register("evaluationTaskListener", new EvaluationTaskListener(evaluations));
    Mocks.register("closeEvaluationRoundDelegate", new CloseEvaluationRoundDelegate(evaluations));
    Mocks.register("evaluationStartListener", new EvaluationStartListener(evaluations));
    Map<String, String> names = Map.of("A001", "张三", "A002", "李四", "A003", "王五");
    when(evaluations.staffName(eq(NUMBER), anyString())).thenAnswer(i -> names.get(i.<String>getArgument(1)));
    when(evaluations.colleagues(eq(NUMBER), anyString())).thenAnswer(i -> {
      Map<String, String> others = new LinkedHashMap<>();
      names.keySet().stream().sorted().filter(b -> !b.equals(i.getArgument(1))).forEach(b -> others.put(b, names.get(b)));
      return others;
    });
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  private ProcessInstance opened() {
    return runtimeService().startProcessInstanceByKey(StaffEvaluationIds.PROCESS, NUMBER, Map.of(
        Vars.NUMBER, NUMBER, Vars.UNIT_CODE, "tax-w01", Vars.UNIT_NAME, "综合办税一号窗口", Vars.CAMPAIGN_YEAR, 2026,
        Vars.STAFF_BADGES, List.of("A001", "A002", "A003")));
  }

  private List<Task> tasks(ProcessInstance instance, String key) {
    return taskService().createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).orderByTaskName().asc().list();
  }

  private Task taskFor(ProcessInstance instance, String key, String badge) {
    return tasks(instance, key).stream().filter(t -> badge.equals(taskService().getVariable(t.getId(), Vars.STAFF_BADGE)))
        .findFirst().orElseThrow();
  }

  private static String peersOf(String badge) {
    return String.join("\n", List.of("A001", "A002", "A003").stream().filter(b -> !b.equals(badge)).map(b -> b + " 8").toList());
  }

  @Test
  void everyMemberAssessesThemselvesAndScoresTheirColleaguesThenTheLeaderReviewsEachAndTheUnit() {
    ProcessInstance instance = opened();

    List<Task> selfAndPeer = tasks(instance, Tasks.SELF_AND_PEER);
    Assertions.assertThat(selfAndPeer).hasSize(3);
    for (Task task : selfAndPeer) {
      assertThat(task).hasCandidateGroup("unit-tax-w01");
      Assertions.assertThat(task.getDueDate()).isNotNull();
    }
    Assertions.assertThat(selfAndPeer).extracting(Task::getName)
        .containsExactlyInAnyOrder("党员自评和互评：张三", "党员自评和互评：李四", "党员自评和互评：王五");
    Task zhang = taskFor(instance, Tasks.SELF_AND_PEER, "A001");
    Assertions.assertThat(taskService().getVariableLocal(zhang.getId(), Vars.COLLEAGUES)).isEqualTo("A002 李四；A003 王五");

    for (String badge : List.of("A001", "A002", "A003")) {
      taskService().complete(taskFor(instance, Tasks.SELF_AND_PEER, badge).getId(),
          Map.of(Vars.SELF_ASSESSMENT, badge + " 的自评", Vars.PEER_SCORES, peersOf(badge)));
    }
    verify(evaluations).recordSelfAndPeer(eq(NUMBER), eq("A001"), eq("A001 的自评"), eq(Map.of("A002", 8, "A003", 8)), any());
    verify(evaluations).recordSelfAndPeer(eq(NUMBER), eq("A003"), any(), eq(Map.of("A001", 8, "A002", 8)), any());

    List<Task> leaderStaff = tasks(instance, Tasks.LEADER_REVIEW_STAFF);
    Assertions.assertThat(leaderStaff).hasSize(3);
    leaderStaff.forEach(t -> assertThat(t).hasCandidateGroup("unit-tax-w01"));
    for (String badge : List.of("A001", "A002", "A003")) {
      taskService().complete(taskFor(instance, Tasks.LEADER_REVIEW_STAFF, badge).getId(),
          Map.of(Vars.LEADER_REVIEW, "工作认真", Vars.LEADER_SCORE, 9L));
    }
    verify(evaluations).recordLeaderReview(eq(NUMBER), eq("A002"), eq("工作认真"), eq(9), any());

    assertThat(instance).isWaitingAt(Tasks.LEADER_REVIEW_UNIT);
    verify(evaluations, never()).close(any());
    Task unit = tasks(instance, Tasks.LEADER_REVIEW_UNIT).get(0);
    assertThat(unit).hasCandidateGroup("unit-tax-w01");
    taskService().complete(unit.getId(), Map.of(Vars.UNIT_REVIEW, "窗口整体服务良好", Vars.UNIT_SCORE, 8L));

    verify(evaluations).recordUnitReview(eq(NUMBER), eq("窗口整体服务良好"), eq(8), any());
    verify(evaluations).close(NUMBER);
    assertThat(instance).isEnded().hasPassedInOrder(Tasks.SELF_AND_PEER, Tasks.LEADER_REVIEW_STAFF, Tasks.LEADER_REVIEW_UNIT,
        Tasks.CLOSE_ROUND, StaffEvaluationIds.Events.COMPLETED);
  }

  @Test
  void aStartThroughTheEngineGetsItsRoundFromTheServiceOrIsRefused() {
    when(evaluations.registerStartedOutside(any(), eq("tax-w01"), eq(2026), any())).thenReturn(Map.of(
        Vars.NUMBER, "PY-2026-000002", Vars.UNIT_CODE, "tax-w01", Vars.UNIT_NAME, "综合办税一号窗口", Vars.CAMPAIGN_YEAR, 2026,
        Vars.STAFF_BADGES, List.of("A001", "A002")));
    ProcessInstance started = runtimeService().startProcessInstanceByKey(StaffEvaluationIds.PROCESS,
        Map.of(Vars.UNIT_CODE, "tax-w01", Vars.CAMPAIGN_YEAR, 2026));
    assertThat(started).isWaitingAt(Tasks.SELF_AND_PEER);
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().processInstanceId(started.getId()).singleResult().getBusinessKey())
        .isEqualTo("PY-2026-000002");
    Assertions.assertThat(tasks(started, Tasks.SELF_AND_PEER)).hasSize(2);
    verify(evaluations).linkProcess("PY-2026-000002", started.getId());

    when(evaluations.registerStartedOutside(any(), eq("tax-w02"), eq(2026), any()))
        .thenThrow(org.servicestar.web.InvalidInputException.of("campaignYear", "单位 二号窗口 的 2026 年度三评已开启（PY-2026-000001），每个单位每年只评议一次"));
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(StaffEvaluationIds.PROCESS,
        Map.of(Vars.UNIT_CODE, "tax-w02", Vars.CAMPAIGN_YEAR, 2026)))
        .isInstanceOf(EvaluationInputRefused.class).hasMessageContaining("每个单位每年只评议一次");
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().count()).isEqualTo(1);
  }

  @Test
  void peerScoresMustCoverEveryColleagueOnceOnTheScaleAndNeverOneself() {
    ProcessInstance instance = opened();
    String id = taskFor(instance, Tasks.SELF_AND_PEER, "A001").getId();

    assertRefused(id, Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, "A001 9\nA002 8\nA003 8"), "不能给自己评分");
    assertRefused(id, Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, "A002 8"), "还没有评分的同事：A003");
    assertRefused(id, Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, "A002 11\nA003 8"), "应在 1–10 之间");
    assertRefused(id, Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, "A002 0\nA003 8"), "应在 1–10 之间");
    assertRefused(id, Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, "A002 8\nA002 9\nA003 8"), "不止一次");
    assertRefused(id, Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, "B999 8\nA002 8\nA003 8"), "不是本轮参评的同事");
    assertRefused(id, Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, "A002 优秀\nA003 8"), "整数");
    assertRefused(id, Map.of(Vars.SELF_ASSESSMENT, " ", Vars.PEER_SCORES, "A002 8\nA003 8"), "请填写自评");
    verify(evaluations, never()).recordSelfAndPeer(any(), any(), any(), any(), any());
    Assertions.assertThat(tasks(instance, Tasks.SELF_AND_PEER)).hasSize(3);

    taskService().complete(id, Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, "A002=10；A003：1"));
    verify(evaluations).recordSelfAndPeer(eq(NUMBER), eq("A001"), eq("自评"), eq(Map.of("A002", 10, "A003", 1)), any());
    Assertions.assertThat(tasks(instance, Tasks.SELF_AND_PEER)).hasSize(2);
  }

  @Test
  void leaderScoresMustBeOnTheScale() {
    ProcessInstance instance = opened();
    for (String badge : List.of("A001", "A002", "A003")) {
      taskService().complete(taskFor(instance, Tasks.SELF_AND_PEER, badge).getId(),
          Map.of(Vars.SELF_ASSESSMENT, "自评", Vars.PEER_SCORES, peersOf(badge)));
    }
    String id = taskFor(instance, Tasks.LEADER_REVIEW_STAFF, "A001").getId();
    assertRefused(id, Map.of(Vars.LEADER_REVIEW, "好", Vars.LEADER_SCORE, 11L), "应在 1–10 之间");
    assertRefused(id, Map.of(Vars.LEADER_REVIEW, "好", Vars.LEADER_SCORE, 7.5), "整数");
    assertRefused(id, Map.of(Vars.LEADER_SCORE, 7L), "请填写领导点评");
    verify(evaluations, never()).recordLeaderReview(any(), any(), any(), anyInt(), any());
    taskService().complete(id, Map.of(Vars.LEADER_REVIEW, "好", Vars.LEADER_SCORE, "7"));
    verify(evaluations).recordLeaderReview(eq(NUMBER), eq("A001"), eq("好"), eq(7), any());
  }

  private static void assertRefused(String taskId, Map<String, Object> vars, String message) {
    assertThatThrownBy(() -> taskService().complete(taskId, vars)).hasRootCauseInstanceOf(EvaluationInputRefused.class).hasMessageContaining(message);
  }
}
