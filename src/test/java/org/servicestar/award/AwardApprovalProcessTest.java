package org.servicestar.award;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
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
import org.servicestar.award.AwardApprovalIds.Events;
import org.servicestar.award.AwardApprovalIds.Messages;
import org.servicestar.award.AwardApprovalIds.Tasks;
import org.servicestar.award.AwardApprovalIds.Vars;
import org.servicestar.calendar.Workdays;

/**
 * The paths of {@code bpmn/award-approval.bpmn} on an in-memory engine: one vote task per member,
 * the reminder and the closing of the vote for a member who never votes, objections verified in
 * parallel during publicity, and publication after it. The rules themselves (counting, eligibility,
 * changes, objections) run on the real app in AwardApprovalAppTest.
 */
class AwardApprovalProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final int YEAR = 2027;

  private RuntimeService runtime;
  private TaskService tasks;
  private ManagementService management;
  private final List<String> steps = new ArrayList<>();
  private final List<String> reminded = new ArrayList<>();

  /** The schedule as awardSchedule answers it. */
  public static class Schedule {
    public List<String> voters(Integer year) {
      return List.of("leader1", "leader2", "leader3");
    }

    public Date voteClosesAt(Integer year) {
      return at(2028, 1, 14, 23);
    }

    public Date voteReminderAt(Integer year) {
      return at(2028, 1, 14, 9);
    }

    public Date publicityEndsAt(Integer year) {
      return at(2028, 1, 22, 0);
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
    ClockUtil.setCurrentTime(at(2028, 1, 8, 10));
    Mocks.register("workdays", Workdays.withShippedCalendars());
    Mocks.register("awardSchedule", new Schedule());
    for (String bean : List.of("buildNomineesDelegate", "openVoteDelegate", "countVotesDelegate", "openPublicityDelegate")) {
      Mocks.register(bean, (JavaDelegate) execution -> steps.add(bean));
    }
    Mocks.register("objectionReceivedListener", new ObjectionReceivedListener());
    Mocks.register("taskReminderDelegate", (JavaDelegate) execution -> reminded.add((String) execution.getVariable("remindTask")));
    Mocks.register("awardTaskListener", (TaskListener) (DelegateTask task) -> {
      if (TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
        steps.add(task.getTaskDefinitionKey() + ":"
            + (task.getAssignee() != null ? task.getAssignee() : task.getVariable(Vars.OBJECTION_NUMBER)));
      } else if (Tasks.VERIFY_OBJECTION.equals(task.getTaskDefinitionKey())) {
        task.getExecution().setVariableLocal("objectionUpheld", null);
      }
    });
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  @Deployment(resources = {"bpmn/award-approval.bpmn", "forms/award-start.form", "forms/award-prepare-nominations.form",
      "forms/award-approve.form", "forms/award-verify-objection.form", "forms/award-finalize.form"})
  void everyMemberVotesThenPublicityThenPublication() {
    ProcessInstance round = start();
    complete(single(Tasks.PREPARE_NOMINATIONS), Map.of());
    List<Task> votes = tasks.createTaskQuery().taskDefinitionKey(Tasks.APPROVE_AWARDS).list();
    assertThat(votes).extracting(Task::getAssignee).containsExactlyInAnyOrder("leader1", "leader2", "leader3");
    assertThat(votes).extracting(Task::getDueDate).containsOnly(at(2028, 1, 14, 23));
    votes.forEach(t -> complete(t, Map.of()));

    assertThat(round).isWaitingAt(Events.PUBLICITY_ENDS);
    assertThat(management.createJobQuery().processInstanceId(round.getId()).timers().list())
        .as("the vote's timers end with the vote").extracting(Job::getDuedate).containsExactly(at(2028, 1, 22, 0));
    fire(Events.PUBLICITY_ENDS);
    complete(single(Tasks.FINALIZE_AWARDS), Map.of());

    assertThat(round).isEnded().hasPassed(Events.PUBLISHED);
    assertThat(steps).containsExactly("buildNomineesDelegate", "Task_PrepareNominations:null", "openVoteDelegate",
        "Task_ApproveAwards:leader1", "Task_ApproveAwards:leader2", "Task_ApproveAwards:leader3", "countVotesDelegate",
        "openPublicityDelegate", "Task_FinalizeAwards:null");
    assertThat(reminded).isEmpty();
  }

  @Test
  @Deployment(resources = {"bpmn/award-approval.bpmn", "forms/award-start.form", "forms/award-prepare-nominations.form",
      "forms/award-approve.form", "forms/award-verify-objection.form", "forms/award-finalize.form"})
  void aMemberWhoNeverVotesIsRemindedAndTheVoteClosesWithoutThem() {
    ProcessInstance round = start();
    complete(single(Tasks.PREPARE_NOMINATIONS), Map.of());
    complete(voteOf("leader1"), Map.of());
    complete(voteOf("leader2"), Map.of());

    fire(Events.VOTE_REMINDER);
    assertThat(reminded).containsExactly(Tasks.APPROVE_AWARDS);
    assertThat(voteOf("leader3")).as("the reminder leaves the task open").isNotNull();

    fire(Events.VOTE_CLOSES);
    assertThat(tasks.createTaskQuery().taskDefinitionKey(Tasks.APPROVE_AWARDS).count()).isZero();
    assertThat(steps).containsSubsequence("Task_ApproveAwards:leader2", "countVotesDelegate", "openPublicityDelegate")
        .doesNotContain("Task_ApproveAwards:leader3");
    assertThat(round).isWaitingAt(Events.PUBLICITY_ENDS);
  }

  @Test
  @Deployment(resources = {"bpmn/award-approval.bpmn", "forms/award-start.form", "forms/award-prepare-nominations.form",
      "forms/award-approve.form", "forms/award-verify-objection.form", "forms/award-finalize.form"})
  void objectionsAreVerifiedInParallelEachWithItsOwnNumber() {
    ProcessInstance round = start();
    complete(single(Tasks.PREPARE_NOMINATIONS), Map.of());
    tasks.createTaskQuery().taskDefinitionKey(Tasks.APPROVE_AWARDS).list().forEach(t -> complete(t, Map.of()));

    object("GS-2028-000001");
    object("GS-2028-000002");
    List<Task> verifications = tasks.createTaskQuery().taskDefinitionKey(Tasks.VERIFY_OBJECTION).list();
    assertThat(verifications).hasSize(2);
    verifications.forEach(t -> assertThat(t).hasCandidateGroup("inspectors"));
    assertThat(verifications).extracting(t -> tasks.getVariable(t.getId(), Vars.OBJECTION_NUMBER))
        .containsExactlyInAnyOrder("GS-2028-000001", "GS-2028-000002");
    assertThat(runtime.getVariable(round.getId(), Vars.OBJECTION_NUMBER)).as("each objection's number stays its own").isNull();

    complete(verifications.get(0), Map.of("objectionUpheld", "true"));
    assertThat(runtime.getVariable(round.getId(), "objectionUpheld")).as("verdicts stay on their task").isNull();
    assertThat(round).isWaitingAt(Tasks.VERIFY_OBJECTION, Events.PUBLICITY_ENDS);
    complete(single(Tasks.VERIFY_OBJECTION), Map.of("objectionUpheld", "false"));

    fire(Events.PUBLICITY_ENDS);
    complete(single(Tasks.FINALIZE_AWARDS), Map.of());
    assertThat(round).isEnded();
    assertThatThrownBy(() -> object("GS-2028-000003"))
        .as("after publication nothing waits for an objection").isInstanceOf(MismatchingMessageCorrelationException.class);
  }

  // --- helpers ---

  private ProcessInstance start() {
    return runtime.startProcessInstanceByKey(AwardApprovalIds.PROCESS, AwardApprovalIds.businessKey(YEAR), Map.of(Vars.YEAR, YEAR));
  }

  private void object(String number) {
    runtime.createMessageCorrelation(Messages.OBJECTION_RECEIVED).processInstanceBusinessKey(AwardApprovalIds.businessKey(YEAR))
        .setVariables(Map.of(Vars.OBJECTION_NUMBER, number)).correlateWithResult();
  }

  private void fire(String activityId) {
    Job timer = management.createJobQuery().timers().activityId(activityId).singleResult();
    ClockUtil.setCurrentTime(new Date(timer.getDuedate().getTime() + 1000));
    management.executeJob(timer.getId());
  }

  private Task single(String key) {
    return tasks.createTaskQuery().taskDefinitionKey(key).singleResult();
  }

  private Task voteOf(String member) {
    return tasks.createTaskQuery().taskDefinitionKey(Tasks.APPROVE_AWARDS).taskAssignee(member).singleResult();
  }

  private void complete(Task task, Map<String, Object> variables) {
    tasks.complete(task.getId(), variables);
  }
}
