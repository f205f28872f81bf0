package org.servicestar.dashboard;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.servicestar.calendar.Workdays;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignPhase;
import org.servicestar.campaign.CampaignPlan;
import org.servicestar.campaign.CampaignPlans;
import org.servicestar.campaign.CampaignService;
import org.servicestar.campaign.PlanStatus;
import org.servicestar.complaint.ComplaintLabels;
import org.servicestar.complaint.ComplaintStatus;
import org.servicestar.dashboard.DashboardQueries.Count;
import org.servicestar.dashboard.DashboardQueries.LedgerFilter;
import org.servicestar.dashboard.DashboardQueries.LedgerRow;
import org.servicestar.dashboard.DashboardQueries.MonthFigures;
import org.servicestar.dashboard.DashboardQueries.UnitFigures;
import org.servicestar.rectification.RectificationDeadlines;
import org.servicestar.rectification.RectificationSource;
import org.servicestar.scoring.ScoreBoard;
import org.servicestar.scoring.ScoreBoard.UnitScore;
import org.servicestar.veto.VetoRecord;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoStatus;
import org.servicestar.web.PageOf;
import org.springframework.stereotype.Service;

/**
 * The figures of the leading group's dashboard (issue 7), each for a {@link Scope}: read through the
 * features' public classes where one fits, through {@link DashboardQueries} where a set-based
 * aggregate was missing. Nothing here writes.
 */
@Service
class Dashboard {

  /** The ranking's sections, in the order of the award categories (as on the score pages). */
  static final Map<String, String> UNIT_TYPES = new LinkedHashMap<>();

  /** The complaint categories of DESIGN.md ({@code Task_VerifyComplaint}), with their Chinese names. */
  static final Map<String, String> COMPLAINT_CATEGORIES = new LinkedHashMap<>();

  static {
    UNIT_TYPES.put("HALL", "服务大厅");
    UNIT_TYPES.put("SECTION", "科室队所");
    UNIT_TYPES.put("WINDOW", "窗口");
    UNIT_TYPES.put("DEPARTMENT", "部门");
    COMPLAINT_CATEGORIES.putAll(ComplaintLabels.CATEGORIES);
    COMPLAINT_CATEGORIES.put("", "未核实");
  }

  /** A dated phase of the campaign; {@code current} marks the phase the campaign is in. */
  record PhaseRow(String label, LocalDate start, LocalDate end, boolean current) {
  }

  record Overview(int year, Optional<Campaign> campaign, List<PhaseRow> phases, Map<String, Long> plans, long plansMissing,
                  List<CampaignPlan> ownPlans, long participants, long commitmentsPublished,
                  Map<LedgerState, Long> ledger, Map<String, Long> complaintsByStatus, Map<String, Long> complaintsByCategory,
                  long complaints, Map<VetoStatus, Long> vetoCounts, List<VetoRecord> vetoes, long commitmentsMissing) {
  }

  /**
   * A unit's place in the ranking with its trend against the previous year's final score (a scoring
   * run replaces its year's rows, so the previous year is the only earlier figure that is kept):
   * {@code change} in points, {@code rankChange} in places (positive = moved up); null without one.
   */
  record RankRow(UnitScore score, BigDecimal previousTotal, BigDecimal change, Integer rankChange) {

    /** "+1.5", "-2.0", or null without a previous score. */
    public String changeText() {
      return change == null ? null : (change.signum() > 0 ? "+" : "") + change.toPlainString();
    }

    /** "↑2", "↓1", or null when the place did not change or there is none to compare. */
    public String rankMove() {
      return rankChange == null || rankChange == 0 ? null : (rankChange > 0 ? "↑" : "↓") + Math.abs(rankChange);
    }
  }

  /**
   * The satisfaction page. {@code unitPage} is a page of the per-unit table, {@code rankPage} a page of
   * the month's every window (null when the page shows the best and the last only): a province's
   * 20 000 windows are {@value #ROWS_PER_PAGE} to a page.
   */
  record Satisfaction(int year, String unitType, List<MonthFigures> byMonth, PageOf<UnitFigures> unitPage, List<Integer> months,
                      Integer month, List<WindowRanking.Place> ranking, PageOf<WindowRanking.Place> rankPage, int ranked, boolean cut,
                      List<WindowRanking.Place> talks, Map<String, InterviewMarks.Mark> cases) {

    public List<UnitFigures> byUnit() {
      return unitPage.rows();
    }

    /** The 约谈 case of a window flagged in a month, or null (none opened yet). */
    public InterviewMarks.Mark caseOf(WindowRanking.Place place) {
      return cases.get(InterviewMarks.key(place.unitCode(), place.month()));
    }
  }

  /** A city's month has some 2 000 windows: unless asked for all, the page shows the top and the bottom of it. */
  static final int TOP_SHOWN = 10;
  static final int BOTTOM_SHOWN = 30;
  static final int ROWS_PER_PAGE = 500;

  record Ledger(Map<LedgerState, Long> counts, List<LedgerRow> rows, boolean truncated) {
  }

  static final int LEDGER_ROWS = 500;

