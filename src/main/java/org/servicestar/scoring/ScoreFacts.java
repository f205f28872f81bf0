package org.servicestar.scoring;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import org.servicestar.complaint.CountedComplaints;
import org.servicestar.evaluation.EvaluationRound;
import org.servicestar.inspection.InspectionStatus;
import org.servicestar.rating.CountedRatings;
import org.servicestar.rectification.RectificationEvent.EventKind;
import org.servicestar.rectification.RectificationStatus;
import org.servicestar.sentiment.SentimentStatus;
import org.servicestar.veto.VetoStatus;
import org.servicestar.web.DatabaseProduct;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everything a scoring run reads, one set-based query per kind of record for the whole year (never
 * one query per unit): the million ratings are aggregated in the database, grouped by unit and named
 * staff member in one pass; the smaller records of the year come back as rows, because each becomes a
 * line of some unit's explanation anyway. The year is the calendar year of the campaign (ratings by
 * their Shanghai day, complaints, rectifications, public opinion and vetoes by when they were recorded;
 * inspections, evaluations and contests carry their campaign year). The lists that run into
 * thousands of rows (units, ratings, inspections, staff) are mapped by hand: mapping records by
 * reflection took a quarter of a second for a city's 10 000 inspections alone.
 */
@Repository
class ScoreFacts {

  record UnitNode(long id, String code, String name, String type, Long parentId) {
  }

  /** Ratings of one unit naming one staff member (or none): counted ones, their levels' sum, and the excluded ones. */
  record RatingAgg(long unitId, String staffBadge, long counted, long levelSum, long excluded) {
  }

  record InspectionRow(String number, String unitCode, String inspectionType, BigDecimal scorePct, LocalDateTime conductedAt) {
  }

  record RoundRow(String number, String unitCode, int unitScore) {
  }

  /** Scores (1–10) summed per unit or per staff member, with the latest round they came from. */
  record ScoreSum(String subject, String latestRound, long total, long scores) {
  }

  record ContestRow(long contestId, String contestName, String unitCode, String staffBadge, Integer resultRank, BigDecimal points) {
  }

  /** A public-opinion issue of the unit, positive or negative: either way public opinion of it was measured. */
  record SentimentRow(String number, String unitCode, String status, String severity, boolean negative) {
    boolean handled() {
      return SentimentStatus.CLOSED.name().equals(status);
    }
  }

  record ComplaintRow(String number, String unitCode, String severity) {
  }

  record RectificationRow(String number, String unitCode, int returnCount, boolean overdueUnjustified) {
  }

  record VetoRow(long id, String unitCode, int clause, String status) {
    boolean confirmed() {
      return VetoStatus.CONFIRMED.name().equals(status);
    }
  }

  record StaffRow(String badgeNo, String name, String unitCode) {
  }

  /** All the year's facts. */
  record Year(int year, List<UnitNode> units, List<RatingAgg> ratings, List<InspectionRow> inspections,
              List<RoundRow> rounds, List<ScoreSum> unitPeers, List<ScoreSum> staffPeers, List<ScoreSum> staffLeaders,
              List<ContestRow> contests, List<SentimentRow> sentiments, List<ComplaintRow> complaints,
              List<RectificationRow> rectifications, List<VetoRow> vetoes, List<StaffRow> staff) {
  }

  private static final CountedRatings COUNTED = CountedRatings.as("r", "c");

  private final JdbcClient jdbc;
  private final Executor background;
  private final TransactionTemplate readOnly;
  private final String aggregateWorkMem;
  private final DatabaseProduct database;

  ScoreFacts(JdbcClient jdbc, PlatformTransactionManager transactions, DataSource dataSource,
             @Value("${servicestar.scoring.aggregate-work-mem:64MB}") String aggregateWorkMem) {
    this.jdbc = jdbc;
    this.database = new DatabaseProduct(dataSource);
    if (!aggregateWorkMem.matches("\\d{1,6}(kB|MB|GB)")) {
      throw new IllegalArgumentException("servicestar.scoring.aggregate-work-mem: a size such as 64MB, not " + aggregateWorkMem);
    }
    this.aggregateWorkMem = aggregateWorkMem;
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    // its own threads, like ScoringJobs: the engine's job executor pool must not lose threads to scoring
    SimpleAsyncTaskExecutor own = new SimpleAsyncTaskExecutor("scoring-facts-");
    own.setConcurrencyLimit(4);
    this.background = own;
  }

