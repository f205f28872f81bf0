package org.servicestar.veto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
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
import org.servicestar.veto.VetoRulingIds.Events;
import org.servicestar.veto.VetoRulingIds.Tasks;
import org.servicestar.veto.VetoRulingIds.Vars;

/**
 * The paths of {@code bpmn/veto-ruling.bpmn} on an in-memory engine, with the rule itself
 * ({@link RulingRule}) applied by a stand-in of {@code vetoRulingSchedule} and {@code countVetoRulingDelegate}
 * to the votes the task listener collects: a majority ends the round early, the others' tasks end; one
 * member's ruling under SINGLE_MEMBER; the reminder and the deadline by hand; a round without a majority
 * or without members goes to the office, which opens a new round. The rules on the real app run in VetoRulingAppTest.
 */
class VetoRulingProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  private RuntimeService runtime;
  private TaskService tasks;
  private ManagementService management;
  private final List<String> steps = new ArrayList<>();
  private final List<String> reminded = new ArrayList<>();
  private final Schedule schedule = new Schedule();

  /** vetoRulingSchedule and the votes, with the real rule. */
  public static class Schedule {
    RulingRule rule = RulingRule.MAJORITY_OF_MEMBERS;
    List<String> members = List.of("leader1", "leader2", "leader3");
    int confirms;
    int annuls;

    public List<String> voters(Number vetoId) {
      return members;
    }

    public Date closesAt(Number vetoId) {
      return at(2026, 3, 13, 23);
    }

    public Date reminderAt(Number vetoId) {
      return at(2026, 3, 13, 9);
    }

    public boolean decided(Number vetoId) {
      return rule.decide(confirms, annuls, members.size()) != null;
    }

    String outcome() {
      VetoStatus decided = rule.decide(confirms, annuls, members.size());
      return decided == null ? "UNDECIDED" : decided.name();
    }
  }

  static Date at(int y, int m, int d, int hour) {
    return Date.from(LocalDate.of(y, m, d).atTime(hour, 0).atZone(BEIJING).toInstant());
  }

  @BeforeEach
  void standIns() {
    ProcessEngine processEngine = engine.getProcessEngine();
    BpmnAwareTests.init(processEngine);
    runtime = processEngine.getRuntimeService();
    tasks = processEngine.getTaskService();
    management = processEngine.getManagementService();
    ClockUtil.setCurrentTime(at(2026, 3, 6, 10));
    Mocks.register("workdays", Workdays.withShippedCalendars());
    Mocks.register("vetoRulingSchedule", schedule);
    Mocks.register("openVetoRulingDelegate", (JavaDelegate) execution -> {
      steps.add("open");
      schedule.confirms = 0;
      schedule.annuls = 0;
    });
    Mocks.register("countVetoRulingDelegate", (JavaDelegate) execution -> {
      steps.add("count:" + schedule.outcome());
      execution.setVariable(Vars.OUTCOME, schedule.outcome());
    });
    Mocks.register("taskReminderDelegate", (JavaDelegate) execution -> reminded.add((String) execution.getVariable("remindTask")));
    Mocks.register("vetoRulingTaskListener", (TaskListener) (DelegateTask task) -> {
      if (!TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
        return;
      }
      if (Tasks.RULE_ON_VETO.equals(task.getTaskDefinitionKey())) {
        boolean confirm = "CONFIRM".equals(task.getVariable(Vars.RULING));
        schedule.confirms += confirm ? 1 : 0;
        schedule.annuls += confirm ? 0 : 1;
        steps.add(task.getAssignee() + ":" + task.getVariable(Vars.RULING));
      } else {
        steps.add("office:" + task.getVariable(Vars.UNDECIDED_NOTE));
      }
    });
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  @Deployment(resources = {"bpmn/veto-ruling.bpmn", "forms/veto-rule.form", "forms/veto-undecided.form"})
  void aMajorityOfTheMembersConfirmsAndTheThirdTaskEnds() {
    ProcessInstance ruling = start(7);
    List<Task> ballots = ballots();
    assertThat(ballots).extracting(Task::getAssignee).containsExactlyInAnyOrder("leader1", "leader2", "leader3");
    assertThat(ballots).extracting(Task::getDueDate).containsOnly(at(2026, 3, 13, 23));
    assertThat(ruling).isWaitingAt(Tasks.RULE_ON_VETO);

    vote("leader1", "CONFIRM");
    assertThat(ruling).isWaitingAt(Tasks.RULE_ON_VETO);
    vote("leader3", "CONFIRM");

    assertThat(ruling).isEnded().hasPassed(Tasks.COUNT_RULING, Events.CONFIRMED).hasNotPassed(Events.ANNULLED);
    assertThat(tasks.createTaskQuery().processInstanceId(ruling.getId()).count()).as("leader2's task ended with the round").isZero();
    assertThat(management.createJobQuery().processInstanceId(ruling.getId()).count()).as("the round's timers ended with it").isZero();
    assertThat(steps).containsExactly("open", "leader1:CONFIRM", "leader3:CONFIRM", "count:CONFIRMED");
    assertThat(reminded).isEmpty();
  }

  @Test
  @Deployment(resources = {"bpmn/veto-ruling.bpmn", "forms/veto-rule.form", "forms/veto-undecided.form"})
  void aMajorityAnnuls() {
    ProcessInstance ruling = start(8);
    vote("leader2", "ANNUL");
    vote("leader1", "CONFIRM");
    assertThat(ruling).isWaitingAt(Tasks.RULE_ON_VETO);
    vote("leader3", "ANNUL");
    assertThat(ruling).isEnded().hasPassed(Events.ANNULLED).hasNotPassed(Events.CONFIRMED);
    assertThat(steps).containsExactly("open", "leader2:ANNUL", "leader1:CONFIRM", "leader3:ANNUL", "count:ANNULLED");
  }

  @Test
  @Deployment(resources = {"bpmn/veto-ruling.bpmn", "forms/veto-rule.form", "forms/veto-undecided.form"})
  void oneMembersRulingDecidesUnderSingleMember() {
    schedule.rule = RulingRule.SINGLE_MEMBER;
    ProcessInstance ruling = start(9);
    vote("leader2", "ANNUL");
    assertThat(ruling).isEnded().hasPassed(Events.ANNULLED);
    assertThat(tasks.createTaskQuery().count()).isZero();
    assertThat(steps).containsExactly("open", "leader2:ANNUL", "count:ANNULLED");
  }

  @Test
  @Deployment(resources = {"bpmn/veto-ruling.bpmn", "forms/veto-rule.form", "forms/veto-undecided.form"})
  void theReminderThenTheDeadlineWithoutAMajorityGoToTheOfficeWhichOpensANewRound() {
    ProcessInstance ruling = start(10);
    vote("leader1", "CONFIRM");

    fire(Events.RULING_REMINDER, at(2026, 3, 13, 9));
    assertThat(reminded).containsExactly(Tasks.RULE_ON_VETO);
    assertThat(ballots()).as("the reminder leaves the open ballots open").extracting(Task::getAssignee)
        .containsExactlyInAnyOrder("leader2", "leader3");

    fire(Events.RULING_CLOSES, at(2026, 3, 13, 23));
    assertThat(ruling).isWaitingAt(Tasks.REVIEW_UNDECIDED);
    Task office = tasks.createTaskQuery().taskDefinitionKey(Tasks.REVIEW_UNDECIDED).singleResult();
    assertThat(office).isNotNull();
    assertThat(tasks.getIdentityLinksForTask(office.getId())).extracting(l -> l.getGroupId()).containsExactly("competition-office");
    assertThat(ballots()).isEmpty();

    tasks.complete(office.getId(), Map.of(Vars.UNDECIDED_NOTE, "3月16日领导小组会议"));
    assertThat(ruling).isWaitingAt(Tasks.RULE_ON_VETO);
    assertThat(ballots()).hasSize(3);
    vote("leader1", "CONFIRM");
    vote("leader2", "CONFIRM");
    assertThat(ruling).isEnded().hasPassed(Tasks.REVIEW_UNDECIDED, Events.CONFIRMED);
    assertThat(steps).containsExactly("open", "leader1:CONFIRM", "count:UNDECIDED", "office:3月16日领导小组会议", "open",
        "leader1:CONFIRM", "leader2:CONFIRM", "count:CONFIRMED");
  }

  @Test
  @Deployment(resources = {"bpmn/veto-ruling.bpmn", "forms/veto-rule.form", "forms/veto-undecided.form"})
  void everyoneVotedWithoutAMajorityIsUndecided() {
    schedule.members = List.of("leader1", "leader2");
    ProcessInstance ruling = start(11);
    vote("leader1", "CONFIRM");
    vote("leader2", "ANNUL");
    assertThat(ruling).isWaitingAt(Tasks.REVIEW_UNDECIDED);
    assertThat(steps).containsExactly("open", "leader1:CONFIRM", "leader2:ANNUL", "count:UNDECIDED");
  }

  @Test
  @Deployment(resources = {"bpmn/veto-ruling.bpmn", "forms/veto-rule.form", "forms/veto-undecided.form"})
  void aLeadingGroupWithoutMembersGoesStraightToTheOffice() {
    schedule.members = List.of();
    ProcessInstance ruling = start(12);
    assertThat(ruling).isWaitingAt(Tasks.REVIEW_UNDECIDED);
    assertThat(steps).containsExactly("open", "count:UNDECIDED");
  }

  private ProcessInstance start(long vetoId) {
    return runtime.startProcessInstanceByKey(VetoRulingIds.PROCESS, VetoRulingIds.businessKey(vetoId), Map.of(Vars.VETO_ID, vetoId));
  }

  private List<Task> ballots() {
    return tasks.createTaskQuery().taskDefinitionKey(Tasks.RULE_ON_VETO).list();
  }

  private void vote(String member, String ruling) {
    Task task = tasks.createTaskQuery().taskDefinitionKey(Tasks.RULE_ON_VETO).taskAssignee(member).singleResult();
    assertThat(task).as(member + "'s ballot").isNotNull();
    tasks.complete(task.getId(), Map.of(Vars.RULING, ruling, Vars.REASON, "理由"));
  }

  private void fire(String timer, Date due) {
    Job job = management.createJobQuery().activityId(timer).singleResult();
    assertThat(job).as(timer).isNotNull();
    assertThat(job.getDuedate()).isEqualTo(due);
    ClockUtil.setCurrentTime(due);
    management.executeJob(job.getId());
  }
}