  private final CampaignService campaigns;
  private final CampaignPlans plans;
  private final ScoreBoard scores;
  private final VetoRecords vetoes;
  private final Workdays workdays;
  private final DashboardQueries queries;
  private final Clock clock;
  private final List<InterviewMarks> interviews;
  private final RectificationDeadlines deadlines;
  private final RatingSnapshots snapshots;

  Dashboard(CampaignService campaigns, CampaignPlans plans, ScoreBoard scores, VetoRecords vetoes, Workdays workdays,
            DashboardQueries queries, Clock clock, List<InterviewMarks> interviews, RectificationDeadlines deadlines,
            RatingSnapshots snapshots) {
    this.deadlines = deadlines;
    this.snapshots = snapshots;
    this.clock = clock;
    this.interviews = interviews;
    this.campaigns = campaigns;
    this.plans = plans;
    this.scores = scores;
    this.vetoes = vetoes;
    this.workdays = workdays;
    this.queries = queries;
  }

  int thisYear() {
    return workdays.today().getYear();
  }

  Overview overview(int year, Scope scope) {
    Optional<Campaign> campaign = campaigns.ofYear(year);
    List<CampaignPlan> yearPlans = plans.ofYear(year).stream().filter(p -> scope.includes(p.unitCode())).toList();
    Map<String, Long> planCounts = new LinkedHashMap<>();
    for (PlanStatus status : PlanStatus.values()) {
      planCounts.put(status.name(), yearPlans.stream().filter(p -> p.status().equals(status.name())).count());
    }
    long missing = yearPlans.stream().filter(CampaignPlan::flaggedMissing).count();
    long commitmentsMissing = yearPlans.stream().filter(CampaignPlan::flaggedCommitmentsMissing).count();

    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (ComplaintStatus status : ComplaintStatus.values()) {
      byStatus.put(status.label(), 0L);
    }
    Map<String, Long> byCategory = new LinkedHashMap<>();
    COMPLAINT_CATEGORIES.values().forEach(label -> byCategory.put(label, 0L));
    long complaints = 0;
    for (Count c : queries.complaintCounts(year, scope)) {
      byStatus.merge(statusLabel(c.groupKey()), c.n(), Long::sum);
      byCategory.merge(COMPLAINT_CATEGORIES.getOrDefault(c.subKey(), c.subKey()), c.n(), Long::sum);
      complaints += c.n();
    }

    // Veto records carry no year: those recorded in the year, and any still waiting for a ruling.
    List<VetoRecord> yearVetoes = vetoes.ofYearOrPending(year).stream().filter(v -> scope.includes(v.unitCode())).toList();
    Map<VetoStatus, Long> vetoCounts = new EnumMap<>(VetoStatus.class);
    for (VetoStatus status : VetoStatus.values()) {
      vetoCounts.put(status, yearVetoes.stream().filter(v -> v.status() == status).count());
    }

    return new Overview(year, campaign, campaign.map(Dashboard::phases).orElse(List.of()), planCounts, missing,
        scope.allUnits() ? List.of() : yearPlans, yearPlans.size(), queries.commitmentsPublished(year, scope),
        ledgerCounts(ledgerFilter(year, scope, null, null)), byStatus, byCategory, complaints, vetoCounts, yearVetoes,
        commitmentsMissing);
  }

  private static String statusLabel(String status) {
    try {
      return ComplaintStatus.valueOf(status).label();
    } catch (IllegalArgumentException e) {
      return status;
    }
  }

  private static List<PhaseRow> phases(Campaign c) {
    CampaignPhase now = c.phase();
    return List.of(
        new PhaseRow(CampaignPhase.MOBILISATION.label(), c.mobilisationStart(), c.mobilisationEnd(), now == CampaignPhase.MOBILISATION),
        new PhaseRow(CampaignPhase.COMPETITION.label(), c.competitionStart(), c.competitionEnd(), now == CampaignPhase.COMPETITION),
        new PhaseRow("考核评比", c.assessmentStart(), c.assessmentEnd(),
            now == CampaignPhase.ASSESSMENT || now == CampaignPhase.REVIEW || now == CampaignPhase.AWARDS));
  }

  /**
   * One unit type's part of the ranking: at a glance, the {@value #RANK_HEAD} best and the
   * {@value #RANK_TAIL} last of a type with more than both ({@code cut}); the score pages list them all.
   */
  record RankSection(List<RankRow> rows, int units, boolean cut) {
    public int head() {
      return RANK_HEAD;
    }

    public int tail() {
      return RANK_TAIL;
    }
  }

  static final int RANK_HEAD = 20;
  static final int RANK_TAIL = 10;

  /** The year's ranking per unit type (in {@link #UNIT_TYPES} order), each row with its trend. */
  Map<String, RankSection> ranking(int year, Scope scope) {
    // The shown rows only: a lead's own units, or each type's best and last; then last year's of those.
    ScoreBoard.Glance glance = scope.allUnits() ? scores.headAndTail(year, RANK_HEAD, RANK_TAIL) : null;
    List<UnitScore> shown = glance == null ? scores.ofYear(year, scope.unitCodes()) : glance.rows();
    List<UnitScore> before = scores.ofYear(year - 1, shown.stream().map(UnitScore::unitCode).toList());
    Map<String, RankSection> sections = new LinkedHashMap<>();
    rankRows(shown, before).forEach((type, rows) -> {
      int units = glance == null ? rows.size() : glance.unitsPerType().get(type);
      sections.put(type, new RankSection(rows, units, units > rows.size()));
    });
    return sections;
  }