  /**
   * Starts the ratings' aggregate, the longest part of a run's reading, on a connection of its own:
   * the run starts it before anything else (even before it records itself), so that everything it
   * does meanwhile costs no time of its own.
   */
  CompletableFuture<List<RatingAgg>> startRatings(int year) {
    return CompletableFuture.supplyAsync(() -> ratings(year), background);
  }

  /**
   * Reads the rest of the year in this thread while the ratings' aggregate is under way — in the
   * caller's transaction, so a veto or complaint the same transaction wrote still counts (ratings
   * only ever arrive committed, from the public rating endpoints) — and leaves the caller to do what
   * it can before it needs the ratings.
   */
  Loading load(int year, CompletableFuture<List<RatingAgg>> ratings) {
    LocalDateTime from = LocalDate.of(year, 1, 1).atStartOfDay();
    LocalDateTime to = from.plusYears(1);
    Year rest = new Year(year, units(), null, inspections(year), rounds(year), unitPeers(year), staffPeers(year),
        staffLeaders(year), contests(year), sentiments(from, to), complaints(from, to), rectifications(from, to),
        vetoes(from, to), staff());
    return new Loading(rest, ratings);
  }

  /** The year's facts with the ratings' aggregate still under way. */
  record Loading(Year rest, CompletableFuture<List<RatingAgg>> ratings) {
    Year join() {
      try {
        Year r = rest;
        return new Year(r.year(), r.units(), ratings.join(), r.inspections(), r.rounds(), r.unitPeers(), r.staffPeers(),
            r.staffLeaders(), r.contests(), r.sentiments(), r.complaints(), r.rectifications(), r.vetoes(), r.staff());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
  }

  private List<UnitNode> units() {
    return jdbc.sql("select id, code, name, type, parent_id from unit")
        .query((rs, n) -> new UnitNode(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, Long.class)))
        .list();
  }

  /**
   * The one pass over the ratings; which of them count is the rating feature's rule. On PostgreSQL it
   * runs with {@code servicestar.scoring.aggregate-work-mem} (64MB) for its own transaction: grouped by
   * unit and staff badge, a province's year has some 60 000 groups, whose hash table outgrew the default
   * 4MB and spilled to disk (ScoringBenchmark -Dbenchmark.plans shows the plan's batches).
   */
  List<RatingAgg> ratings(int year) {
    return readOnly.execute(status -> {
      if (database.isPostgres()) {
        jdbc.sql("set local work_mem = '" + aggregateWorkMem + "'").update();
      }
      return ratingsAggregate(year);
    });
  }

  /** The aggregate's statement, for the benchmark's plans. */
  static final String RATINGS_AGGREGATE = """
      select r.unit_id, r.staff_badge,
             sum(case when %1$s then 0 else 1 end) as counted,
             sum(case when %1$s then 0 else r.level end) as level_sum,
             sum(case when %1$s then 1 else 0 end) as excluded
        from %2$s
       where r.rated_day >= ? and r.rated_day < ?
       group by r.unit_id, r.staff_badge""".formatted(COUNTED.countsNowhere(), COUNTED.from());

