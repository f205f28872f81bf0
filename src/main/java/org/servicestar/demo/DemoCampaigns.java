package org.servicestar.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
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
import org.servicestar.calendar.Workdays;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignProcess;
import org.servicestar.campaign.CampaignService;
import org.servicestar.engine.FormRows;
import org.servicestar.inspection.InspectionIds;
import org.springframework.jdbc.core.simple.JdbcClient;
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
  private final Workdays workdays;
  private final DemoClock clock;
  private final JdbcClient jdbc;

  DemoCampaigns(DemoActors actors, CampaignProcess process, CampaignService campaigns, RuntimeService runtime,
                ManagementService management, Workdays workdays, DemoClock clock, JdbcClient jdbc) {
    this.actors = actors;
    this.process = process;
    this.campaigns = campaigns;
    this.runtime = runtime;
    this.management = management;
    this.workdays = workdays;
    this.clock = clock;
    this.jdbc = jdbc;
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

  /**
   * When each step of a campaign's story happens: this year's now, last year's on its own days
   * under the demo clock ({@link PastYear}).
   */
  interface When {
    void at(Step step, int n, Runnable work);

    When NOW = (step, n, work) -> work.run();
  }

  /** The steps of a campaign's story, in their order. */
  enum Step {
    START, PLANS_SUBMITTED, PLANS_REVIEWED, PLAN_RESUBMITTED, PLAN_REVIEWED_AGAIN, MOBILISATION_ENDS, COMMITMENTS,
    COMPETITION_ENDS, INSPECTION, SCORING, RESULTS_REVIEWED, NOMINATIONS, VOTE, PUBLICITY_ENDS, PUBLICATION
  }

  /** Mobilisation: every unit but the missing ones submits a plan, the office approves (one after a return). */
  void mobilise(String campaign, Set<String> missing, When when) {
    when.at(Step.PLANS_SUBMITTED, 0, () -> {
      for (Task task : tasks(campaign, "Task_SubmitPlan")) {
        String unit = unitOf(task);
        if (!missing.contains(unit)) {
          submitPlan(task, unit);
        }
      }
    });
    when.at(Step.PLANS_REVIEWED, 0, () -> {
      for (Task review : tasks(campaign, "Task_ReviewPlan")) {
        boolean returned = RETURNED_PLAN.equals(unitOf(review));
        actors.complete(OFFICE, review, returned
            ? Map.of("planApproved", false, "reviewComment", "请补充整改时限和责任人")
            : Map.of("planApproved", true, "reviewComment", "同意"));
      }
    });
    when.at(Step.PLAN_RESUBMITTED, 0, () -> {
      for (Task task : tasks(campaign, "Task_SubmitPlan")) {
        if (RETURNED_PLAN.equals(unitOf(task))) {
          submitPlan(task, RETURNED_PLAN);
        }
      }
    });
    when.at(Step.PLAN_REVIEWED_AGAIN, 0, () -> {
      for (Task review : tasks(campaign, "Task_ReviewPlan")) {
        actors.complete(OFFICE, review, Map.of("planApproved", true, "reviewComment", "补充后同意"));
      }
    });
  }

  /** This year's mobilisation, moved on by the office at once. */
  void mobilise(String campaign, Set<String> missing) {
    mobilise(campaign, missing, When.NOW);
    advance(campaign);
  }

  /** Competition: the units publish their commitments (三亮), all of them or every {@code skipEvery}th left open. */
  int publishCommitments(String campaign, int skipEvery) {
    return publishCommitments(campaign, skipEvery, Set.of());
  }

  /** As {@link #publishCommitments(String, int)}, the units in {@code left} leaving theirs unpublished too. */
  int publishCommitments(String campaign, int skipEvery, Set<String> left) {
    int published = 0;
    int n = 0;
    for (Task task : tasks(campaign, "Task_PublishCommitments")) {
      if (skipEvery > 0 && ++n % skipEvery == 0) {
        continue;
      }
      String unit = unitOf(task);
      if (left.contains(unit)) {
        continue;
      }
      actors.complete("lead-" + unit, task, Map.of("goalImage", "窗口整洁有序，标识规范", "goalEfficiency", "即办件当场办结，承诺件提速三成",
          "goalConduct", "首问负责、一次告知、限时办结", "goalExcellence", "争创群众满意窗口",
          "showDuties", "公示岗位职责和办事流程", "showIdentity", "工作人员佩戴工牌、亮明身份", "showStandards", "公开服务标准和监督电话"));
      published++;
    }
    return published;
  }

  /**
   * Last year, from start to published awards, in the caller's transaction, each step on its day
   * ({@link PastYear}): the phases end when their timers fall due, the centralised inspections run
   * through the last weeks of the year and the scoring right after the last one, the results, the
   * vote and the publicity follow in January, and the publicity's closing timer runs when it is over.
   */
  void finishedYear(int year, List<String> units, Map<String, Double> inspectionShare) {
    PastYear when = new PastYear(year, workdays, clock, jdbc);
    String[] campaign = new String[1];
    when.at(Step.START, 0, () -> campaign[0] = start(year, LocalDate.of(year, 1, 1), units));
    mobilise(campaign[0], Set.of(), when);
    when.at(Step.MOBILISATION_ENDS, 0, () -> actors.runDueJobs(List.of(campaign[0]), 5));
    // One unit never publishes its commitments (三亮): when the competition phase ends its task closes and it is flagged.
    when.at(Step.COMMITMENTS, 0, () -> publishCommitments(campaign[0], 0, Set.of(commitmentsLeft(campaign[0]))));
    when.at(Step.COMPETITION_ENDS, 0, () -> actors.runDueJobs(List.of(campaign[0]), 5));
    List<Task> inspections = actors.tasks().createTaskQuery().taskDefinitionKey(InspectionIds.Tasks.CONDUCT)
        .processVariableValueEquals(InspectionIds.Vars.CAMPAIGN_YEAR, year).orderByProcessInstanceId().asc().list();
    when.inspections(inspections.size());
    for (int n = 0; n < inspections.size(); n++) {
      Task inspection = inspections.get(n);
      String unit = (String) runtime.getVariable(inspection.getProcessInstanceId(), InspectionIds.Vars.UNIT_CODE);
      String inspector = INSPECTORS[n % INSPECTORS.length];
      when.at(Step.INSPECTION, n, () -> conduct(inspector, inspection, inspectionShare.getOrDefault(unit, 0.92), List.of()));
    }
    when.at(Step.SCORING, 0, () -> actors.runDueJobs(List.of(campaign[0]), 5));
    when.at(Step.RESULTS_REVIEWED, 0, () -> actors.complete(OFFICE, actors.openTask(campaign[0], "Task_ReviewResults"),
        Map.of("resultsConfirmed", true, "resultsComment", "得分、星级和否决情况核对无误")));
    String award = runtime.createProcessInstanceQuery().processInstanceBusinessKey("award-" + year).singleResult().getId();
    when.at(Step.NOMINATIONS, 0, () -> actors.complete(OFFICE, actors.openTask(award, "Task_PrepareNominations"), Map.of()));
    List<Task> ballots = actors.tasks().createTaskQuery().processInstanceId(award).taskDefinitionKey("Task_ApproveAwards")
        .orderByTaskAssignee().asc().list();
    for (int n = 0; n < ballots.size(); n++) {
      Task ballot = ballots.get(n);
      when.at(Step.VOTE, n, () -> {
        List<Map<String, Object>> rows = new ArrayList<>(FormRows.rows(actors.tasks().getVariable(ballot.getId(), "ballot"), "ballot"));
        rows.forEach(r -> r.put("vote", "APPROVE"));
        actors.complete(ballot.getAssignee(), ballot, Map.of("ballot", FormRows.json(rows)));
      });
    }
    when.at(Step.PUBLICITY_ENDS, 0, () -> {
      for (Job job : management.createJobQuery().processInstanceId(award).activityId("Event_PublicityEnds").list()) {
        management.executeJob(job.getId());
      }
    });
    when.at(Step.PUBLICATION, 0, () -> actors.complete(OFFICE, actors.openTask(award, "Task_FinalizeAwards"),
        Map.of("publishConfirmed", true)));
  }

  /**
   * Last year's days, as the campaign's own dates and the national practice have them: the plans in
   * January and February, mobilisation over when its timer falls due (1 April, 00:00), commitments in
   * April, competition over and assessment begun on 1 November (the timers), the centralised
   * inspections four a working day up to the last working day of the year, the scoring right after
   * the last of them (a year's figures count the whole calendar year), then in January the office's
   * review, the nominations, the leading group's votes (the publicity opens with the last vote), the
   * publicity's end at midnight after its last day and the publication on the next working day.
   */
  static final class PastYear implements When {

    private static final LocalTime[] INSPECTION_SLOTS = {LocalTime.of(9, 0), LocalTime.of(10, 30), LocalTime.of(14, 0),
        LocalTime.of(15, 30)};

    private final int year;
    private final Workdays workdays;
    private final DemoClock clock;
    private final JdbcClient jdbc;
    private LocalDate firstInspectionDay;
    private LocalDateTime lastInspection;

    PastYear(int year, Workdays workdays, DemoClock clock, JdbcClient jdbc) {
      this.year = year;
      this.workdays = workdays;
      this.clock = clock;
      this.jdbc = jdbc;
    }

    /** Spreads {@code count} inspections so that the last day is the year's last working day. */
    void inspections(int count) {
      LocalDate lastDay = onOrBefore(LocalDate.of(year, 12, 31));
      int days = Math.max(1, (count + INSPECTION_SLOTS.length - 1) / INSPECTION_SLOTS.length);
      firstInspectionDay = workdays.plusWorkingDays(lastDay, -(days - 1));
      lastInspection = inspection(Math.max(0, count - 1));
    }

    @Override
    public void at(Step step, int n, Runnable work) {
      clock.at(moment(step, n), work);
    }

    LocalDateTime moment(Step step, int n) {
      return switch (step) {
        case START -> onOrAfter(LocalDate.of(year, 1, 5)).atTime(9, 0);
        case PLANS_SUBMITTED -> onOrAfter(LocalDate.of(year, 1, 20)).atTime(10, 0);
        case PLANS_REVIEWED -> onOrAfter(LocalDate.of(year, 2, 10)).atTime(10, 0);
        case PLAN_RESUBMITTED -> onOrAfter(LocalDate.of(year, 2, 17)).atTime(10, 0);
        case PLAN_REVIEWED_AGAIN -> onOrAfter(LocalDate.of(year, 2, 24)).atTime(10, 0);
        case MOBILISATION_ENDS -> LocalDate.of(year, 4, 1).atStartOfDay();
        case COMMITMENTS -> onOrAfter(LocalDate.of(year, 4, 15)).atTime(10, 0);
        case COMPETITION_ENDS -> LocalDate.of(year, 11, 1).atStartOfDay();
        case INSPECTION -> inspection(n);
        case SCORING -> lastInspection.plusMinutes(5);
        case RESULTS_REVIEWED -> workdays.plusWorkingDays(lastInspection.toLocalDate(), 2).atTime(10, 0);
        case NOMINATIONS -> workdays.plusWorkingDays(lastInspection.toLocalDate(), 3).atTime(10, 0);
        case VOTE -> workdays.plusWorkingDays(lastInspection.toLocalDate(), 4).atTime(9, 30).plusHours(n);
        case PUBLICITY_ENDS -> publicityEnd().plusDays(1).atStartOfDay();
        case PUBLICATION -> workdays.plusWorkingDays(publicityEnd(), 1).atTime(10, 0);
      };
    }

    private LocalDateTime inspection(int n) {
      return workdays.plusWorkingDays(firstInspectionDay, n / INSPECTION_SLOTS.length)
          .atTime(INSPECTION_SLOTS[n % INSPECTION_SLOTS.length]);
    }

    private LocalDate publicityEnd() {
      return jdbc.sql("select publicity_end from award_round where campaign_year = ?").param(year).query(LocalDate.class).single();
    }

    private LocalDate onOrAfter(LocalDate day) {
      return workdays.isWorkingDay(day) ? day : workdays.plusWorkingDays(day, 1);
    }

    private LocalDate onOrBefore(LocalDate day) {
      return workdays.isWorkingDay(day) ? day : workdays.plusWorkingDays(day, -1);
    }
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
    actors.as(OFFICE, () -> process.advance(year, "各单位实施方案已报送，提前转入全面争创阶段"));
  }

  private List<Task> tasks(String campaign, String key) {
    return actors.tasks().createTaskQuery().processInstanceId(campaign).taskDefinitionKey(key).list();
  }

  /** The unit that leaves its commitments unpublished last year: the last window in code order (else the last unit). */
  String commitmentsLeft(String campaign) {
    List<String> units = tasks(campaign, "Task_PublishCommitments").stream().map(this::unitOf).sorted().toList();
    return units.stream().filter(u -> u.matches(".*-w\\d+")).reduce((a, b) -> b).orElse(units.isEmpty() ? "" : units.get(units.size() - 1));
  }

  private String unitOf(Task task) {
    return (String) actors.tasks().getVariable(task.getId(), "unitCode");
  }
}
