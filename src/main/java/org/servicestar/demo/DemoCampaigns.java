package org.servicestar.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignProcess;
import org.servicestar.campaign.CampaignService;
import org.servicestar.engine.FormRows;
import org.servicestar.inspection.InspectionIds;
import org.springframework.stereotype.Component;

/**
 * The demo's campaigns, driven through CompetitionCampaign and AwardApproval by the demo users:
 * last year's from its start to published awards, this year's into its competition phase (most plans
 * approved, a couple missing, most commitments published), and this year's unannounced inspections.
 */
@Component
class DemoCampaigns {

  static final String OFFICE = "office1";
  static final String[] INSPECTORS = {"inspector1", "inspector2", "inspector3"};
  /** Units of this year that never hand in a plan (flagged when mobilisation ends). */
  static final Set<String> MISSING_PLANS = Set.of("market-w05", "housing-w02");
  /** The unit whose plan is returned once before it is approved. */
  static final String RETURNED_PLAN = "pso-w03";

  private final DemoActors actors;
  private final CampaignProcess process;
  private final CampaignService campaigns;
  private final RuntimeService runtime;
  private final ManagementService management;

  DemoCampaigns(DemoActors actors, CampaignProcess process, CampaignService campaigns, RuntimeService runtime,
                ManagementService management) {
    this.actors = actors;
    this.process = process;
    this.campaigns = campaigns;
    this.runtime = runtime;
    this.management = management;
  }

