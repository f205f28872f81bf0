package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.servicestar.support.Benchmarks;
import org.servicestar.support.Benchmarks.Goal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 5's scale benchmark, run on purpose, never by {@code mvn verify} (its name matches neither
 * surefire's nor failsafe's patterns):
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ScoringBenchmark</pre>
 * On embedded PostgreSQL 17: generates a city (2 000 windows, a million ratings, 10 000 inspections,
 * 5 000 complaints, …, {@link CityDataGenerator}), then times a full scoring run against one
 * hand-written SQL aggregate over the same ratings (counted ratings and satisfaction per unit, with the
 * same exclusions), in the same JVM on the same data, and prints the figures and their ratio. Each
 * is run twice to warm up ({@code -Dbenchmark.warmups}), then they are measured in turns, seven rounds
 * ({@code -Dbenchmark.rounds}), and the median of each counts; the last line, {@code RESULT
 * scoring-city …}, is the one to quote. The scoring run is the whole of it — reading the year, computing,
 * replacing the year's results (65 000 explanation lines) and committing — as a campaign's service
 * task runs it. The service logs each run's phases (starting, facts, units, stars, staff, writing, commit);
 * {@code -Dbenchmark.statements=N} prints the N statements of the measured rounds that took longest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class ScoringBenchmark {

  private static final int YEAR = 2050;
  /**
   * {@code -Dbenchmark.url=jdbc:postgresql://…} runs against a database of your own instead of a fresh
   * embedded one, and keeps the city there: a second run skips generating it, and the plans can be
   * looked at with psql afterwards.
   */
  private static final String EXTERNAL_URL = System.getProperty("benchmark.url");
  /** {@code -Dbenchmark.rounds=N}: measured rounds after the warm-up (default 7; the median counts). */
  private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 7);
  /** {@code -Dbenchmark.warmups=N}: rounds run first and not counted (default 2). */
  private static final int WARMUPS = Integer.getInteger("benchmark.warmups", 2);
  private static final EmbeddedPostgres POSTGRES = EXTERNAL_URL == null ? Benchmarks.startPostgres() : null;

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES == null ? EXTERNAL_URL : POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  @AfterAll
  static void stop() {
    if (POSTGRES != null) {
      Benchmarks.stop(POSTGRES);
    }
  }

  @Autowired
  DataSource dataSource;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  ScoringService scoring;
  @Autowired
  PlatformTransactionManager transactions;

  @Test
  void scoringACityTakesSecondsNotMinutes() {
    CityDataGenerator.Size size = CityDataGenerator.Size.fromProperty();
    long g0 = System.nanoTime();
    if (jdbc.queryForObject("select count(*) from rating", Long.class) == 0) {
      new CityDataGenerator(dataSource, 20260501L, YEAR, "bm-", size).generate();
      jdbc.execute("analyze");
    }
    double generateSeconds = (System.nanoTime() - g0) / 1e9;
    long ratings = jdbc.queryForObject("select count(*) from rating", Long.class);
    assertThat(ratings).isEqualTo(size.ratings());

    // The same figures scoring takes from the ratings, for units: counted ratings and satisfaction per
    // unit for the year, leaving out what the office excluded and bad reviews excluded after an upheld appeal.
    Runnable aggregate = () -> jdbc.queryForList("""
        select r.unit_id, count(*) as ratings, (avg(r.level) - 1) * 25 as satisfaction from rating r
         where r.rated_day >= ? and r.rated_day < ? and not r.excluded
           and not exists (select 1 from complaint c where c.number = r.complaint_number and c.review_excluded)
         group by r.unit_id""",
        LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR + 1, 1, 1));
    // The simplest aggregate one might write, without the appeal rule: shown for comparison.
    Runnable plain = () -> jdbc.queryForList("""
        select unit_id, count(*) as ratings, avg(level) as satisfaction from rating
         where rated_day >= ? and rated_day < ? and excluded = false group by unit_id""",
        LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR + 1, 1, 1));
    if (Boolean.getBoolean("benchmark.plans")) {
      // The scoring aggregate's plan with PostgreSQL's default work_mem and with the one scoring sets.
      for (String workMem : List.of("4MB", "64MB")) {
        String plan = new TransactionTemplate(transactions).execute(status -> {
          jdbc.execute("set local work_mem = '" + workMem + "'");
          return String.join("\n", jdbc.queryForList("explain (analyze, buffers) " + ScoreFacts.RATINGS_AGGREGATE, String.class,
              LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR + 1, 1, 1)));
        });
        System.out.println("\n===== scoring's ratings aggregate, work_mem " + workMem + " =====\n" + plan);
      }
    }
    AtomicReference<ScoringService.Outcome> last = new AtomicReference<>();
    Runnable score = () -> last.set(scoring.run(YEAR, "benchmark"));
    List<Runnable> work = List.of(aggregate, plain, score);
    // Warmed up (JIT, plans, the decision table, the results' pages) before anything counts; then measured in
    // turns, so that all three see the same machine in each round; the median of each counts.
    for (int w = 0; w < WARMUPS; w++) {
      work.forEach(Runnable::run);
    }
    Benchmarks.resetStatements(jdbc);
    double[][] seconds = new double[work.size()][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < work.size(); i++) {
        long t = System.nanoTime();
        work.get(i).run();
        seconds[i][round] = (System.nanoTime() - t) / 1e9;
      }
    }
    double aggregateSeconds = median(seconds[0]);
    double plainSeconds = median(seconds[1]);
    double scoringSeconds = median(seconds[2]);
    int units = jdbc.queryForObject("select count(*) from unit_score where campaign_year = ?", Integer.class, YEAR);
    int lines = jdbc.queryForList("select lines from score_explanation where campaign_year = ?", String.class, YEAR).stream()
        .mapToInt(json -> Explanation.lines(json).size()).sum();
    int staff = jdbc.queryForObject("select count(*) from staff_score where campaign_year = ?", Integer.class, YEAR);
    System.out.println(String.format(Locale.ROOT, """

        ===== Scoring a city on PostgreSQL 17 (%s), this machine: median of %d rounds after %d warm-up =====
        data: %,d windows, %,d ratings, %,d inspections, %,d complaints (generated in %.1f s)
        hand-written aggregate (counted ratings, satisfaction per unit, same exclusions) : %8.3f s  rounds %s
        plain aggregate (count, avg level per unit, office exclusions only)              : %8.3f s  rounds %s
        full scoring run (%,d units, %,d staff, %,d lines)                                : %8.3f s  rounds %s
        ratio scoring / aggregate = %.2f   (scoring / plain aggregate = %.2f)
        =====================================================================
        scoring-city scoring=%.3fs aggregate=%.3fs plain=%.3fs ratio=%.2f (median of %d)
        %s""", POSTGRES == null ? "external" : "embedded", ROUNDS, WARMUPS, size.windows(), ratings, size.inspections(),
        size.complaints(), generateSeconds, aggregateSeconds, rounds(seconds[0]), plainSeconds, rounds(seconds[1]), units, staff,
        lines, scoringSeconds, rounds(seconds[2]), scoringSeconds / aggregateSeconds, scoringSeconds / plainSeconds,
        scoringSeconds, aggregateSeconds, plainSeconds, scoringSeconds / aggregateSeconds, ROUNDS, Benchmarks.topStatements(jdbc)));
    System.out.printf(Locale.ROOT, "database size after scoring: %,d MB (ratings %,d MB)%n",
        jdbc.queryForObject("select pg_database_size(current_database())", Long.class) / (1 << 20),
        jdbc.queryForObject("select pg_total_relation_size('rating')", Long.class) / (1 << 20));
    Benchmarks.result("goal3 scoring " + size.factor() + "x a city, scoring / aggregate", scoringSeconds / aggregateSeconds, 2,
        Goal.AT_MOST, 3);
    Benchmarks.resultWithoutGoal("scoring " + size.factor() + "x a city, seconds", scoringSeconds, 3);
    assertThat(units).as("the last run's units are stored").isEqualTo(last.get().scoredUnits()).isGreaterThanOrEqualTo(size.windows());
    assertThat(staff).isEqualTo(last.get().scoredStaff());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String rounds(double[] values) {
    return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).collect(Collectors.joining(" "));
  }
}
