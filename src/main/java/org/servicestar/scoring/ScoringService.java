package org.servicestar.scoring;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.servicestar.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignService;
import org.servicestar.scoring.ScoreCalculator.StaffResult;
import org.servicestar.scoring.ScoreCalculator.UnitResult;
import org.servicestar.web.InvalidInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scores a campaign year: one {@code scoring_run} with its progress, every participating unit's score
 * with its explanation, stars from {@code StarRating}, ranks within each unit type, and the staff
 * scores. The run's bookkeeping and its results are written in transactions of their own
 * (REQUIRES_NEW), so other sessions see the progress while it runs — also when a process's service
 * task calls it inside the engine's transaction — and the year's previous results are replaced in one
 * transaction.
 */
@Service
public class ScoringService {

  /** What a run produced. */
  public record Outcome(long runId, int scoredUnits, int scoredStaff) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);

  /** A RUNNING row older than this was left by a node that died; it no longer blocks a new run. */
  static final int STALE_MINUTES = 30;

  private final ScoreFacts facts;
  private final ScoringRules rules;
  private final StarRatings stars;
  private final CampaignService campaigns;
  private final AuditTrail audit;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;
  private final Set<Integer> running = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  ScoringService(ScoreFacts facts, ScoringRules rules, StarRatings stars, CampaignService campaigns, AuditTrail audit,
                 JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
    this.clock = clock;
    this.facts = facts;
    this.rules = rules;
    this.stars = stars;
    this.campaigns = campaigns;
    this.audit = audit;
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Scores the year now, in the caller's thread. Refused while another run of the same year is going. */
  public Outcome run(int year, String actor) {
    claim(year);
    try {
      return runClaimed(year, actor);
    } finally {
      release(year);
    }
  }

  /** Whether a run of the year is going, here or (started less than 30 minutes ago) on another node. */
  public boolean isRunning(int year) {
    return running.contains(year) || runningElsewhere(year);
  }

  void claim(int year) {
    if (!running.add(year)) {
      throw new ScoringAlreadyRunning(year);
    }
    if (runningElsewhere(year)) {
      running.remove(year);
      throw new ScoringAlreadyRunning(year);
    }
  }

  void release(int year) {
    running.remove(year);
  }

  private boolean runningElsewhere(int year) {
    Integer n = jdbc.queryForObject("select count(*) from scoring_run where campaign_year = ? and status = 'RUNNING' and started_at > ?",
        Integer.class, year, LocalDateTime.now(clock).minusMinutes(STALE_MINUTES));
    return n != null && n > 0;
  }

  /** The run itself, once {@link #claim} succeeded. */
  Outcome runClaimed(int year, String actor) {
    // when each phase ended, for the log line (issue 9: where a city's run spends its time)
    long[] t = new long[7];
    t[0] = System.nanoTime();
    Campaign campaign = campaigns.ofYear(year).orElseThrow(() -> InvalidInputException.of("year", "没有 " + year + " 年的竞赛活动"));
    // the ratings first: should the run not get as far as using them, the aggregate ends unused, having only read
    CompletableFuture<List<ScoreFacts.RatingAgg>> ratings = facts.startRatings(year);
    List<String> participants = campaigns.participantsOf(campaign);
    long runId = inOwnTransaction(() -> startRun(year, participants.size(), actor));
    try {
      t[1] = System.nanoTime();
      ScoreFacts.Loading loading = facts.load(year, ratings);
      Outcome outcome = inOwnTransaction(() -> {
        // the previous results go while the ratings are still being aggregated
        deleteResults(year);
        ScoreFacts.Year loaded = loading.join();
        t[2] = System.nanoTime();
        ScoreCalculator calculator = new ScoreCalculator(loaded, rules.of(year),
            campaign.weightInspection(), campaign.weightDaily(), campaign.weightSupervision());
        Progress progress = new Progress(runId, participants.size());
        List<UnitResult> units = calculator.units(participants, progress::step);
        t[3] = System.nanoTime();
        rateAndRank(units);
        t[4] = System.nanoTime();
        Map<String, Boolean> vetoed = new HashMap<>();
        units.forEach(u -> vetoed.put(u.unit.code(), u.vetoed));
        List<StaffResult> staff = calculator.staff(new HashSet<>(vetoed.keySet()), vetoed);
        rankStaff(staff);
        t[5] = System.nanoTime();
        writeResults(year, runId, units, staff);
        audit.record("SCORING_RUN", Campaign.codeOf(year),
            "评分 #" + runId + "（" + actor + "）：" + units.size() + " 个单位，" + staff.size() + " 名工作人员");
        t[6] = System.nanoTime();
        return new Outcome(runId, units.size(), staff.size());
      });
      long committed = System.nanoTime();
      LOG.info("Scoring {} run #{}: {} units, {} staff; starting {} ms, facts {} ms (the ratings' aggregate started before; "
              + "the previous results deleted meanwhile), units {} ms, stars {} ms, staff {} ms, writing {} ms, commit {} ms",
          year, runId, outcome.scoredUnits(), outcome.scoredStaff(), ms(t[0], t[1]), ms(t[1], t[2]), ms(t[2], t[3]), ms(t[3], t[4]), ms(t[4], t[5]), ms(t[5], t[6]),
          ms(t[6], committed));
      return outcome;
    } catch (RuntimeException e) {
      String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      inOwnTransaction(() -> jdbc.update("update scoring_run set status = 'FAILED', finished_at = ?, error = ? where id = ?",
          LocalDateTime.now(clock), error.length() > 2000 ? error.substring(0, 2000) : error, runId));
      throw e;
    }
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private <T> T inOwnTransaction(Supplier<T> work) {
    return ownTransaction.execute(status -> work.get());
  }

  private long startRun(int year, int total, String actor) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(connection -> {
      var ps = connection.prepareStatement("""
          insert into scoring_run (campaign_year, status, units_total, units_done, started_by, started_at)
          values (?, 'RUNNING', ?, 0, ?, ?)""", new String[] {"id"});
      ps.setInt(1, year);
      ps.setInt(2, total);
      ps.setString(3, actor);
      ps.setObject(4, LocalDateTime.now(clock));
      return ps;
    }, keys);
    return keys.getKey().longValue();
  }

  /**
   * Writes units_done every twentieth of the way, each in a short transaction of its own — but not
   * more often than a person watching the page could notice: on an idle server a city's units take
   * a tenth of a second, and twenty commits would cost half as much again.
   */
  private final class Progress {
    private static final long QUIET_NANOS = 250_000_000L;
    private final long runId;
    private final int every;
    private int done;
    private long written = System.nanoTime();

    Progress(long runId, int total) {
      this.runId = runId;
      this.every = Math.max(1, total / 20);
    }

    void step() {
      done++;
      if (done % every == 0 && System.nanoTime() - written >= QUIET_NANOS) {
        int now = done;
        inOwnTransaction(() -> jdbc.update("update scoring_run set units_done = ? where id = ?", now, runId));
        written = System.nanoTime();
      }
    }
  }

  /** Stars through StarRating (a vetoed unit gets none), then ranks within each type among the units not vetoed. */
  private void rateAndRank(List<UnitResult> units) {
    List<BigDecimal> totals = units.stream().filter(u -> !u.vetoed).map(u -> u.total).toList();
    StarRatings.Stars table = totals.isEmpty() ? null : stars.of(totals);
    for (UnitResult u : units) {
      if (u.vetoed) {
        u.stars = 0;
        u.explanation.add("STARS", "评星定档：已被一票否决，不评星", u.total, null, null, null);
      } else {
        u.stars = table.of(u.total);
        u.explanation.add("STARS", "评星定档（决策表 StarRating 第 " + table.decisionVersion() + " 版）：" + "★".repeat(u.stars),
            u.total, null, null, null);
      }
    }
    Map<String, List<UnitResult>> byType = new HashMap<>();
    units.stream().filter(u -> !u.vetoed).forEach(u -> byType.computeIfAbsent(u.unit.type(), t -> new ArrayList<>()).add(u));
    byType.values().forEach(list -> rank(list, u -> u.total, (u, rank) -> u.rank = rank));
  }

  private static void rankStaff(List<StaffResult> staff) {
    rank(new ArrayList<>(staff), s -> s.total, (s, rank) -> s.rank = rank);
  }

  /** Competition ranking: equal totals share a rank, the next one skips (1, 2, 2, 4). */
  private static <T> void rank(List<T> items, Function<T, BigDecimal> total, BiConsumer<T, Integer> setRank) {
    items.sort(Comparator.comparing(total).reversed());
    int rank = 0;
    for (int i = 0; i < items.size(); i++) {
      if (i == 0 || total.apply(items.get(i)).compareTo(total.apply(items.get(i - 1))) != 0) {
        rank = i + 1;
      }
      setRank.accept(items.get(i), rank);
    }
  }

  private void deleteResults(int year) {
    jdbc.update("delete from score_explanation where campaign_year = ?", year);
    jdbc.update("delete from unit_score where campaign_year = ?", year);
    jdbc.update("delete from staff_score where campaign_year = ?", year);
  }

  private void writeResults(int year, long runId, List<UnitResult> units, List<StaffResult> staff) {
    LocalDateTime now = LocalDateTime.now(clock);
    List<SqlParameterValue[]> unitRows = new ArrayList<>();
    List<Explanation> explanations = new ArrayList<>(units.size() + staff.size());
    for (UnitResult u : units) {
      unitRows.add(new SqlParameterValue[] {integer(year), text(u.unit.code()), number(runId), text(u.unit.type()),
          number(u.inspection), number(u.daily), number(u.supervision), number(u.deductions),
          number(u.total), integer(u.stars), bool(u.vetoed), text(u.vetoClauses), integer(u.pendingVetoes), integer(u.rank),
          time(now)});
      explanations.add(u.explanation);
    }
    List<SqlParameterValue[]> staffRows = new ArrayList<>();
    for (StaffResult s : staff) {
      staffRows.add(new SqlParameterValue[] {integer(year), text(s.staff.badgeNo()), text(s.staff.unitCode()), number(runId),
          number(s.total), integer(s.rank), bool(s.unitVetoed), time(now)});
      explanations.add(s.explanation);
    }
    BulkInsert.into(jdbc, "unit_score", """
        campaign_year, unit_code, run_id, unit_type, inspection_score, daily_score, supervision_score, deductions, total,
        stars, vetoed, veto_clauses, pending_vetoes, rank_in_type, computed_at""", 15, unitRows);
    BulkInsert.into(jdbc, "staff_score", "campaign_year, badge_no, unit_code, run_id, total, rank_overall, unit_vetoed, computed_at",
        8, staffRows);
    // each subject's JSON is made when COPY comes to its row, while PostgreSQL stores the rows sent before
    List<SqlParameterValue[]> explanationRows = new AbstractList<>() {
      @Override
      public SqlParameterValue[] get(int index) {
        Explanation e = explanations.get(index);
        return new SqlParameterValue[] {integer(year), text(e.subject), text(Explanation.json(e.lines))};
      }

      @Override
      public int size() {
        return explanations.size();
      }
    };
    BulkInsert.into(jdbc, "score_explanation", "campaign_year, subject, lines", 3, explanationRows);
    jdbc.update("update scoring_run set status = 'DONE', units_done = units_total, finished_at = ? where id = ?", now, runId);
  }

  private static SqlParameterValue integer(Integer v) {
    return new SqlParameterValue(Types.INTEGER, v);
  }

  private static SqlParameterValue number(Object v) {
    return new SqlParameterValue(v instanceof Long ? Types.BIGINT : Types.NUMERIC, v);
  }

  private static SqlParameterValue text(String v) {
    return new SqlParameterValue(Types.VARCHAR, v);
  }

  private static SqlParameterValue bool(boolean v) {
    return new SqlParameterValue(Types.BOOLEAN, v);
  }

  private static SqlParameterValue time(LocalDateTime v) {
    return new SqlParameterValue(Types.TIMESTAMP, v);
  }
}