  /**
   * A year's campaign with the demo's dates; this year's competition phase lasts at least until two
   * weeks after {@code today}, so the demo shows it running. No units: all of them take part.
   */
  static CampaignService.CampaignDraft draft(int year, LocalDate today, List<String> units) {
    LocalDate competitionEnd = LocalDate.of(year, 10, 31);
    if (today.getYear() == year) {
      LocalDate late = LocalDate.of(year, 12, 20);
      LocalDate wanted = today.plusDays(14);
      competitionEnd = wanted.isAfter(late) ? late : wanted.isAfter(competitionEnd) ? wanted : competitionEnd;
    }
    return new CampaignService.CampaignDraft(year, year + " 年度优质服务竞赛活动",
        LocalDate.of(year, 1, 5), LocalDate.of(year, 3, 31),
        LocalDate.of(year, 4, 1), competitionEnd,
        competitionEnd.plusDays(1), LocalDate.of(year, 12, 31),
        5, BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20),
        Map.of("HALL", 2, "SECTION", 3, "WINDOW", 5, "STAFF", 10, "COLLECTIVE", 2, "MODEL", 3),
        new ArrayList<>(units));
  }

  /** Starts the year's campaign (or the process of one set up without it); its instance id. */
  String start(int year, LocalDate today, List<String> units) {
    Campaign campaign = campaigns.ofYear(year).orElse(null);
    Campaign started = actors.as(OFFICE, () -> campaign == null ? process.start(draft(year, today, units)) : process.startExisting(year));
    return started.processInstanceId();
  }

  /** Mobilisation: every unit but the missing ones submits a plan, the office approves (one after a return), then moves on. */
  void mobilise(String campaign, Set<String> missing) {
    for (Task task : tasks(campaign, "Task_SubmitPlan")) {
      String unit = unitOf(task);
      if (!missing.contains(unit)) {
        submitPlan(task, unit);
      }
    }
    for (Task review : tasks(campaign, "Task_ReviewPlan")) {
      boolean returned = RETURNED_PLAN.equals(unitOf(review));
      actors.complete(OFFICE, review, returned
          ? Map.of("planApproved", false, "reviewComment", "请补充整改时限和责任人")
          : Map.of("planApproved", true, "reviewComment", "同意"));
    }
    for (Task task : tasks(campaign, "Task_SubmitPlan")) {
      if (RETURNED_PLAN.equals(unitOf(task))) {
        submitPlan(task, RETURNED_PLAN);
      }
    }
    for (Task review : tasks(campaign, "Task_ReviewPlan")) {
      actors.complete(OFFICE, review, Map.of("planApproved", true, "reviewComment", "补充后同意"));
    }
    advance(campaign);
  }

  /** Competition: the units publish their commitments (三亮), all of them or every {@code skipEvery}th left open. */
  int publishCommitments(String campaign, int skipEvery) {
    int published = 0;
    int n = 0;
    for (Task task : tasks(campaign, "Task_PublishCommitments")) {
      if (skipEvery > 0 && ++n % skipEvery == 0) {
        continue;
      }
      String unit = unitOf(task);
      actors.complete("lead-" + unit, task, Map.of("goalImage", "窗口整洁有序，标识规范", "goalEfficiency", "即办件当场办结，承诺件提速三成",
          "goalConduct", "首问负责、一次告知、限时办结", "goalExcellence", "争创群众满意窗口",
          "showDuties", "公示岗位职责和办事流程", "showIdentity", "工作人员佩戴工牌、亮明身份", "showStandards", "公开服务标准和监督电话"));
      published++;
    }
    return published;
  }

  /**
   * Last year, from start to published awards, in the caller's transaction: the phases are moved on
   * by the office, the due jobs (assessment start, inspections, scoring) are run here, the publicity
   * is cut short by running its closing timer (the demo cannot wait five working days).
   */
  void finishedYear(int year, LocalDate today, List<String> units, Map<String, Double> inspectionShare) {
    String campaign = start(year, today, units);
    mobilise(campaign, Set.of());
    publishCommitments(campaign, 0);
    advance(campaign);
    actors.runDueJobs(List.of(campaign), 5);
    int n = 0;
    for (Task inspection : actors.tasks().createTaskQuery().taskDefinitionKey(InspectionIds.Tasks.CONDUCT)
        .processVariableValueEquals(InspectionIds.Vars.CAMPAIGN_YEAR, year).list()) {
      String unit = (String) runtime.getVariable(inspection.getProcessInstanceId(), InspectionIds.Vars.UNIT_CODE);
      conduct(INSPECTORS[n++ % INSPECTORS.length], inspection, inspectionShare.getOrDefault(unit, 0.92), List.of());
    }
    actors.runDueJobs(List.of(campaign), 5);
    Task review = actors.openTask(campaign, "Task_ReviewResults");
    actors.complete(OFFICE, review, Map.of("resultsConfirmed", true, "resultsComment", "得分、星级和否决情况核对无误"));
    ProcessInstance award = runtime.createProcessInstanceQuery().processInstanceBusinessKey("award-" + year).singleResult();
    actors.complete(OFFICE, actors.openTask(award.getId(), "Task_PrepareNominations"), Map.of());
    for (Task ballot : actors.tasks().createTaskQuery().processInstanceId(award.getId()).taskDefinitionKey("Task_ApproveAwards").list()) {
      List<Map<String, Object>> rows = new ArrayList<>(FormRows.rows(actors.tasks().getVariable(ballot.getId(), "ballot"), "ballot"));
      rows.forEach(r -> r.put("vote", "APPROVE"));
      actors.complete(ballot.getAssignee(), ballot, Map.of("ballot", FormRows.json(rows)));
    }
    for (Job job : management.createJobQuery().processInstanceId(award.getId()).activityId("Event_PublicityEnds").list()) {
      management.executeJob(job.getId());
    }
    actors.complete(OFFICE, actors.openTask(award.getId(), "Task_FinalizeAwards"), Map.of("publishConfirmed", true));
  }

  /**
   * An unannounced visit by an inspector: started for them by the app (at start-up the inspectors'
   * start permission may not be granted yet), the sheet scored at about {@code share} in Tasklist,
   * with the findings given.
   */
  String unannounced(String inspector, String unitCode, int year, double share, List<Map<String, Object>> findings) {
    ProcessInstance instance = actors.as(inspector, () -> runtime.startProcessInstanceByKey(InspectionIds.PROCESS,
        Map.of(InspectionIds.Vars.UNIT_CODE, unitCode, InspectionIds.Vars.CAMPAIGN_YEAR, year,
            InspectionIds.Vars.INSPECTION_TYPE, "UNANNOUNCED", InspectionIds.Vars.STARTED_BY, inspector,
            InspectionIds.Vars.NOTE, "明查暗访：高峰时段服务情况")));
    Task task = actors.openTask(instance.getId(), InspectionIds.Tasks.CONDUCT);
    conduct(inspector, task, share, findings);
    return instance.getId();
  }

  private void conduct(String inspector, Task task, double share, List<Map<String, Object>> findings) {
    List<Map<String, Object>> items = new ArrayList<>(FormRows.rows(actors.tasks().getVariable(task.getId(), InspectionIds.Vars.ITEMS), "items"));
    items.forEach(item -> item.put("score", Math.round(((Number) item.get("maxScore")).doubleValue() * share * 2) / 2.0));
    Map<String, Object> answers = new HashMap<>();
    answers.put(InspectionIds.Vars.ITEMS, FormRows.json(items));
    answers.put(InspectionIds.Vars.FINDINGS, FormRows.json(findings));
    answers.put(InspectionIds.Vars.SUMMARY, findings.isEmpty() ? "整体规范，服务有序" : "发现问题已当场反馈，限期整改");
    actors.complete(inspector, task, answers);
  }

  private void submitPlan(Task task, String unit) {
    actors.complete("lead-" + unit, task, Map.of("selfInspection", "对照“三评”标准逐项自查，设施齐全，流程清晰",
        "goodPractice", "延时服务、预约服务、帮办代办", "problems", "高峰时段排队较长，个别人员业务不熟",
        "planText", "增设潮汐窗口，每周业务培训，月度服务之星评选"));
  }

  private void advance(String campaign) {
    int year = (Integer) runtime.getVariable(campaign, "campaignYear");
    actors.as(OFFICE, () -> process.advance(year));
  }

  private List<Task> tasks(String campaign, String key) {
    return actors.tasks().createTaskQuery().processInstanceId(campaign).taskDefinitionKey(key).list();
  }

  private String unitOf(Task task) {
    return (String) actors.tasks().getVariable(task.getId(), "unitCode");
  }
}