  private List<RatingAgg> ratingsAggregate(int year) {
    return jdbc.sql(RATINGS_AGGREGATE).params(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1))
        .query((rs, n) -> new RatingAgg(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))).list();
  }

  private List<InspectionRow> inspections(int year) {
    return jdbc.sql("""
            select number, unit_code, inspection_type, score_pct, conducted_at from inspection
             where campaign_year = ? and status = ? and score_pct is not null order by conducted_at, id""")
        .params(year, InspectionStatus.DONE.name())
        .query((rs, n) -> new InspectionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
            rs.getObject(5, LocalDateTime.class)))
        .list();
  }

  private List<RoundRow> rounds(int year) {
    return jdbc.sql("select number, unit_code, unit_score from evaluation_round where campaign_year = ? and year_round = ? and unit_score is not null order by number")
        .params(year, EvaluationRound.THE_YEARS_ROUND).query(RoundRow.class).list();
  }

  private List<ScoreSum> unitPeers(int year) {
    return jdbc.sql("""
            select r.unit_code as subject, max(r.number) as latest_round, sum(p.score) as total, count(*) as scores
              from evaluation_peer_score p join evaluation_round r on r.id = p.round_id
             where r.campaign_year = ? and r.year_round = ? group by r.unit_code""")
        .params(year, EvaluationRound.THE_YEARS_ROUND).query(ScoreSum.class).list();
  }

  private List<ScoreSum> staffPeers(int year) {
    return jdbc.sql("""
            select p.ratee_badge as subject, max(r.number) as latest_round, sum(p.score) as total, count(*) as scores
              from evaluation_peer_score p join evaluation_round r on r.id = p.round_id
             where r.campaign_year = ? and r.year_round = ? group by p.ratee_badge""")
        .params(year, EvaluationRound.THE_YEARS_ROUND).query(ScoreSum.class).list();
  }

  private List<ScoreSum> staffLeaders(int year) {
    return jdbc.sql("""
            select s.badge_no as subject, max(r.number) as latest_round, sum(s.leader_score) as total, count(*) as scores
              from evaluation_staff s join evaluation_round r on r.id = s.round_id
             where r.campaign_year = ? and r.year_round = ? and s.leader_score is not null group by s.badge_no""")
        .params(year, EvaluationRound.THE_YEARS_ROUND).query(ScoreSum.class).list();
  }

  private List<ContestRow> contests(int year) {
    return jdbc.sql("""
            select c.id as contest_id, c.name as contest_name, cr.unit_code, cr.staff_badge, cr.result_rank, cr.points
              from contest_result cr join contest c on c.id = cr.contest_id
             where c.campaign_year = ? order by c.held_on, c.id, cr.id""")
        .param(year).query(ContestRow.class).list();
  }

  private List<SentimentRow> sentiments(LocalDateTime from, LocalDateTime to) {
    return jdbc.sql("""
            select number, unit_code, status, severity, negative from sentiment
             where recorded_at >= ? and recorded_at < ? order by number""")
        .params(from, to).query(SentimentRow.class).list();
  }

  /** The complaints that count against their unit, by the complaint feature's rule. */
  private List<ComplaintRow> complaints(LocalDateTime from, LocalDateTime to) {
    return jdbc.sql("""
            select c.number, c.unit_code, c.severity from complaint c
             where %s and c.created_at >= ? and c.created_at < ? order by c.number""".formatted(CountedComplaints.countAgainstUnit("c")))
        .params(from, to).query(ComplaintRow.class).list();
  }

  /** Rectifications returned as 不到位, or overdue (now or once) without the leading group ruling the delay justified. */
  private List<RectificationRow> rectifications(LocalDateTime from, LocalDateTime to) {
    return jdbc.sql("""
            select number, unit_code, return_count, overdue and not justified as overdue_unjustified
              from (select r.number, r.unit_code, r.return_count,
                           case when r.status = ? or exists (select 1 from rectification_event e
                                     where e.rectification_id = r.id and e.kind = ?) then true else false end as overdue,
                           case when exists (select 1 from rectification_event e
                                     where e.rectification_id = r.id and e.kind = ?) then true else false end as justified
                      from rectification r where r.opened_at >= ? and r.opened_at < ?) x
             where return_count > 0 or (overdue and not justified) order by number""")
        .params(RectificationStatus.OVERDUE.name(), EventKind.OVERDUE.name(), EventKind.OVERDUE_JUSTIFIED.name(), from, to).query(RectificationRow.class).list();
  }

  private List<VetoRow> vetoes(LocalDateTime from, LocalDateTime to) {
    return jdbc.sql("""
            select id, unit_code, clause, status from veto_record
             where status in (?, ?) and recorded_at >= ? and recorded_at < ? order by clause, id""")
        .params(VetoStatus.PENDING.name(), VetoStatus.CONFIRMED.name(), from, to).query(VetoRow.class).list();
  }

  private List<StaffRow> staff() {
    return jdbc.sql("select s.badge_no, s.name, u.code as unit_code from staff s join unit u on u.id = s.unit_id where s.active = true order by s.badge_no")
        .query((rs, n) -> new StaffRow(rs.getString(1), rs.getString(2), rs.getString(3))).list();
  }
}
