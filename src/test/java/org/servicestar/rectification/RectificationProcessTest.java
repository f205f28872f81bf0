package org.servicestar.rectification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.calendar.Workdays;
import org.servicestar.rectification.RectificationIds.Events;
import org.servicestar.rectification.RectificationIds.Tasks;
import org.servicestar.rectification.RectificationIds.Vars;
import org.servicestar.time.AppClock;

/**
 * Every path of {@code bpmn/rectification.bpmn} on an in-memory engine, with the real deadline
 * decision, the real working-day calendar and due-date logic, and stand-ins for what touches the
 * database (ledger, veto records) or sends mail (reminders, escalations). Timers are driven by hand
 * with the engine clock.
 */
class RectificationProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  /** Monday 2026-03-02 10:00 in Beijing; HIGH gives 5 working days: due Monday 2026-03-09 10:00. */
  private static final Date START = beijing(2026, 3, 2, 10, 0);
  private static final Date DUE = beijing(2026, 3, 9, 10, 0);

  private ProcessEngine processEngine;
  private RuntimeService runtime;
  private TaskService tasks;
  private ManagementService management;

  private final List<String> ledger = new ArrayList<>();
  private final List<Map<String, Object>> vetoes = new ArrayList<>();
  private final List<String> reminders = new ArrayList<>();
  private final List<String> escalations = new ArrayList<>();

  @BeforeEach
  void standIns() {
    processEngine = engine.getProcessEngine();
    BpmnAwareTests.init(processEngine);
    runtime = processEngine.getRuntimeService();
    tasks = processEngine.getTaskService();
    management = processEngine.getManagementService();
    ClockUtil.setCurrentTime(START);

    Workdays workdays = Workdays.withShippedCalendars();
    RectificationDeadlines deadlines = new RectificationDeadlines(workdays);
    Mocks.register("workdays", workdays);
    Mocks.register("rectificationDeadlines", deadlines);
    Mocks.register("setDueDateDelegate", new SetDueDateDelegate(deadlines, new AppClock(AppClock.DEFAULT_ZONE)));
    Mocks.register("openRectificationDelegate", (JavaDelegate) execution -> {
      execution.setProcessBusinessKey("ZG-2026-000042");
      execution.setVariable(Vars.NUMBER, "ZG-2026-000042");
      execution.setVariable(Vars.RETURN_COUNT, 0);
      ledger.add("OPENED");
    });
    Mocks.register("rectificationLedgerListener", new LedgerStandIn());
    Mocks.register("recordVetoDelegate", (JavaDelegate) execution -> {
      Map<String, Object> veto = new HashMap<>();
      for (String name : List.of("unitCode", "vetoClause", "vetoSourceType", "vetoSourceId", "vetoEvidence")) {
        veto.put(name, execution.getVariable(name));
      }
      vetoes.add(veto);
    });
    Mocks.register("taskReminderDelegate", (JavaDelegate) execution -> reminders.add((String) execution.getVariable("remindTask")));
    Mocks.register("taskEscalationDelegate", (JavaDelegate) execution ->
        escalations.add(execution.getVariable("remindTask") + "→" + execution.getVariable("escalateTo")));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    ClockUtil.reset();
  }

  /** Records which step told the ledger what, as the real listener would write it. */
  private final class LedgerStandIn implements TaskListener, ExecutionListener {
    @Override
    public void notify(DelegateTask task) {
      ledger.add(task.getTaskDefinitionKey() + ":" + task.getEventName());
    }

    @Override
    public void notify(DelegateExecution execution) {
      ledger.add(execution.getCurrentActivityId());
    }
  }

  // --- paths ---

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void acceptedTheFirstTime() {
    ProcessInstance instance = start("HIGH");

    assertThat(instance).isWaitingAt(Tasks.RECTIFY, Tasks.WATCH_DEADLINE);
    assertThat(instance).hasBusinessKey("ZG-2026-000042");
    Task rectify = task(instance, Tasks.RECTIFY);
    assertThat(rectify).hasCandidateGroup("unit-tax-hall").hasFormKey(null);
    assertThat(rectify.getDueDate()).isEqualTo(DUE);
    assertThat(rectify.getFollowUpDate()).as("Tasklist's follow-up: the first reminder").isEqualTo(beijing(2026, 3, 4, 9, 0));
    assertThat(runtime.getVariable(instance.getId(), Vars.DEADLINE_DAYS)).isEqualTo(5);
    assertThat(runtime.getVariable(instance.getId(), Vars.DUE_DATE_TEXT)).isEqualTo("2026年3月9日 10:00");
    assertThat(timer(instance, Events.REMIND_BEFORE_DUE).getDuedate()).isEqualTo(beijing(2026, 3, 4, 9, 0));
    assertThat(timer(instance, Events.REMIND_ON_DUE_DAY).getDuedate()).isEqualTo(beijing(2026, 3, 9, 9, 0));
    assertThat(timer(instance, Events.DUE_DATE_REACHED).getDuedate()).isEqualTo(DUE);

    submit(instance);
    assertThat(instance).isWaitingAt(Tasks.ACCEPT).isNotWaitingAt(Tasks.WATCH_DEADLINE);
    assertThat(task(instance, Tasks.ACCEPT)).hasCandidateGroup("inspectors");
    assertThat(management.createJobQuery().processInstanceId(instance.getId()).count())
        .as("the deadline watch ends with the unit's work").isZero();

    accept(instance, true);
    assertThat(instance).isEnded().hasPassedInOrder(Tasks.OPEN, Tasks.DECIDE_DEADLINE, Tasks.SET_DUE_DATE, Tasks.RECTIFY,
        Events.SUBMITTED, Tasks.ACCEPT, Events.ACCEPTED).hasNotPassed(Tasks.APPROVE_EXTENSION, Tasks.RULE_ON_OVERDUE);
    assertThat(historicVariable(instance, Vars.NUMBER)).isEqualTo("ZG-2026-000042");
    assertThat(vetoes).isEmpty();
    assertThat(reminders).isEmpty();
    assertThat(ledger).containsExactly("OPENED", Tasks.SET_DUE_DATE, "Task_Rectify:complete", "Task_AcceptRectification:complete");
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void returnedOnceThenAccepted() {
    ProcessInstance instance = start("LOW");
    assertThat(runtime.getVariable(instance.getId(), Vars.DEADLINE_DAYS)).isEqualTo(15);
    submit(instance);
    returnWithReworkDate(instance, "2026-03-31");

    assertThat(instance).isWaitingAt(Tasks.RECTIFY, Tasks.WATCH_DEADLINE);
    assertThat(task(instance, Tasks.RECTIFY).getDueDate()).isEqualTo(endOfDay(2026, 3, 31));
    assertThat(timer(instance, Events.DUE_DATE_REACHED).getDuedate()).isEqualTo(endOfDay(2026, 3, 31));
    assertThat(runtime.getVariable(instance.getId(), Vars.RETURN_COUNT)).isEqualTo(1L);
    assertThat(vetoes).isEmpty();

    submit(instance);
    accept(instance, true);
    assertThat(instance).isEnded().hasPassed(Tasks.SET_REWORK_DUE_DATE).hasNotPassed(Tasks.RECORD_RETURN_VETO);
    assertThat(vetoes).isEmpty();
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void theSecondReturnRecordsVetoClauseFour() {
    ProcessInstance instance = start("MEDIUM");
    submit(instance);
    returnWithReworkDate(instance, "2026-03-31");
    assertThat(vetoes).isEmpty();
    submit(instance);
    returnWithReworkDate(instance, "2026-04-10");

    assertThat(vetoes).hasSize(1);
    assertThat(vetoes.get(0)).containsEntry("unitCode", "tax-hall").containsEntry("vetoClause", 4L)
        .containsEntry("vetoSourceType", "RECTIFICATION").containsEntry("vetoSourceId", "ZG-2026-000042");
    assertThat((String) vetoes.get(0).get("vetoEvidence")).contains("第二次验收不到位").contains("台账不全");
    assertThat(instance).isWaitingAt(Tasks.RECTIFY);
    assertThat(ledger).contains(Tasks.RECORD_RETURN_VETO);

    submit(instance);
    returnWithReworkDate(instance, "2026-04-20");
    assertThat(vetoes).as("only the second return records the veto").hasSize(1);
    submit(instance);
    accept(instance, true);
    assertThat(instance).isEnded();
    assertThat(historicVariable(instance, Vars.RETURN_COUNT)).isEqualTo(3L);
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void extensionGrantedMovesTheDueDateAndTheTimers() {
    ProcessInstance instance = start("HIGH");
    requestExtension(instance);

    assertThat(instance).isWaitingAt(Tasks.APPROVE_EXTENSION, Tasks.WATCH_DEADLINE);
    assertThat(task(instance, Tasks.APPROVE_EXTENSION)).hasCandidateGroup("competition-office");
    assertThat(timer(instance, Events.DUE_DATE_REACHED).getDuedate()).as("the watch goes on while the office decides").isEqualTo(DUE);

    complete(task(instance, Tasks.APPROVE_EXTENSION), withVariables(Vars.EXTENSION_GRANTED, true,
        Vars.GRANTED_DUE_DATE, "2026-03-31", Vars.EXTENSION_COMMENT, "同意，须在月底前完成"));

    assertThat(instance).isWaitingAt(Tasks.RECTIFY, Tasks.WATCH_DEADLINE);
    assertThat(task(instance, Tasks.RECTIFY).getDueDate()).isEqualTo(endOfDay(2026, 3, 31));
    assertThat(runtime.getVariable(instance.getId(), Vars.EXTENSION_REQUESTED)).as("reset for the next round").isEqualTo(false);
    assertThat(runtime.getVariable(instance.getId(), Vars.DUE_DATE_TEXT)).isEqualTo("2026年3月31日 23:59");
    assertThat(timer(instance, Events.REMIND_BEFORE_DUE).getDuedate()).isEqualTo(beijing(2026, 3, 26, 9, 0));
    assertThat(timer(instance, Events.REMIND_ON_DUE_DAY).getDuedate()).isEqualTo(beijing(2026, 3, 31, 9, 0));
    assertThat(timer(instance, Events.DUE_DATE_REACHED).getDuedate()).isEqualTo(endOfDay(2026, 3, 31));
    assertThat(management.createJobQuery().processInstanceId(instance.getId()).count()).as("the old timers are gone").isEqualTo(3);

    submit(instance);
    accept(instance, true);
    assertThat(instance).isEnded().hasPassedInOrder(Tasks.RECTIFY, Tasks.APPROVE_EXTENSION, Tasks.SET_EXTENDED_DUE_DATE, Tasks.RECTIFY);
    assertThat(ledger).containsSubsequence("Task_Rectify:complete", "Task_ApproveExtension:complete", Tasks.SET_EXTENDED_DUE_DATE);
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void extensionRefusedKeepsTheDueDate() {
    ProcessInstance instance = start("HIGH");
    List<String> timersBefore = jobIds(instance);
    requestExtension(instance);
    complete(task(instance, Tasks.APPROVE_EXTENSION), withVariables(Vars.EXTENSION_GRANTED, false, Vars.EXTENSION_COMMENT, "理由不充分"));

    assertThat(instance).isWaitingAt(Tasks.RECTIFY, Tasks.WATCH_DEADLINE).hasNotPassed(Tasks.SET_EXTENDED_DUE_DATE);
    assertThat(task(instance, Tasks.RECTIFY).getDueDate()).isEqualTo(DUE);
    assertThat(jobIds(instance)).as("the same timers run on").isEqualTo(timersBefore);

    submit(instance);
    accept(instance, true);
    assertThat(instance).isEnded();
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void remindersFireBeforeAndOnTheDueDay() {
    ProcessInstance instance = start("HIGH");
    String rectifyTask = task(instance, Tasks.RECTIFY).getId();

    ClockUtil.setCurrentTime(beijing(2026, 3, 4, 9, 0));
    fire(instance, Events.REMIND_BEFORE_DUE);
    assertThat(reminders).containsExactly(Tasks.RECTIFY);
    assertThat(instance).hasPassed(Tasks.REMIND_BEFORE_DUE).isWaitingAt(Tasks.RECTIFY, Tasks.WATCH_DEADLINE);

    ClockUtil.setCurrentTime(beijing(2026, 3, 9, 9, 0));
    fire(instance, Events.REMIND_ON_DUE_DAY);
    assertThat(reminders).containsExactly(Tasks.RECTIFY, Tasks.RECTIFY);
    assertThat(instance).hasPassed(Tasks.REMIND_ON_DUE_DAY);
    assertThat(task(instance, Tasks.RECTIFY).getId()).as("reminders never touch the unit's task").isEqualTo(rectifyTask);
    assertThat(escalations).isEmpty();
    assertThat(ledger).containsSubsequence(Tasks.REMIND_BEFORE_DUE, Tasks.REMIND_ON_DUE_DAY);
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void overdueJustifiedGivesANewDueDateAndTheTaskStaysOpen() {
    ProcessInstance instance = start("HIGH");
    String rectifyTask = task(instance, Tasks.RECTIFY).getId();

    goOverdue(instance);
    assertThat(escalations).containsExactly("Task_Rectify→leading-group");
    assertThat(instance).isWaitingAt(Tasks.RECTIFY, Tasks.RULE_ON_OVERDUE, Tasks.WATCH_DEADLINE);
    assertThat(task(instance, Tasks.RULE_ON_OVERDUE)).hasCandidateGroup("leading-group");
    assertThat(ledger).contains(Events.DUE_DATE_REACHED, Tasks.ESCALATE_OVERDUE);

    complete(task(instance, Tasks.RULE_ON_OVERDUE), withVariables(Vars.OVERDUE_JUSTIFIED, true,
        Vars.OVERDUE_RULING_REASON, "设备采购周期长", Vars.JUSTIFIED_DUE_DATE, "2026-03-20"));

    assertThat(instance).isWaitingAt(Tasks.RECTIFY, Tasks.WATCH_DEADLINE).isNotWaitingAt(Tasks.RULE_ON_OVERDUE)
        .hasPassed(Tasks.SET_JUSTIFIED_DUE_DATE, Events.OVERDUE_JUSTIFIED);
    Task rectify = task(instance, Tasks.RECTIFY);
    assertThat(rectify.getId()).as("the unit's task was never cancelled").isEqualTo(rectifyTask);
    assertThat(rectify.getDueDate()).isEqualTo(endOfDay(2026, 3, 20));
    assertThat(rectify.getFollowUpDate()).isEqualTo(beijing(2026, 3, 17, 9, 0));
    assertThat(timer(instance, Events.DUE_DATE_REACHED).getDuedate()).as("watched again for the new date").isEqualTo(endOfDay(2026, 3, 20));
    assertThat(timer(instance, Events.REMIND_BEFORE_DUE).getDuedate()).isEqualTo(beijing(2026, 3, 17, 9, 0));
    assertThat(vetoes).isEmpty();

    // Late again: a second ruling, unjustified this time.
    ClockUtil.setCurrentTime(beijing(2026, 3, 21, 8, 0));
    fire(instance, Events.REMIND_BEFORE_DUE);
    fire(instance, Events.REMIND_ON_DUE_DAY);
    fire(instance, Events.DUE_DATE_REACHED);
    assertThat(escalations).hasSize(2);
    complete(task(instance, Tasks.RULE_ON_OVERDUE), withVariables(Vars.OVERDUE_JUSTIFIED, false, Vars.OVERDUE_RULING_REASON, "再次逾期"));
    assertThat(vetoes).hasSize(1);
    assertThat(task(instance, Tasks.RECTIFY).getId()).isEqualTo(rectifyTask);

    submit(instance);
    accept(instance, true);
    assertThat(instance).isEnded();
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void overdueUnjustifiedRecordsVetoClauseFourAndTheTaskStaysOpen() {
    ProcessInstance instance = start("HIGH");
    String rectifyTask = task(instance, Tasks.RECTIFY).getId();
    goOverdue(instance);

    complete(task(instance, Tasks.RULE_ON_OVERDUE), withVariables(Vars.OVERDUE_JUSTIFIED, false,
        Vars.OVERDUE_RULING_REASON, "无正当理由拖延"));

    assertThat(instance).hasPassed(Tasks.RECORD_OVERDUE_VETO, Events.OVERDUE_VETO_RECORDED).isWaitingAt(Tasks.RECTIFY);
    assertThat(task(instance, Tasks.RECTIFY).getId()).isEqualTo(rectifyTask);
    assertThat(vetoes).hasSize(1);
    assertThat(vetoes.get(0)).containsEntry("vetoClause", 4L).containsEntry("vetoSourceType", "RECTIFICATION")
        .containsEntry("vetoSourceId", "ZG-2026-000042").containsEntry("unitCode", "tax-hall");
    assertThat((String) vetoes.get(0).get("vetoEvidence")).contains("无正当理由拖延").contains("2026年3月9日 10:00");

    submit(instance);
    accept(instance, true);
    assertThat(instance).isEnded();
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void aPendingRulingOutlivesTheUnitsSubmission() {
    ProcessInstance instance = start("HIGH");
    goOverdue(instance);
    submit(instance);

    assertThat(instance).isWaitingAt(Tasks.ACCEPT, Tasks.RULE_ON_OVERDUE);
    accept(instance, true);
    assertThat(instance).as("the ruling on the delay is still owed").isNotEnded().isWaitingAt(Tasks.RULE_ON_OVERDUE);
    complete(task(instance, Tasks.RULE_ON_OVERDUE), withVariables(Vars.OVERDUE_JUSTIFIED, false, Vars.OVERDUE_RULING_REASON, "提交时已逾期"));
    assertThat(instance).isEnded();
    assertThat(vetoes).hasSize(1);
  }

  @Test
  @Deployment(resources = {"bpmn/rectification.bpmn", "bpmn/rectification-deadline.dmn", "forms/rectification-start.form",
      "forms/rectification-rectify.form", "forms/rectification-approve-extension.form", "forms/rectification-accept.form",
      "forms/rectification-rule-overdue.form"})
  void aNewDueDateInThePastIsRefused() {
    ProcessInstance instance = start("HIGH");
    requestExtension(instance);
    Task approve = task(instance, Tasks.APPROVE_EXTENSION);

    assertThatThrownBy(() -> tasks.complete(approve.getId(), Map.of(Vars.EXTENSION_GRANTED, true,
        Vars.GRANTED_DUE_DATE, "2026-03-01", Vars.EXTENSION_COMMENT, "同意"))).hasMessageContaining("已经过去");
    assertThat(instance).isWaitingAt(Tasks.APPROVE_EXTENSION);
    assertThatThrownBy(() -> tasks.complete(approve.getId(), Map.of(Vars.EXTENSION_GRANTED, true,
        Vars.GRANTED_DUE_DATE, "31.03.2026", Vars.EXTENSION_COMMENT, "同意"))).hasMessageContaining("不是有效的日期");
    assertThat(instance).isWaitingAt(Tasks.APPROVE_EXTENSION);
  }

  // --- steps ---

  private ProcessInstance start(String severity) {
    return runtime.startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(
        Vars.UNIT_CODE, "tax-hall", Vars.SOURCE_TYPE, "COMPLAINT", Vars.SOURCE_ID, "TS-2026-000007",
        Vars.PROBLEM, "窗口工作人员态度生硬", Vars.SEVERITY, severity));
  }

  private void submit(ProcessInstance instance) {
    complete(task(instance, Tasks.RECTIFY), withVariables(Vars.EXTENSION_REQUESTED, false,
        Vars.CAUSE, "培训不到位", Vars.MEASURES, "全员培训并考核", Vars.COMPLETED_ON, "2026-03-05", Vars.EVIDENCE_NOTE, "培训照片 3 张"));
  }

  private void requestExtension(ProcessInstance instance) {
    complete(task(instance, Tasks.RECTIFY), withVariables(Vars.EXTENSION_REQUESTED, true,
        Vars.EXTENSION_REASON, "需采购设备", Vars.REQUESTED_DUE_DATE, "2026-03-31"));
  }

  private void accept(ProcessInstance instance, boolean accepted) {
    complete(task(instance, Tasks.ACCEPT), withVariables(Vars.ACCEPTED, accepted, Vars.ACCEPTANCE_COMMENT, "整改到位"));
  }

  private void returnWithReworkDate(ProcessInstance instance, String reworkDueDate) {
    complete(task(instance, Tasks.ACCEPT), withVariables(Vars.ACCEPTED, false,
        Vars.ACCEPTANCE_COMMENT, "台账不全", Vars.REWORK_DUE_DATE, reworkDueDate));
  }

  /** The reminders, then the due date: the clock moves past it and the timers fire in order. */
  private void goOverdue(ProcessInstance instance) {
    ClockUtil.setCurrentTime(new Date(DUE.getTime() + 60_000));
    fire(instance, Events.REMIND_BEFORE_DUE);
    fire(instance, Events.REMIND_ON_DUE_DAY);
    fire(instance, Events.DUE_DATE_REACHED);
  }

  private Task task(ProcessInstance instance, String key) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
  }

  private Job timer(ProcessInstance instance, String eventId) {
    Job job = management.createJobQuery().processInstanceId(instance.getId()).timers().activityId(eventId).singleResult();
    assertThat(job).as("timer " + eventId).isNotNull();
    return job;
  }

  private void fire(ProcessInstance instance, String eventId) {
    management.executeJob(timer(instance, eventId).getId());
  }

  private List<String> jobIds(ProcessInstance instance) {
    return management.createJobQuery().processInstanceId(instance.getId()).orderByJobId().asc().list().stream().map(Job::getId).toList();
  }

  private Object historicVariable(ProcessInstance instance, String name) {
    return processEngine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
        .variableName(name).singleResult().getValue();
  }

  static Date beijing(int year, int month, int day, int hour, int minute) {
    return Date.from(LocalDateTime.of(year, month, day, hour, minute).atZone(Workdays.ZONE).toInstant());
  }

  static Date endOfDay(int year, int month, int day) {
    return Date.from(LocalDateTime.of(year, month, day, 23, 59, 59).atZone(Workdays.ZONE).toInstant());
  }

  static Date at(String instant) {
    return Date.from(Instant.parse(instant));
  }
}
