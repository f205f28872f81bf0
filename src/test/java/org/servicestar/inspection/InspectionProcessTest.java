package org.servicestar.inspection;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.servicestar.calendar.Workdays;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignService;
import org.servicestar.inspection.InspectionIds.Events;
import org.servicestar.inspection.InspectionIds.Tasks;
import org.servicestar.inspection.InspectionIds.Vars;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.rectification.Severity;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.PublicAddress;

/**
 * Every path of bpmn/inspection.bpmn with the real delegates, listener and VetoCheck decision (their
 * services mocked), Json variables as Tasklist sends them, and a stand-in for Rectification.
 */
@Deployment(resources = {"bpmn/inspection.bpmn", "bpmn/veto-check.dmn", "fixtures/process/rectification-stub.bpmn",
    "forms/inspection-start.form", "forms/inspection-conduct.form"})
class InspectionProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder()
      .configurationResource("inspection/camunda-spin.cfg.xml").build();

  private static final String NUMBER = "JC-2026-000007";
  private static final String UNIT = "jc-hall";

  private final Inspections inspections = mock(Inspections.class);
  private final UnitService units = mock(UnitService.class);
  private final VetoRecords vetoes = mock(VetoRecords.class);
  private final CampaignService campaigns = mock(CampaignService.class);
  private final List<String> mailed = new ArrayList<>();
  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  /** Wednesday 2 December 2026, 10:00 in Beijing: the assessment phase (1–20 December) has begun. */
  private static final Clock NOW = Clock.fixed(LocalDateTime.of(2026, 12, 2, 10, 0).atZone(BEIJING).toInstant(), BEIJING);
  private final List<InspectionItem> sheet = List.of(
      new InspectionItem(1, Dimension.LOOK, "工作纪律", new BigDecimal("15.00"), null, null),
      new InspectionItem(2, Dimension.LOOK, "服务态度", new BigDecimal("15.00"), null, null),
      new InspectionItem(3, Dimension.LOOK, "环境卫生", new BigDecimal("10.00"), null, null),
      new InspectionItem(4, Dimension.VISIT, "满意度问卷", new BigDecimal("60.00"), null, null));

  @BeforeEach
  void beans() {
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init(engine.getProcessEngine());
    when(inspections.register(any())).thenReturn(inspection(InspectionType.CENTRALIZED, null));
    when(inspections.require(NUMBER)).thenReturn(inspection(InspectionType.CENTRALIZED, "inspector1"));
    when(inspections.items(anyLong())).thenReturn(sheet);
    when(inspections.items(NUMBER)).thenReturn(sheet);
    when(inspections.recordResult(eq(NUMBER), any(), anyString())).thenReturn(inspection(InspectionType.CENTRALIZED, "inspector1"));
    when(units.require(UNIT)).thenReturn(new Unit(1, UNIT, "检查测试大厅", UnitType.HALL, null, null, true, 0));
    when(campaigns.ofYear(2026)).thenReturn(java.util.Optional.of(campaign(LocalDate.of(2026, 12, 20))));
    InspectionDeadlines deadlines = new InspectionDeadlines(Workdays.withShippedCalendars(), campaigns, NOW);
    Mocks.register("inspectionDeadlines", deadlines);
    Mocks.register("registerInspectionDelegate", new RegisterInspectionDelegate(inspections, units, deadlines, new PublicAddress("http://app", 8080)));
    Mocks.register("taskReminderDelegate", (JavaDelegate) execution -> mailed.add("提醒 " + execution.getVariable("remindTask")));
    Mocks.register("taskEscalationDelegate", (JavaDelegate) execution ->
        mailed.add("督办 " + execution.getVariable("remindTask") + "→" + execution.getVariable("escalateTo")));
    Mocks.register("inspectionConductListener", new InspectionConductListener(inspections));
    Mocks.register("recordInspectionResultDelegate", new RecordInspectionResultDelegate(inspections));
    Mocks.register("startInspectionRectificationsDelegate", new StartInspectionRectificationsDelegate(inspections));
    Mocks.register("recordInspectionVetoDelegate", new RecordInspectionVetoDelegate(inspections, vetoes));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    engine.getIdentityService().clearAuthentication();
  }

  private static Campaign campaign(LocalDate assessmentEnd) {
    return new Campaign(1, 2026, "campaign-2026", "2026年竞赛", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 28),
        LocalDate.of(2026, 3, 1), LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 1), assessmentEnd, 5,
        BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, true, "ASSESSMENT", "pi", false);
  }

  private static Date beijing(int month, int day, int hour, int minute, int second) {
    return Date.from(LocalDateTime.of(2026, month, day, hour, minute, second).atZone(BEIJING).toInstant());
  }

  private Job timer(ProcessInstance instance, String activity) {
    return engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).activityId(activity).singleResult();
  }

  private static Inspection inspection(InspectionType type, String inspector) {
    return new Inspection(7, NUMBER, 2026, UNIT, type, inspector == null ? "OPEN" : "DONE", null, null, null,
        inspector == null ? null : new BigDecimal("90.00"), null, inspector, "office1", LocalDateTime.now(), null, null);
  }

  private ProcessInstance centralized() {
    Map<String, Object> vars = new HashMap<>();
    vars.put(Vars.UNIT_CODE, UNIT);
    vars.put(Vars.CAMPAIGN_YEAR, 2026);
    vars.put(Vars.INSPECTION_TYPE, "CENTRALIZED");
    ProcessInstance instance = runtimeService().startProcessInstanceByKey(InspectionIds.PROCESS, vars);
    assertThat(instance).isWaitingAt(Tasks.CONDUCT).task().hasCandidateGroup("inspectors").isNotAssigned();
    return instance;
  }

  /** The sheet as Tasklist submits it: the Json list it was given, with scores and remarks filled in. */
  private static TypedValue scores(Object... scores) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < scores.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"position\":").append(i + 1).append(",\"score\":")
          .append(scores[i] instanceof String s ? "\"" + s + "\"" : String.valueOf(scores[i])).append(",\"remark\":\"\"}");
    }
    return SpinValues.jsonValue(json.append("]").toString()).create();
  }

  private static TypedValue findings(String json) {
    return SpinValues.jsonValue(json).create();
  }

  private void conduct(ProcessInstance instance, TypedValue findings) {
    engine.getTaskService().claim(task(instance).getId(), "inspector1");
    Map<String, Object> vars = new HashMap<>();
    vars.put(Vars.ITEMS, scores(14, 15, 9.5, 51.5));
    vars.put(Vars.SUMMARY, "总体良好");
    vars.put(Vars.FINDINGS, findings);
    complete(task(instance), vars);
  }

  @Test
  void aCentralizedInspectionWithoutFindingsIsRecordedAndEnds() {
    ProcessInstance instance = centralized();
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().processInstanceId(instance.getId()).singleResult()
        .getBusinessKey()).isEqualTo(NUMBER);
    Assertions.assertThat(runtimeService().getVariableTyped(instance.getId(), Vars.ITEMS).getType().getName()).isEqualTo("json");
    Assertions.assertThat(runtimeService().getVariables(instance.getId())).containsEntry(Vars.UNIT_NAME, "检查测试大厅")
        .containsEntry(Vars.TYPE_TEXT, "集中检查").containsEntry(Vars.DETAIL_LINK, "http://app/inspections/" + NUMBER);
    ArgumentCaptor<Inspections.Registration> registration = ArgumentCaptor.forClass(Inspections.Registration.class);
    verify(inspections).register(registration.capture());
    Assertions.assertThat(registration.getValue()).extracting(Inspections.Registration::unitCode, Inspections.Registration::campaignYear,
        Inspections.Registration::type).containsExactly(UNIT, 2026, "CENTRALIZED");

    conduct(instance, findings("[]"));

    assertThat(instance).isEnded().hasPassedInOrder(Tasks.REGISTER, Tasks.CONDUCT, Tasks.RECORD_RESULT, InspectionIds.Events.DONE)
        .hasNotPassed(Tasks.START_RECTIFICATIONS, Tasks.RECORD_IMAGE_VETO);
    ArgumentCaptor<ConductedSheet> conducted = ArgumentCaptor.forClass(ConductedSheet.class);
    verify(inspections).recordResult(eq(NUMBER), conducted.capture(), eq("inspector1"));
    Assertions.assertThat(conducted.getValue().total()).isEqualByComparingTo("90");
    Assertions.assertThat(conducted.getValue().summary()).isEqualTo("总体良好");
    Assertions.assertThat(conducted.getValue().findings()).isEmpty();
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(RectificationIds.PROCESS).count()).isZero();
  }

  @Test
  void findingsThatNeedFixingStartRectificationsOncePerFindingAndTheInspectionDoesNotWait() {
    // A Rectification for finding 3 exists already (a step run before): it is not started again.
    runtimeService().startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(RectificationIds.Vars.UNIT_CODE, UNIT,
        RectificationIds.Vars.SOURCE_TYPE, "INSPECTION", RectificationIds.Vars.SOURCE_ID, NUMBER + "/3"));
    when(inspections.findings(NUMBER)).thenReturn(List.of(
        new InspectionFinding(1, "窗口台面杂乱", Severity.LOW, true, false, null),
        new InspectionFinding(2, "引导标识不清", Severity.LOW, false, false, null),
        new InspectionFinding(3, "叫号系统故障未报修", Severity.MEDIUM, true, false, null),
        new InspectionFinding(4, "已下发过的问题", Severity.MEDIUM, true, false, "ZG-2026-000001")));
    ProcessInstance instance = centralized();

    conduct(instance, findings("""
        [{"description":"窗口台面杂乱","severity":"LOW","needsRectification":true,"seriousImageHarm":false},
         {"description":"引导标识不清","severity":"LOW","needsRectification":false},
         {"description":"","severity":null,"needsRectification":false,"seriousImageHarm":false},
         {"description":"叫号系统故障未报修","severity":"MEDIUM","needsRectification":true}]"""));

    assertThat(instance).isEnded().hasPassed(Tasks.START_RECTIFICATIONS).hasNotPassed(Tasks.RECORD_IMAGE_VETO);
    ArgumentCaptor<ConductedSheet> conducted = ArgumentCaptor.forClass(ConductedSheet.class);
    verify(inspections).recordResult(eq(NUMBER), conducted.capture(), eq("inspector1"));
    Assertions.assertThat(conducted.getValue().findings()).extracting(ConductedSheet.Finding::position, ConductedSheet.Finding::description)
        .containsExactly(Assertions.tuple(1, "窗口台面杂乱"), Assertions.tuple(2, "引导标识不清"), Assertions.tuple(3, "叫号系统故障未报修"));

    List<ProcessInstance> rectifications = runtimeService().createProcessInstanceQuery()
        .processDefinitionKey(RectificationIds.PROCESS).variableValueEquals(RectificationIds.Vars.SOURCE_ID, NUMBER + "/1").list();
    Assertions.assertThat(rectifications).hasSize(1);
    Assertions.assertThat(runtimeService().getVariables(rectifications.get(0).getId()))
        .containsEntry(RectificationIds.Vars.UNIT_CODE, UNIT).containsEntry(RectificationIds.Vars.SOURCE_TYPE, "INSPECTION")
        .containsEntry(RectificationIds.Vars.PROBLEM, "窗口台面杂乱").containsEntry(RectificationIds.Vars.SEVERITY, "LOW");
    Map<String, Long> expected = Map.of("/2", 0L, "/3", 1L, "/4", 0L); // not needed; started before; already linked
    expected.forEach((finding, count) -> Assertions.assertThat(runtimeService().createProcessInstanceQuery()
        .processDefinitionKey(RectificationIds.PROCESS).variableValueEquals(RectificationIds.Vars.SOURCE_ID, NUMBER + finding).count())
        .as(finding).isEqualTo(count));
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(RectificationIds.PROCESS).count())
        .isEqualTo(2);
    verify(vetoes, never()).record(anyString(), anyInt(), any(VetoSourceType.class), anyString(), anyString(), anyString());
  }

  @Test
  void seriousHarmToTheUnitsImageRecordsVetoClauseSix() {
    when(inspections.findings(NUMBER)).thenReturn(List.of(
        new InspectionFinding(1, "工作人员当众与群众争吵被媒体曝光", Severity.HIGH, false, true, null)));
    ProcessInstance instance = centralized();

    conduct(instance, findings("""
        [{"description":"工作人员当众与群众争吵被媒体曝光","severity":"HIGH","needsRectification":false,"seriousImageHarm":true}]"""));

    assertThat(instance).isEnded().hasPassedInOrder(Tasks.RECORD_RESULT, Tasks.RECORD_IMAGE_VETO, InspectionIds.Events.DONE)
        .hasNotPassed(Tasks.START_RECTIFICATIONS);
    verify(vetoes).record(eq(UNIT), eq(6), eq(VetoSourceType.INSPECTION), eq(NUMBER + "/1"), contains("媒体曝光"), eq("inspector1"));
  }

  @Test
  void badScoresAndFindingsAreRefusedWithTheirNamesAndNothingIsStored() {
    ProcessInstance instance = centralized();
    String taskId = task(instance).getId();
    engine.getTaskService().claim(taskId, "inspector1");
    Map<String, Object> vars = new HashMap<>();
    vars.put(Vars.ITEMS, scores(14, null, 12, -1));
    vars.put(Vars.FINDINGS, findings("[{\"description\":\" \",\"severity\":\"LOW\",\"needsRectification\":true}]"));

    Assertions.assertThatThrownBy(() -> engine.getTaskService().complete(taskId, vars))
        .hasRootCauseInstanceOf(InspectionInputRefused.class)
        .hasMessageContaining("第 2 项“服务态度”（看）未打分")
        .hasMessageContaining("第 3 项“环境卫生”（看）的得分 12 超过满分 10")
        .hasMessageContaining("第 4 项“满意度问卷”（访）的得分不能为负数")
        .hasMessageContaining("第 1 个问题：请填写问题描述");
    vars.put(Vars.ITEMS, scores(14, 15, "九", 60));
    vars.put(Vars.FINDINGS, findings("[]"));
    Assertions.assertThatThrownBy(() -> engine.getTaskService().complete(taskId, vars)).hasMessageContaining("第 3 项“环境卫生”（看）的得分不是数字");
    vars.put(Vars.ITEMS, scores(14, 15));
    Assertions.assertThatThrownBy(() -> engine.getTaskService().complete(taskId, vars)).hasMessageContaining("评分表应有 4 项，收到 2 项");

    assertThat(instance).isWaitingAt(Tasks.CONDUCT);
    verify(inspections, never()).recordResult(anyString(), any(), anyString());
  }

  @Test
  void anUnannouncedInspectionStartedInTasklistNeedsOnlyTheUnitAndRemembersWhoStartedIt() {
    when(inspections.register(any())).thenReturn(inspection(InspectionType.UNANNOUNCED, null));
    engine.getIdentityService().setAuthenticatedUserId("inspector2");
    ProcessInstance instance = engine.getFormService().submitStartForm(
        engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(InspectionIds.PROCESS).singleResult().getId(),
        Map.of(Vars.UNIT_CODE, UNIT, Vars.NOTE, "群众反映午休时段无人值守"));

    assertThat(instance).isWaitingAt(Tasks.CONDUCT);
    ArgumentCaptor<Inspections.Registration> registration = ArgumentCaptor.forClass(Inspections.Registration.class);
    verify(inspections).register(registration.capture());
    Assertions.assertThat(registration.getValue()).extracting(Inspections.Registration::unitCode, Inspections.Registration::campaignYear,
        Inspections.Registration::type, Inspections.Registration::startedBy, Inspections.Registration::note)
        .containsExactly(UNIT, null, null, "inspector2", "群众反映午休时段无人值守");
    Assertions.assertThat(runtimeService().getVariable(instance.getId(), Vars.TYPE_TEXT)).isEqualTo("明查暗访");
  }

  @Test
  void anUnknownUnitOrAMissingCampaignRefusesTheStart() {
    when(inspections.register(any())).thenThrow(new InvalidInputException(Map.of(
        "unitCode", "没有编码为 nope 的单位", "campaignYear", "没有 2026 年的竞赛活动，无法登记检查")));
    Assertions.assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(InspectionIds.PROCESS, Map.of(Vars.UNIT_CODE, "nope")))
        .isInstanceOf(InspectionInputRefused.class).hasMessageContaining("没有编码为 nope 的单位").hasMessageContaining("没有 2026 年的竞赛活动");
    Assertions.assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(InspectionIds.PROCESS).count()).isZero();
  }

  @Test
  void aCentralizedInspectionIsDueAtTheEndOfTheAssessmentPhasesLastWorkingDayWithAReminderAndAnEscalation() {
    ProcessInstance instance = centralized();
    // The phase ends on Sunday 20 December: its last working day is Friday the 18th.
    Date due = beijing(12, 18, 23, 59, 59);
    Assertions.assertThat(task(instance).getDueDate()).isEqualTo(due);
    Assertions.assertThat(runtimeService().getVariable(instance.getId(), Vars.DUE_DATE)).isEqualTo(due);
    Job reminder = timer(instance, Events.CONDUCT_REMINDER);
    Job overdue = timer(instance, Events.CONDUCT_OVERDUE);
    Assertions.assertThat(reminder.getDuedate()).isEqualTo(beijing(12, 17, 9, 0, 0));
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(due);

    engine.getManagementService().executeJob(reminder.getId());
    Assertions.assertThat(mailed).containsExactly("提醒 " + Tasks.CONDUCT);
    assertThat(instance).isWaitingAt(Tasks.CONDUCT).hasPassed(Tasks.REMIND_CONDUCT, Events.CONDUCT_REMINDED);

    engine.getManagementService().executeJob(overdue.getId());
    Assertions.assertThat(mailed).containsExactly("提醒 " + Tasks.CONDUCT, "督办 " + Tasks.CONDUCT + "→competition-office");
    assertThat(instance).isWaitingAt(Tasks.CONDUCT).hasPassed(Tasks.ESCALATE_CONDUCT, Events.CONDUCT_ESCALATED);

    conduct(instance, findings("[]"));
    assertThat(instance).isEnded().hasPassed(Events.DONE);
  }

  @Test
  void aCentralizedInspectionStartedAfterThePhaseEndedGetsTenWorkingDays() {
    when(campaigns.ofYear(2026)).thenReturn(java.util.Optional.of(campaign(LocalDate.of(2026, 11, 30))));
    ProcessInstance instance = centralized();
    // Ten working days after Wednesday 2 December 2026: Wednesday 16 December.
    Assertions.assertThat(task(instance).getDueDate()).isEqualTo(beijing(12, 16, 23, 59, 59));
  }

  @Test
  void anUnannouncedInspectionIsDueInFiveWorkingDays() {
    when(inspections.register(any())).thenReturn(inspection(InspectionType.UNANNOUNCED, null));
    ProcessInstance instance = runtimeService().startProcessInstanceByKey(InspectionIds.PROCESS, Map.of(Vars.UNIT_CODE, UNIT));
    // Five working days after Wednesday 2 December 2026: Wednesday 9 December; reminded on Tuesday the 8th.
    Assertions.assertThat(task(instance).getDueDate()).isEqualTo(beijing(12, 9, 23, 59, 59));
    Assertions.assertThat(timer(instance, Events.CONDUCT_REMINDER).getDuedate()).isEqualTo(beijing(12, 8, 9, 0, 0));
    Assertions.assertThat(mailed).isEmpty();
  }
}