  private Map<String, List<RankRow>> rankRows(List<UnitScore> shown, List<UnitScore> lastYear) {
    Map<String, UnitScore> previous = lastYear.stream().collect(Collectors.toMap(UnitScore::unitCode, Function.identity()));
    Map<String, List<RankRow>> byType = new LinkedHashMap<>();
    UNIT_TYPES.keySet().forEach(type -> byType.put(type, new ArrayList<>()));
    for (UnitScore s : shown) {
      UnitScore before = previous.get(s.unitCode());
      BigDecimal change = before == null ? null : s.total().subtract(before.total());
      Integer rankChange = before == null || before.rankInType() == null || s.rankInType() == null
          || !before.unitType().equals(s.unitType()) ? null : before.rankInType() - s.rankInType();
      byType.computeIfAbsent(s.unitType(), t -> new ArrayList<>())
          .add(new RankRow(s, before == null ? null : before.total(), change, rankChange));
    }
    byType.values().removeIf(List::isEmpty);
    return byType;
  }

  Satisfaction satisfaction(int year, Scope scope, String unitType, Integer month, boolean everyWindow, int page, int unitPage) {
    String type = UNIT_TYPES.containsKey(unitType) ? unitType : "HALL";
    RatingSnapshots.Snapshot snapshot = snapshots.of(year);
    YearRatings ratings = snapshot.ratings();
    WindowRanking ranking = snapshot.windows();
    List<Integer> months = ranking.months();
    Integer shown = month != null && months.contains(month) ? month : months.isEmpty() ? null : months.get(months.size() - 1);
    List<WindowRanking.Place> places = shown == null ? List.of() : ranking.month(shown);
    int ranked = places.isEmpty() ? 0 : places.get(0).ranked();
    List<WindowRanking.Place> visible = places.stream().filter(p -> scope.includes(p.unitCode())).toList();
    boolean cut = !everyWindow && visible.size() > TOP_SHOWN + BOTTOM_SHOWN;
    if (cut) {
      List<WindowRanking.Place> rankedOnly = visible.stream().filter(p -> p.rank() != null).toList();
      List<WindowRanking.Place> ends = new ArrayList<>(rankedOnly.subList(0, Math.min(TOP_SHOWN, rankedOnly.size())));
      ends.addAll(rankedOnly.subList(Math.max(TOP_SHOWN, rankedOnly.size() - BOTTOM_SHOWN), rankedOnly.size()));
      visible = ends;
    }
    PageOf<WindowRanking.Place> rankPage = cut ? null : PageOf.of(visible, page, ROWS_PER_PAGE);
    return new Satisfaction(year, type, ratings.byMonth(scope), PageOf.of(ratings.byUnit(scope, type), unitPage, ROWS_PER_PAGE),
        months, shown, rankPage == null ? visible : rankPage.rows(), rankPage, ranked, cut,
        ranking.talks().stream().filter(p -> scope.includes(p.unitCode())).toList(),
        interviews.isEmpty() ? Map.of() : interviews.get(0).ofYear(year));
  }

  /**
   * How many months of {@code year} are complete: a month is complete once its last day has ended in
   * the app's zone (the Clock's), so 12 for a past year, 0 for a future one.
   */
  static int completeMonths(int year, Clock clock) {
    YearMonth lastComplete = YearMonth.now(clock).minusMonths(1);
    return year < lastComplete.getYear() ? 12 : year > lastComplete.getYear() ? 0 : lastComplete.getMonthValue();
  }

  Ledger ledger(int year, Scope scope, String unitCode, String source, LedgerState state) {
    String unit = unitCode == null || unitCode.isBlank() ? null : unitCode.strip();
    RectificationSource src = RectificationSource.parse(source);
    LedgerFilter filter = ledgerFilter(year, scope, unit, src == null ? null : src.name());
    List<LedgerRow> rows = queries.ledger(filter, state, LEDGER_ROWS + 1);
    return new Ledger(ledgerCounts(filter), rows.size() > LEDGER_ROWS ? rows.subList(0, LEDGER_ROWS) : rows,
        rows.size() > LEDGER_ROWS);
  }

  private LedgerFilter ledgerFilter(int year, Scope scope, String unitCode, String source) {
    return new LedgerFilter(year, scope, unitCode, source, LocalDateTime.now(clock), deadlines.dueSoonBefore());
  }

  private Map<LedgerState, Long> ledgerCounts(LedgerFilter filter) {
    Map<LedgerState, Long> counts = new EnumMap<>(LedgerState.class);
    for (LedgerState state : LedgerState.values()) {
      counts.put(state, 0L);
    }
    queries.ledgerCounts(filter).forEach(c -> counts.put(LedgerState.valueOf(c.groupKey()), c.n()));
    return counts;
  }
}
