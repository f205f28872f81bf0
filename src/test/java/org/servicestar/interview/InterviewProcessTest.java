package org.servicestar.interview;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.servicestar.interview.InterviewIds.Events;
import static org.servicestar.interview.InterviewIds.Tasks;
import static org.servicestar.interview.InterviewIds.Vars;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.calendar.Workdays;
import org.servicestar.time.AppClock;

/**
 * bpmn/interview.bpmn and bpmn/interview-check.bpmn with the real listener, delegates and timer bean
 * (the case service mocked): every path, the timers fired by hand on a moved engine clock.
 */
@Deployment(resources = {"bpmn/interview.bpmn", "bpmn/interview-check.bpmn", "forms/interview-hold.form", "forms/interview-confirm.form"})
class InterviewProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final String NUMBER = "YT-2026-000001";

  private final Interviews interviews = mock(Interviews.class);
  private final List<String> escalated = new ArrayList<>();

  @BeforeEach
  void beans() {
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init(engine.getProcessEngine());
    at(LocalDateTime.of(2026, 4, 8, 10, 0)); // a Wednesday; March closed a week ago
    AppClock clock = new AppClock(BEIJING);
    Mocks.register("workdays", Workdays.withShippedCalendars());
    Mocks.register("interviewTaskListener", new InterviewTaskListener(interviews, clock));
    Mocks.register("checkInterviewFollowUpDelegate", new CheckInterviewFollowUpDelegate(interviews));
    Mocks.register("openInterviewsDelegate", new OpenInterviewsDelegate(interviews));
    Mocks.register("taskEscalationDelegate", (JavaDelegate) execution ->
        escalated.add(execution.getVariable("remindTask") + "→" + execution.getVariable("escalateTo")));
    when(interviews.hasEvidence(NUMBER)).thenReturn(true);
    when(interviews.confirmed(eq(NUMBER), any(), any())).thenAnswer(i -> YearMonth.now(clock).plusMonths(1));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    ClockUtil.reset();
  }

  private static void at(LocalDateTime beijing) {
    ClockUtil.setCurrentTime(Date.from(beijing.atZone(BEIJING).toInstant()));
  }

  private ProcessInstance flagged() {
    return runtimeService().startProcessInstanceByKey(InterviewIds.PROCESS, NUMBER, Map.of(
        Vars.NUMBER, NUMBER, Vars.UNIT_CODE, "tax-w01", Vars.UNIT_NAME, "综合办税一号窗口", Vars.FLAG_MONTH, "2026-03",
        Vars.FLAG_TEXT, "2026年2–3月连续末位（3月第 12/12 名，满意率 40.0%）", Vars.DETAIL_LINK, "http://localhost/interviews/" + NUMBER));
  }

  private static Map<String, Object> interview(String date) {
    Map<String, Object> answers = new HashMap<>();
    answers.put(Vars.HELD_ON, date);
    answers.put(Vars.PARTICIPANTS, "办公室 张三；窗口负责人 李四");
    answers.put(Vars.CAUSES, "高峰时段只开一个窗口");
    answers.put(Vars.COMMITMENTS, "高峰时段增开窗口，一个月内落实");
    return answers;
  }

  /** Held, confirmed, and now waiting for the follow-up month (May) to close. */
  private ProcessInstance confirmedInApril() {
    ProcessInstance instance = flagged();
    complete(task(instance), interview("2026-04-07"));
    complete(task(instance), withVariables(Vars.CONFIRMED, true, Vars.CONFIRMATION_NOTE, "按承诺落实"));
    return instance;
  }

  private static Job timer(ProcessInstance instance, String activity) {
    return managementService().createJobQuery().processInstanceId(instance.getId()).activityId(activity).singleResult();
  }

  @Test
  void theOfficeHoldsTheInterviewTheLeadsConfirmAndTheNextFullMonthShowsAnImprovement() {
    ProcessInstance instance = flagged();
    assertThat(instance).isWaitingAt(Tasks.HOLD);
    assertThat(task(instance)).hasCandidateGroup("competition-office").hasDueDate(task(instance).getDueDate());

    complete(task(instance), interview("2026-04-07"));
    verify(interviews).held(eq(NUMBER), eq(LocalDate.of(2026, 4, 7)), eq("办公室 张三；窗口负责人 李四"), eq("高峰时段只开一个窗口"),
        eq("高峰时段增开窗口，一个月内落实"), any());

    assertThat(instance).isWaitingAt(Tasks.CONFIRM);
    assertThat(task(instance)).hasCandidateGroup("unit-tax-w01");
    complete(task(instance), withVariables(Vars.CONFIRMED, true, Vars.CONFIRMATION_NOTE, "按承诺落实"));
    verify(interviews).confirmed(eq(NUMBER), eq("按承诺落实"), any());

    // The follow-up month is May, the first full month after the confirmation: checked on June 2, 01:00 Beijing.
    assertThat(instance).isWaitingAt(Events.FOLLOW_UP_MONTH_CLOSED).variables().containsEntry(Vars.FOLLOW_UP_MONTH, "2026-05");
    Job check = timer(instance, Events.FOLLOW_UP_MONTH_CLOSED);
    org.assertj.core.api.Assertions.assertThat(check.getDuedate())
        .isEqualTo(Date.from(LocalDateTime.of(2026, 6, 2, 1, 0).atZone(BEIJING).toInstant()));
    verify(interviews, never()).checkFollowUp(anyString());

    when(interviews.checkFollowUp(NUMBER)).thenReturn(new Interviews.FollowUp(InterviewStatus.IMPROVED, "5月第 7/12 名，满意率 88.0%，已不在末位"));
    at(LocalDateTime.of(2026, 6, 2, 1, 0));
    execute(check);

    assertThat(instance).isEnded().hasPassedInOrder(Events.DUE, Tasks.HOLD, Tasks.CONFIRM, Events.FOLLOW_UP_MONTH_CLOSED,
        Tasks.CHECK_FOLLOW_UP, InterviewIds.Gateways.IMPROVED, Events.IMPROVED);
    assertThat(instance).variables().containsEntry(Vars.IMPROVED, true)
        .containsEntry(Vars.RESULT, "已改善：5月第 7/12 名，满意率 88.0%，已不在末位");
    org.assertj.core.api.Assertions.assertThat(escalated).isEmpty();
  }

  @Test
  void stillLastInTheFollowUpMonthEndsNotImproved() {
    ProcessInstance instance = confirmedInApril();
    when(interviews.checkFollowUp(NUMBER)).thenReturn(new Interviews.FollowUp(InterviewStatus.NOT_IMPROVED, "5月第 12/12 名，仍为末位"));
    execute(timer(instance, Events.FOLLOW_UP_MONTH_CLOSED));
    assertThat(instance).isEnded().hasPassed(Events.NOT_IMPROVED).hasNotPassed(Events.IMPROVED);
    assertThat(instance).variables().containsEntry(Vars.IMPROVED, false);
  }

  @Test
  void tooFewRatingsToRankIsNotAnImprovement() {
    ProcessInstance instance = confirmedInApril();
    when(interviews.checkFollowUp(NUMBER)).thenReturn(new Interviews.FollowUp(InterviewStatus.NOT_RANKED, "5月评价 3 条，不足 5 条，不排名"));
    execute(timer(instance, Events.FOLLOW_UP_MONTH_CLOSED));
    assertThat(instance).isEnded().hasPassed(Events.NOT_IMPROVED);
  }

  @Test
  void anInterviewNotRecordedInTenWorkingDaysIsEscalatedToTheLeadingGroupAndStaysOpen() {
    ProcessInstance instance = flagged();
    Job overdue = timer(instance, Events.HOLD_OVERDUE);
    // 10 working days from Wednesday April 8 (the Labour Day holidays are later): April 22.
    org.assertj.core.api.Assertions.assertThat(overdue.getDuedate()).isEqualTo(task(instance).getDueDate());
    execute(overdue);
    org.assertj.core.api.Assertions.assertThat(escalated).containsExactly(Tasks.HOLD + "→leading-group");
    assertThat(instance).isWaitingAt(Tasks.HOLD).hasPassed(Tasks.ESCALATE_HOLD, Events.HOLD_ESCALATED);
    complete(task(instance), interview("2026-04-08"));
    assertThat(instance).isWaitingAt(Tasks.CONFIRM);
  }

  @Test
  void commitmentsNotConfirmedInFiveWorkingDaysAreEscalatedToTheOffice() {
    ProcessInstance instance = flagged();
    complete(task(instance), interview("2026-04-07"));
    execute(timer(instance, Events.CONFIRM_OVERDUE));
    org.assertj.core.api.Assertions.assertThat(escalated).containsExactly(Tasks.CONFIRM + "→competition-office");
    assertThat(instance).isWaitingAt(Tasks.CONFIRM).hasPassed(Tasks.ESCALATE_CONFIRM, Events.CONFIRM_ESCALATED);
  }

  @Test
  void theInterviewIsRefusedWithoutAPastDateAfterTheFlaggedMonthItsTextsOrAFile() {
    ProcessInstance instance = flagged();
    String id = task(instance).getId();
    assertThatThrownBy(() -> taskService().complete(id, interview("2026-04-09"))).isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("约谈日期不能晚于今天");
    assertThatThrownBy(() -> taskService().complete(id, interview("2026-03-31"))).hasMessageContaining("约谈日期不能早于 2026-04-01");
    assertThatThrownBy(() -> taskService().complete(id, interview("四月七日"))).hasMessageContaining("年-月-日");
    Map<String, Object> noDate = interview("2026-04-07");
    noDate.remove(Vars.HELD_ON);
    assertThatThrownBy(() -> taskService().complete(id, noDate)).hasMessageContaining("请填写约谈日期");
    Map<String, Object> noCommitments = interview("2026-04-07");
    noCommitments.put(Vars.COMMITMENTS, "  ");
    assertThatThrownBy(() -> taskService().complete(id, noCommitments)).hasMessageContaining("请填写单位的整改承诺");
    Map<String, Object> tooLong = interview("2026-04-07");
    tooLong.put(Vars.CAUSES, "长".repeat(4001));
    assertThatThrownBy(() -> taskService().complete(id, tooLong)).hasMessageContaining("最长 4000 字");
    when(interviews.hasEvidence(NUMBER)).thenReturn(false);
    assertThatThrownBy(() -> taskService().complete(id, interview("2026-04-07"))).hasMessageContaining("/interviews/" + NUMBER);
    verify(interviews, never()).held(any(), any(), any(), any(), any(), any());
    assertThat(instance).isWaitingAt(Tasks.HOLD);
  }

  @Test
  void theLeadsMustTickTheConfirmation() {
    ProcessInstance instance = flagged();
    complete(task(instance), interview("2026-04-07"));
    String id = task(instance).getId();
    assertThatThrownBy(() -> taskService().complete(id, Map.of(Vars.CONFIRMED, false))).hasMessageContaining("确认以上整改承诺");
    assertThatThrownBy(() -> taskService().complete(id, Map.of())).hasMessageContaining("确认以上整改承诺");
    verify(interviews, never()).confirmed(any(), any(), any());
    assertThat(instance).isWaitingAt(Tasks.CONFIRM);
  }

  @Test
  void theMonthlyCheckRunsOnTheFirstAt0100AndOpensTheCasesOfTheMonthJustClosed() {
    // Camunda reads a cron in the JVM's default zone; the app sets that to servicestar.zone (JvmZone), tests keep the host's.
    ZoneId engineZone = ZoneId.systemDefault();
    Job monthly = managementService().createJobQuery().processDefinitionKey(InterviewCheckIds.PROCESS).timers().singleResult();
    org.assertj.core.api.Assertions.assertThat(monthly.getDuedate().toInstant().atZone(engineZone).toLocalDateTime())
        .isEqualTo(LocalDateTime.of(2026, 5, 1, 1, 0));
    ClockUtil.setCurrentTime(monthly.getDuedate());
    when(interviews.lastCompleteMonth()).thenReturn(YearMonth.of(2026, 4));
    when(interviews.openFor(YearMonth.of(2026, 4))).thenReturn(List.of("YT-2026-000002", "YT-2026-000003"));
    execute(monthly);
    verify(interviews).openFor(YearMonth.of(2026, 4));
    org.camunda.bpm.engine.history.HistoricProcessInstance done = engine.getProcessEngine().getHistoryService()
        .createHistoricProcessInstanceQuery().processDefinitionKey(InterviewCheckIds.PROCESS).singleResult();
    org.assertj.core.api.Assertions.assertThat(done.getEndActivityId()).isEqualTo(InterviewCheckIds.Events.CHECKED);
    org.assertj.core.api.Assertions.assertThat(engine.getProcessEngine().getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(done.getId()).variableName(InterviewCheckIds.Vars.OPENED).singleResult().getValue())
        .isEqualTo("YT-2026-000002,YT-2026-000003");
    // The cycle goes on: the next run is on June 1.
    Job next = managementService().createJobQuery().processDefinitionKey(InterviewCheckIds.PROCESS).timers().singleResult();
    org.assertj.core.api.Assertions.assertThat(next.getDuedate().toInstant().atZone(engineZone).toLocalDateTime())
        .isEqualTo(LocalDateTime.of(2026, 6, 1, 1, 0));
  }
}
