package org.servicestar.complaint;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.servicestar.complaint.ComplaintHandlingIds.Tasks;
import static org.servicestar.complaint.ComplaintHandlingIds.Vars;

import java.util.HashMap;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.calendar.Workdays;
import org.servicestar.unit.UnitService;

/**
 * Every path of bpmn/complaint-handling.bpmn with the real VetoCheck decision and the real task
 * listener (its services mocked), and a stand-in for the Rectification call.
 */
@Deployment(resources = {"bpmn/complaint-handling.bpmn", "bpmn/veto-check.dmn", "fixtures/process/rectification-stub.bpmn",
    "forms/complaint-start.form", "forms/complaint-triage.form", "forms/complaint-verify.form", "forms/complaint-reply.form",
    "forms/complaint-return-visit.form", "forms/complaint-return-visit-answered.form", "forms/complaint-leading-review.form", "forms/complaint-review-appeal.form"})
class ComplaintHandlingProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private final ComplaintService complaints = mock(ComplaintService.class);
  private final JavaDelegate recordVeto = mock(JavaDelegate.class);
  private final JavaDelegate reminder = mock(JavaDelegate.class);
  private final JavaDelegate escalation = mock(JavaDelegate.class);

  @BeforeEach
  void beans() {
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init(engine.getProcessEngine());
    org.mockito.Mockito.when(complaints.isOpen("TS-2026-000001")).thenReturn(true);
    Mocks.register("workdays", Workdays.withShippedCalendars());
    Mocks.register("registerComplaintDelegate", (JavaDelegate) execution -> { });
    Mocks.register("complaintTaskListener", new ComplaintTaskListener(complaints, mock(UnitService.class)));
    Mocks.register("complaintStepListener", new ComplaintStepListener(complaints));
    Mocks.register("recordVetoDelegate", recordVeto);
    Mocks.register("taskReminderDelegate", reminder);
    Mocks.register("taskEscalationDelegate", escalation);
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  private ProcessInstance received() {
    Map<String, Object> vars = new HashMap<>();
    vars.put(Vars.NUMBER, "TS-2026-000099");
    vars.put(Vars.UNIT_CODE, "tax-w01");
    vars.put(Vars.UNIT_NAME, "综合办税一号窗口");
    vars.put(Vars.CONTENT, "窗口工作人员态度生硬");
    vars.put(Vars.CHANNEL, "ONLINE");
    vars.put(Vars.VERIFY_DAYS, 3);
    vars.put(Vars.REOPEN_COUNT, 0);
    ProcessInstance instance = runtimeService().startProcessInstanceByKey(ComplaintHandlingIds.PROCESS, "TS-2026-000099", vars);
    assertThat(instance).isWaitingAt(Tasks.TRIAGE).task().hasCandidateGroup("competition-office").hasFormKey(null);
    return instance;
  }

  private ProcessInstance verifying() {
    ProcessInstance instance = received();
    complete(task(), withVariables(Vars.TRIAGE_OUTCOME, "ACCEPT"));
    assertThat(instance).isWaitingAt(Tasks.VERIFY).task().hasCandidateGroup("inspectors");
    return instance;
  }

  private ProcessInstance rectifying(String category, String severity) {
    ProcessInstance instance = verifying();
    complete(task(), withVariables(Vars.SUBSTANTIATED, "true", Vars.CATEGORY, category, Vars.SEVERITY, severity,
        Vars.FINDINGS, "经调取录像核实属实"));
    assertThat(instance).isWaitingAt(Tasks.RECTIFICATION);
    return instance;
  }

  private void rectify(ProcessInstance instance) {
    ProcessInstance rectification = calledProcessInstance(instance);
    assertThat(rectification).isWaitingAt("Task_StubRectify").task().hasCandidateGroup("unit-tax-w01");
    Assertions.assertThat(runtimeService().getVariables(rectification.getId()))
        .containsEntry("sourceType", "COMPLAINT").containsEntry("sourceId", "TS-2026-000099")
        .containsEntry("problem", "经调取录像核实属实");
    complete(task(rectification));
  }

  @Test
  void outOfScopeIsRejectedWithAReason() {
    ProcessInstance instance = received();
    Assertions.assertThatThrownBy(() -> complete(task(), withVariables(Vars.TRIAGE_OUTCOME, "REJECT")))
        .hasMessageContaining("不予受理时必须填写理由");
    complete(task(), withVariables(Vars.TRIAGE_OUTCOME, "REJECT", Vars.REJECT_REASON, "不属于窗口服务范围"));
    assertThat(instance).isEnded().hasPassed(ComplaintHandlingIds.Events.REJECTED);
  }

  @Test
  void aDuplicateIsMergedIntoAnOpenComplaint() {
    ProcessInstance instance = received();
    Assertions.assertThatThrownBy(() -> complete(task(), withVariables(Vars.TRIAGE_OUTCOME, "MERGE", Vars.MERGE_INTO, "TS-2026-000777")))
        .hasMessageContaining("不存在或已经办结");
    complete(task(), withVariables(Vars.TRIAGE_OUTCOME, "MERGE", Vars.MERGE_INTO, "ts-2026-000001"));
    assertThat(instance).isEnded().hasPassed(ComplaintHandlingIds.Events.MERGED);
  }

  @Test
  void notSubstantiatedIsAnsweredAndClosed() {
    ProcessInstance instance = verifying();
    complete(task(), withVariables(Vars.SUBSTANTIATED, "false", Vars.FINDINGS, "查无此事"));
    assertThat(instance).isWaitingAt(Tasks.REPLY).task().hasCandidateGroup("competition-office");
    complete(task(), withVariables(Vars.REPLY, "经核实，窗口当日按规定办理"));
    assertThat(instance).isEnded().hasPassedInOrder(Tasks.VERIFY, Tasks.REPLY, ComplaintHandlingIds.Events.ANSWERED)
        .hasNotPassed(Tasks.CHECK_VETO);
  }

  @Test
  void aRealNameBadReviewThatIsNotSubstantiatedStillGetsItsReturnVisit() {
    ProcessInstance instance = received();
    runtimeService().setVariable(instance.getId(), Vars.REAL_NAME_REVIEW, true);
    complete(task(instance), withVariables(Vars.TRIAGE_OUTCOME, "ACCEPT"));
    complete(task(instance), withVariables(Vars.SUBSTANTIATED, "false", Vars.FINDINGS, "经核实为误解"));
    complete(task(instance), withVariables(Vars.REPLY, "已向评价人说明办理规定"));
    assertThat(instance).isWaitingAt(Tasks.RETURN_VISIT_ANSWERED).task().hasCandidateGroup("competition-office");
    complete(task(instance), withVariables(Vars.SATISFACTION, "BASICALLY_SATISFIED"));
    assertThat(instance).isEnded().hasPassedInOrder(Tasks.REPLY, Tasks.RETURN_VISIT_ANSWERED, ComplaintHandlingIds.Events.ANSWERED);
  }

  @Test
  void aVerificationWithoutConclusionIsRefused() {
    verifying();
    Assertions.assertThatThrownBy(() -> complete(task(), withVariables(Vars.FINDINGS, "调查中")))
        .hasMessageContaining("请选择核实结论");
    Assertions.assertThatThrownBy(() -> complete(task(), withVariables(Vars.SUBSTANTIATED, true, Vars.FINDINGS, "属实")))
        .hasMessageContaining("请选择问题类别");
  }

  @Test
  void substantiatedWithoutVetoIsRectifiedAndClosedAfterASatisfiedReturnVisit() throws Exception {
    ProcessInstance instance = rectifying("ENVIRONMENT", "LOW");
    Assertions.assertThat(runtimeService().getVariable(instance.getId(), Vars.VETO_CLAUSE)).isNull();
    rectify(instance);
    assertThat(instance).isWaitingAt(Tasks.RETURN_VISIT);
    complete(task(instance), withVariables(Vars.SATISFACTION, "SATISFIED"));
    assertThat(instance).isEnded().hasPassed(ComplaintHandlingIds.Events.CLOSED).hasNotPassed("Task_RecordVeto");
    verify(recordVeto, never()).execute(any());
  }

  @Test
  void aVerifiedHostileMannerRecordsVetoClauseThree() throws Exception {
    ProcessInstance instance = rectifying("ATTITUDE", "HIGH");
    Assertions.assertThat(runtimeService().getVariable(instance.getId(), Vars.VETO_CLAUSE)).isEqualTo(3);
    assertThat(instance).hasPassedInOrder(Tasks.CHECK_VETO, "Task_RecordVeto");
    verify(recordVeto, times(1)).execute(any());
    verify(complaints).recordStep(eq("TS-2026-000099"), eq("system"), eq(ComplaintEventKind.VETO_CHECKED), any(), eq("veto_clause = ?"), eq(3));
  }

  @Test
  void anUnhappyReturnVisitReopensTheRectificationOnceThenGoesToTheLeadingGroup() {
    ProcessInstance instance = rectifying("OVERDUE", "LOW");
    rectify(instance);
    complete(task(instance), withVariables(Vars.SATISFACTION, "DISSATISFIED", Vars.CAUSE_IN_UNITS_HANDS, true));
    assertThat(instance).isWaitingAt(Tasks.RECTIFICATION);
    rectify(instance);
    complete(task(instance), withVariables(Vars.SATISFACTION, "DISSATISFIED", Vars.CAUSE_IN_UNITS_HANDS, true));
    assertThat(instance).isWaitingAt(Tasks.REVIEW_DISSATISFACTION).task().hasCandidateGroup("leading-group");
    complete(task(instance), withVariables("leadingGroupDecision", "约谈单位负责人，限期再改"));
    assertThat(instance).isEnded().hasPassed(ComplaintHandlingIds.Events.CLOSED);
  }

  @Test
  void anUnhappyReturnVisitForReasonsOutsideTheUnitCloses() {
    ProcessInstance instance = rectifying("OTHER", "MEDIUM");
    rectify(instance);
    complete(task(instance), withVariables(Vars.SATISFACTION, "DISSATISFIED", Vars.CAUSE_IN_UNITS_HANDS, false));
    assertThat(instance).isEnded().hasNotPassed(Tasks.REVIEW_DISSATISFACTION);
  }

  @Test
  void verificationIsRemindedBeforeItsDueDateAndEscalatedToTheOfficeAfter() throws Exception {
    ProcessInstance instance = verifying();
    assertThat(instance).job("Timer_VerifyReminder").isNotNull();
    execute(job("Timer_VerifyReminder"));
    verify(reminder, times(1)).execute(any());
    execute(job("Timer_VerifyOverdue"));
    verify(escalation, times(1)).execute(any());
    assertThat(instance).isWaitingAt(Tasks.VERIFY);
  }

  @Test
  void anUpheldAppealExcludesTheReview() {
    ProcessInstance appeal = appeal();
    complete(task(appeal), withVariables(Vars.APPEAL_UPHELD, "true", Vars.APPEAL_FINDINGS, "评价人当日未在该窗口办事"));
    assertThat(appeal).isEnded().hasPassed("EndEvent_AppealUpheld");
    verify(complaints).recordStep(eq("TS-2026-000099"), any(), eq(ComplaintEventKind.APPEAL_UPHELD), eq("评价人当日未在该窗口办事"),
        eq("review_excluded = ?, exclusion_reason = ?"), eq(true), eq("评价人当日未在该窗口办事"));
  }

  @Test
  void aRejectedAppealKeepsTheReview() {
    ProcessInstance appeal = appeal();
    complete(task(appeal), withVariables(Vars.APPEAL_UPHELD, "false", Vars.APPEAL_FINDINGS, "差评属实"));
    assertThat(appeal).isEnded().hasPassed("EndEvent_AppealRejected");
  }

  private ProcessInstance appeal() {
    ProcessInstance appeal = runtimeService().createMessageCorrelation(ComplaintHandlingIds.Messages.APPEALED)
        .processInstanceBusinessKey("TS-2026-000099")
        .setVariable(Vars.NUMBER, "TS-2026-000099").setVariable(Vars.APPEAL_REASON, "评价与事实不符")
        .correlateStartMessage();
    assertThat(appeal).isWaitingAt(Tasks.REVIEW_APPEAL).task().hasCandidateGroup("inspectors");
    return appeal;
  }

}
