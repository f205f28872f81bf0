package org.servicestar.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.exception.NotAllowedException;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.calendar.Workdays;
import org.servicestar.campaign.CompetitionCampaignIds.Events;
import org.servicestar.campaign.CompetitionCampaignIds.Messages;
import org.servicestar.campaign.CompetitionCampaignIds.Tasks;
import org.servicestar.campaign.CompetitionCampaignIds.Vars;

/**
 * Every phase path of {@code bpmn/competition-campaign.bpmn} on an in-memory engine: stand-ins for
 * what touches the app's tables, a stand-in {@code Inspection} with one task, the real working-day
 * calendar, and the phase timers driven by hand with the engine clock.
 */
class CompetitionCampaignProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private static final String[] RESOURCES = {"bpmn/competition-campaign.bpmn", "forms/campaign-start.form",
      "forms/campaign-submit-plan.form", "forms/campaign-review-plan.form", "forms/campaign-review-results.form"};
  private static final int YEAR = 2027;

  private RuntimeService runtime;
  private TaskService tasks;
  private ManagementService management;

  private final Calendar calendar = new Calendar();
  private final List<String> phases = new ArrayList<>();
  private final List<String> completed = new ArrayList<>();
  private int flagged;
  /** The units whose commitments task closed unpublished (commitmentsMissingListener, event delete). */
  private final List<String> commitmentsMissing = new ArrayList<>();
  private int scored;

  /** The campaign's dates, as {@code campaignCalendar} answers them. */
  public static class Calendar {
    public Date mobilisationEnds(Integer year) {
      return CampaignCalendar.startOf(LocalDate.of(year, 3, 1), Workdays.ZONE);
    }

    public Date competitionEnds(Integer year) {
      return CampaignCalendar.startOf(LocalDate.of(year, 11, 1), Workdays.ZONE);
    }

    public Date assessmentStarts(Integer year) {
      return CampaignCalendar.startOf(LocalDate.of(year, 12, 1), Workdays.ZONE);
    }
  }

  /** The participants, as {@code campaignUnits} answers them. */
  public static class Units {
    public List<String> participants(Integer year) {
      return List.of("hall-a", "window-b");
    }

    public String nameOf(String code) {
      return "单位 " + code;
    }

    public void preparePlan(DelegateExecution execution) {
      execution.setVariableLocal(Vars.UNIT_NAME, nameOf((String) execution.getVariable(Vars.UNIT_CODE)));
      execution.setVariableLocal(Vars.PLAN_APPROVED, false);
      execution.setVariableLocal(Vars.REVIEW_COMMENT, null);
    }

    public void prepareCommitments(DelegateExecution execution) {
      execution.setVariableLocal(Vars.UNIT_NAME, nameOf((String) execution.getVariable(Vars.UNIT_CODE)));
      execution.setVariableLocal("goalImage", null);
    }
  }

  /** Phase changes, as {@code campaignPhases} records them. */
  public class Phases {
    public void enter(DelegateExecution execution, String phase) {
      phases.add(phase);
    }
  }

  @BeforeEach
  void standIns() {
    ProcessEngine processEngine = engine.getProcessEngine();
    BpmnAwareTests.init(processEngine);
    runtime = processEngine.getRuntimeService();
    tasks = processEngine.getTaskService();
    management = processEngine.getManagementService();
    ClockUtil.setCurrentTime(CampaignCalendar.startOf(LocalDate.of(YEAR, 1, 4), Workdays.ZONE));

    Mocks.register("workdays", Workdays.withShippedCalendars());
    Mocks.register("campaignCalendar", calendar);
    Mocks.register("campaignUnits", new Units());
    Mocks.register("campaignPhases", new Phases());
    Mocks.register("registerCampaignDelegate", (JavaDelegate) execution -> execution.setProcessBusinessKey("campaign-" + YEAR));
    Mocks.register("flagMissingPlansDelegate", (JavaDelegate) execution -> flagged++);
    Mocks.register("computeScoresDelegate", (JavaDelegate) execution -> {
      scored++;
      execution.setVariable(Vars.SCORED_UNITS, 2);
    });
    TaskListener recorder = task -> completed.add(task.getTaskDefinitionKey() + ":" + task.getVariable(Vars.UNIT_CODE));
    Mocks.register("campaignTaskListener", recorder);
    Mocks.register("publishCommitmentsListener", recorder);
    Mocks.register("commitmentsMissingListener", (TaskListener) task -> commitmentsMissing.add((String) task.getVariable(Vars.UNIT_CODE)));

    // Stand-ins for the processes the campaign calls: one task each.
    BpmnModelInstance inspection = Bpmn.createExecutableProcess("Inspection").camundaHistoryTimeToLive(1)
        .startEvent().userTask("Task_ConductInspection").camundaCandidateGroups("inspectors").endEvent().done();
    BpmnModelInstance awards = Bpmn.createExecutableProcess("AwardApproval").camundaHistoryTimeToLive(1)
        .startEvent().userTask("Task_FinalizeAwards").endEvent().done();
    processEngine.getRepositoryService().createDeployment().addModelInstance("inspection-stand-in.bpmn", inspection)
        .addModelInstance("award-stand-in.bpmn", awards).deploy();
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    ClockUtil.reset();
    engine.getProcessEngine().getRepositoryService().createDeploymentQuery().list()
        .forEach(d -> engine.getProcessEngine().getRepositoryService().deleteDeployment(d.getId(), true));
  }

  @Test
  @Deployment(resources = {"bpmn/competition-campaign.bpmn", "forms/campaign-start.form", "forms/campaign-submit-plan.form",
      "forms/campaign-review-plan.form", "forms/campaign-review-results.form"})
  void aWholeYearWithAPlanReturnedOnce() {
    ProcessInstance campaign = start();
    assertThat(campaign).hasBusinessKey("campaign-" + YEAR).isWaitingAt(Tasks.SUBMIT_PLAN, Events.MOBILISATION_ENDS);
    assertThat(plansTasks(Tasks.SUBMIT_PLAN)).extracting(this::candidateGroup).containsExactlyInAnyOrder("unit-hall-a", "unit-window-b");
    assertThat(tasks.getVariable(unitTask(Tasks.SUBMIT_PLAN, "hall-a").getId(), Vars.UNIT_NAME)).isEqualTo("单位 hall-a");

    complete(unitTask(Tasks.SUBMIT_PLAN, "hall-a"), Map.of());
    complete(unitTask(Tasks.REVIEW_PLAN, "hall-a"), Map.of(Vars.PLAN_APPROVED, false, Vars.REVIEW_COMMENT, "请补充整改时限"));
    Task again = unitTask(Tasks.SUBMIT_PLAN, "hall-a");
    assertThat(tasks.getVariable(again.getId(), Vars.REVIEW_COMMENT)).isEqualTo("请补充整改时限");
    complete(again, Map.of());
    complete(unitTask(Tasks.REVIEW_PLAN, "hall-a"), Map.of(Vars.PLAN_APPROVED, true));
    complete(unitTask(Tasks.SUBMIT_PLAN, "window-b"), Map.of());
    complete(unitTask(Tasks.REVIEW_PLAN, "window-b"), Map.of(Vars.PLAN_APPROVED, true));
    assertThat(runtime.getVariable(campaign.getId(), Vars.PLAN_APPROVED))
        .as("each unit's review is its own: nothing leaks to the campaign's scope").isNull();
    assertThat(campaign).as("plans done early: the phase still ends on its date").isWaitingAt(Events.MOBILISATION_ENDS);

    fireTimer(Events.MOBILISATION_ENDS, calendar.mobilisationEnds(YEAR));
    assertThat(flagged).isEqualTo(1);
    assertThat(plansTasks(Tasks.PUBLISH_COMMITMENTS)).extracting(this::candidateGroup).containsExactlyInAnyOrder("unit-hall-a", "unit-window-b");
    plansTasks(Tasks.PUBLISH_COMMITMENTS).forEach(t -> complete(t, Map.of("goalImage", "窗口整洁")));
    assertThat(runtime.getVariable(campaign.getId(), "goalImage")).as("each unit's commitments stay its own").isNull();
    assertThat(campaign).isWaitingAt(Events.COMPETITION_ENDS);

    fireTimer(Events.COMPETITION_ENDS, calendar.competitionEnds(YEAR));
    assertThat(campaign).isWaitingAt("Gateway_AwaitAssessment");
    fireTimer(Events.ASSESSMENT_STARTS, calendar.assessmentStarts(YEAR));
    startInspections();

    List<ProcessInstance> inspections = runtime.createProcessInstanceQuery().superProcessInstanceId(campaign.getId()).list();
    assertThat(inspections).hasSize(2);
    assertThat(inspections).extracting(i -> runtime.getVariable(i.getId(), "inspectionType")).containsOnly("CENTRALIZED");
    assertThat(inspections).extracting(i -> runtime.getVariable(i.getId(), "unitCode")).containsExactlyInAnyOrder("hall-a", "window-b");
    tasks.createTaskQuery().taskDefinitionKey("Task_ConductInspection").list().forEach(t -> tasks.complete(t.getId()));

    assertThat(campaign).as("scores are computed in the background").isWaitingAt(Tasks.COMPUTE_SCORES);
    runJob(Tasks.COMPUTE_SCORES);
    complete(single(Tasks.REVIEW_RESULTS), Map.of(Vars.RESULTS_CONFIRMED, false, Vars.RESULTS_COMMENT, "否决已裁定，重新计算"));
    runJob(Tasks.COMPUTE_SCORES);
    complete(single(Tasks.REVIEW_RESULTS), Map.of(Vars.RESULTS_CONFIRMED, true));

    ProcessInstance awards = runtime.createProcessInstanceQuery().superProcessInstanceId(campaign.getId()).singleResult();
    assertThat(awards.getBusinessKey()).isEqualTo("award-" + YEAR);
    assertThat(runtime.getVariable(awards.getId(), Vars.YEAR)).isEqualTo(YEAR);
    tasks.complete(tasks.createTaskQuery().processInstanceId(awards.getId()).singleResult().getId());

    assertThat(campaign).isEnded().hasPassed(Tasks.AWARD_APPROVAL, Events.CLOSED);
    assertThat(scored).isEqualTo(2);
    assertThat(phases).containsExactly("MOBILISATION", "COMPETITION", "ASSESSMENT", "REVIEW", "REVIEW", "AWARDS", "CLOSED");
    assertThat(completed).contains("Task_SubmitPlan:hall-a", "Task_ReviewPlan:hall-a", "Task_PublishCommitments:window-b");
  }

  @Test
  @Deployment(resources = {"bpmn/competition-campaign.bpmn", "forms/campaign-start.form", "forms/campaign-submit-plan.form",
      "forms/campaign-review-plan.form", "forms/campaign-review-results.form"})
  void aUnitWithoutAPlanAtTheDeadlineIsFlaggedAndStaysIn() {
    ProcessInstance campaign = start();
    complete(unitTask(Tasks.SUBMIT_PLAN, "hall-a"), Map.of());
    complete(unitTask(Tasks.REVIEW_PLAN, "hall-a"), Map.of(Vars.PLAN_APPROVED, true));
    // window-b never submits.
    fireTimer(Events.MOBILISATION_ENDS, calendar.mobilisationEnds(YEAR));

    assertThat(flagged).isEqualTo(1);
    assertThat(plansTasks(Tasks.SUBMIT_PLAN)).as("the phase is over: its open plan tasks end").isEmpty();
    assertThat(plansTasks(Tasks.PUBLISH_COMMITMENTS)).extracting(this::candidateGroup)
        .as("the unit stays in the competition").contains("unit-window-b");
    assertThat(campaign).isWaitingAt(Tasks.PUBLISH_COMMITMENTS, Events.COMPETITION_ENDS);
  }

  @Test
  @Deployment(resources = {"bpmn/competition-campaign.bpmn", "forms/campaign-start.form", "forms/campaign-submit-plan.form",
      "forms/campaign-review-plan.form", "forms/campaign-review-results.form"})
  void theOfficeMovesThePhasesOnEarly() {
    ProcessInstance campaign = start();
    advance();
    assertThat(campaign).hasPassed(Events.MOBILISATION_ADVANCED, Tasks.FLAG_MISSING_PLANS).isWaitingAt(Tasks.PUBLISH_COMMITMENTS);
    assertThat(plansTasks(Tasks.SUBMIT_PLAN)).isEmpty();

    Task published = plansTasks(Tasks.PUBLISH_COMMITMENTS).get(0);
    String publishedBy = (String) tasks.getVariable(published.getId(), Vars.UNIT_CODE);
    tasks.complete(published.getId());
    List<String> open = plansTasks(Tasks.PUBLISH_COMMITMENTS).stream().map(t -> (String) tasks.getVariable(t.getId(), Vars.UNIT_CODE)).toList();
    org.assertj.core.api.Assertions.assertThat(open).isNotEmpty().doesNotContain(publishedBy);
    org.assertj.core.api.Assertions.assertThat(commitmentsMissing).as("a completed task is no missed commitment").isEmpty();

    advance();
    startInspections();
    assertThat(campaign).as("straight into the assessment, without waiting for its start date")
        .hasPassed(Events.COMPETITION_ADVANCED).isWaitingAt(Tasks.CENTRALIZED_INSPECTIONS);
    assertThat(plansTasks(Tasks.PUBLISH_COMMITMENTS)).isEmpty();
    org.assertj.core.api.Assertions.assertThat(commitmentsMissing).as("every open commitments task closed is flagged")
        .containsExactlyInAnyOrderElementsOf(open);
    assertThat(phases).containsExactly("MOBILISATION", "COMPETITION", "ASSESSMENT");
  }

  @Test
  @Deployment(resources = {"bpmn/competition-campaign.bpmn", "forms/campaign-start.form", "forms/campaign-submit-plan.form",
      "forms/campaign-review-plan.form", "forms/campaign-review-results.form"})
  void betweenCompetitionAndAssessmentTheOfficeCanStartTheAssessmentEarly() {
    ProcessInstance campaign = start();
    fireTimer(Events.MOBILISATION_ENDS, calendar.mobilisationEnds(YEAR));
    fireTimer(Events.COMPETITION_ENDS, calendar.competitionEnds(YEAR));
    advance();
    startInspections();
    assertThat(campaign).hasPassed(Events.ASSESSMENT_ADVANCED).isWaitingAt(Tasks.CENTRALIZED_INSPECTIONS);
    assertThat(management.createJobQuery().processInstanceId(campaign.getId()).timers().count()).isZero();
  }

  @Test
  @Deployment(resources = {"bpmn/competition-campaign.bpmn", "forms/campaign-start.form", "forms/campaign-submit-plan.form",
      "forms/campaign-review-plan.form", "forms/campaign-review-results.form"})
  void aSuspendedCampaignKeepsEverythingAndGoesOnWhenResumed() {
    ProcessInstance campaign = start();
    runtime.suspendProcessInstanceById(campaign.getId());
    Task plan = unitTask(Tasks.SUBMIT_PLAN, "hall-a");
    assertThatThrownBy(() -> tasks.complete(plan.getId())).hasMessageContaining("suspended");
    ClockUtil.setCurrentTime(new Date(calendar.mobilisationEnds(YEAR).getTime() + 1000));
    assertThat(management.createJobQuery().processInstanceId(campaign.getId()).executable().count())
        .as("a suspended campaign's timers wait").isZero();

    runtime.activateProcessInstanceById(campaign.getId());
    Job due = management.createJobQuery().processInstanceId(campaign.getId()).executable().singleResult();
    management.executeJob(due.getId());
    assertThat(flagged).isEqualTo(1);
    assertThat(campaign).isWaitingAt(Tasks.PUBLISH_COMMITMENTS);
  }

  @Test
  @Deployment(resources = {"bpmn/competition-campaign.bpmn", "forms/campaign-start.form", "forms/campaign-submit-plan.form",
      "forms/campaign-review-plan.form", "forms/campaign-review-results.form"})
  void suspendingTheCampaignSuspendsTheInspectionsItCalled() {
    ProcessInstance campaign = start();
    advance();
    advance();
    startInspections();
    runtime.suspendProcessInstanceById(campaign.getId());
    List<ProcessInstance> inspections = runtime.createProcessInstanceQuery().superProcessInstanceId(campaign.getId()).list();
    assertThat(inspections).hasSize(2);
    // Camunda does not carry suspension down to called instances: CampaignProcess suspends each one.
    assertThat(inspections).noneMatch(ProcessInstance::isSuspended);
  }

  // --- helpers ---

  private ProcessInstance start() {
    return runtime.startProcessInstanceByKey(CompetitionCampaignIds.PROCESS, Map.of(Vars.YEAR, YEAR));
  }

  private void advance() {
    runtime.createMessageCorrelation(Messages.PHASE_ADVANCED).processInstanceBusinessKey("campaign-" + YEAR).correlate();
  }

  private void fireTimer(String activityId, Date due) {
    Job timer = management.createJobQuery().timers().activityId(activityId).singleResult();
    assertThat(timer).as("timer " + activityId).isNotNull();
    assertThat(timer.getDuedate()).isEqualTo(due);
    ClockUtil.setCurrentTime(new Date(due.getTime() + 1000));
    management.executeJob(timer.getId());
  }

  /** Each unit's inspection starts in its own job: one unit's failure does not hold up the others. */
  private void startInspections() {
    List<Job> starts = management.createJobQuery().activityId(Tasks.CENTRALIZED_INSPECTIONS).list();
    assertThat(starts).hasSize(2);
    starts.forEach(job -> management.executeJob(job.getId()));
  }

  private void runJob(String activityId) {
    Job job = management.createJobQuery().activityId(activityId).singleResult();
    management.executeJob(job.getId());
  }

  private List<Task> plansTasks(String key) {
    return tasks.createTaskQuery().taskDefinitionKey(key).list();
  }

  private Task unitTask(String key, String unitCode) {
    return plansTasks(key).stream().filter(t -> unitCode.equals(tasks.getVariable(t.getId(), Vars.UNIT_CODE)))
        .findFirst().orElseThrow(() -> new AssertionError("no " + key + " for " + unitCode));
  }

  private Task single(String key) {
    return tasks.createTaskQuery().taskDefinitionKey(key).singleResult();
  }

  private String candidateGroup(Task task) {
    return tasks.getIdentityLinksForTask(task.getId()).get(0).getGroupId();
  }

  private void complete(Task task, Map<String, Object> variables) {
    tasks.complete(task.getId(), variables);
  }
}
