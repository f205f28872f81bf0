package org.servicestar.complaint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.servicestar.scoring.CityDataGenerator;
import org.servicestar.support.Benchmarks;
import org.servicestar.support.Benchmarks.Goal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 9, growth: does the engine's history cleanup keep up? Closes complaints (the substantiated
 * path, as {@link ComplaintLifecycleBenchmark}) with the engine's clock set back by their history
 * time to live and a day, so that their history is due for removal now, then runs the history cleanup
 * job (the settings of application.yaml: removal-time based, batch size, parallelism) by hand until
 * all of it is gone. Prints history rows removed per second against a city's daily inflow (5 000
 * complaints a year, the city) and what one night's cleanup window removes; and the bytes a
 * rating takes (100 000 generated ones), for the database's growth per year.
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=HistoryCleanupBenchmark</pre>
 * {@code -Dbenchmark.complaints=N} (default 300).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "logging.level.org.servicestar.notification=warn")
@ActiveProfiles({"test", "postgres"})
class HistoryCleanupBenchmark {

  private static final int COMPLAINTS = Integer.getInteger("benchmark.complaints", 300);
  private static final int COMPLAINTS_PER_YEAR = 5_000;
  private static final int RATINGS = 100_000;
  /** Removal time is stamped on every history row of a process instance tree when its root ends. */
  private static final List<String> HISTORY_TABLES = List.of("act_hi_procinst", "act_hi_actinst", "act_hi_taskinst",
      "act_hi_varinst", "act_hi_detail", "act_hi_identitylink", "act_hi_job_log", "act_hi_op_log", "act_hi_decinst",
      "act_hi_dec_in", "act_hi_dec_out", "act_hi_incident", "act_hi_comment", "act_hi_attachment", "act_hi_ext_task_log");
  private static final EmbeddedPostgres POSTGRES = Benchmarks.startPostgres();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    Benchmarks.use(POSTGRES, registry);
  }

  @AfterAll
  static void stop() {
    Benchmarks.stop(POSTGRES);
  }

  @Autowired
  ApplicationContext context;
  @Autowired
  ProcessEngine engine;
  @Autowired
  HistoryService history;
  @Autowired
  ManagementService management;
  @Autowired
  JdbcTemplate jdbc;

  @Test
  void cleanupKeepsUpWithACitysHistory() {
    ComplaintDriver driver = new ComplaintDriver(context, "hc-", 20);
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    int ttlDays = context.getBean(org.camunda.bpm.engine.RepositoryService.class).createProcessDefinitionQuery()
        .processDefinitionKey(ComplaintHandlingIds.PROCESS).latestVersion().singleResult().getHistoryTimeToLive();
    ClockUtil.setCurrentTime(Date.from(Instant.now().minus(Duration.ofDays(ttlDays + 1L))));
    try {
      for (int i = 0; i < COMPLAINTS; i++) {
        driver.complaint();
      }
    } finally {
      ClockUtil.reset();
    }
    long due = removable();
    long all = historyRows();
    assertThat(due).as("history rows due for removal").isPositive();

    Job job = history.cleanUpHistoryAsync(true);
    long t = System.nanoTime();
    int runs = 0;
    long left = due;
    while (left > 0) {
      management.executeJob(job.getId());
      runs++;
      long now = removable();
      if (now == left) {
        break; // no progress: the assertion below says so
      }
      left = now;
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    assertThat(left).as("history rows still due after " + runs + " cleanup runs").isZero();
    double perSecond = due / seconds;
    double rowsPerComplaint = (double) due / COMPLAINTS;
    double dailyInflow = rowsPerComplaint * COMPLAINTS_PER_YEAR / 365;
    String start = config.getHistoryCleanupBatchWindowStartTime();
    String end = config.getHistoryCleanupBatchWindowEndTime();
    double windowSeconds = windowSeconds(start, end);
    // Ratings are plain rows (no engine history): their size with every index, from 100 000 generated ones.
    long ratingBytes0 = jdbc.queryForObject("select pg_total_relation_size('rating')", Long.class);
    new CityDataGenerator(jdbc.getDataSource(), 20261128L, 2051, "gr-", new CityDataGenerator.Size(1, 1, 1, 4, 4, 1, RATINGS, 10, 10))
        .generate();
    jdbc.execute("vacuum analyze rating");
    double bytesPerRating = (jdbc.queryForObject("select pg_total_relation_size('rating')", Long.class) - ratingBytes0)
        / (double) RATINGS;
    System.out.println(String.format(Locale.ROOT, """

        ===== History cleanup on PostgreSQL 17 (embedded), this machine =====
        settings: strategy %s, removal time at %s, batch size %d, parallelism %d, window %s–%s; ComplaintHandling keeps %d days
        %d complaints closed %d days ago: %,d history rows due (of %,d), %.0f rows per complaint
        cleanup: %d job runs removed them in %.1f s = %,.0f rows/s
        a city's inflow: %,d complaints a year = %,.0f history rows a day; one night's window (%.1f h) removes %,.0f rows
        ratings: %.0f bytes each on disk with their indexes = %.2f GB for a city's 1 000 000 a year
        growth history cleanup: %,.0f rows/s vs inflow %,.0f rows/day, one window clears %.0f days of inflow
        ====================================================================
        """, config.getHistoryCleanupStrategy(), config.getHistoryRemovalTimeStrategy(), config.getHistoryCleanupBatchSize(),
        config.getHistoryCleanupDegreeOfParallelism(), start, end, ttlDays, COMPLAINTS, ttlDays + 1, due, all, rowsPerComplaint,
        runs, seconds, perSecond, COMPLAINTS_PER_YEAR, dailyInflow, windowSeconds / 3600, perSecond * windowSeconds,
        bytesPerRating, bytesPerRating * 1_000_000 / 1e9,
        perSecond, dailyInflow, perSecond * windowSeconds / dailyInflow));
    Benchmarks.result("growth history cleanup, days of inflow one window clears", perSecond * windowSeconds / dailyInflow, 1,
        Goal.AT_LEAST, 1);
  }

  private long removable() {
    return HISTORY_TABLES.stream().mapToLong(table -> jdbc.queryForObject(
        "select count(*) from " + table + " where removal_time_ < now()", Long.class)).sum();
  }

  private long historyRows() {
    return HISTORY_TABLES.stream().mapToLong(table -> jdbc.queryForObject("select count(*) from " + table, Long.class)).sum();
  }

  /** The window's length; a window over midnight wraps. */
  private static double windowSeconds(String start, String end) {
    if (start == null || end == null) {
      return 24 * 3600;
    }
    int from = java.time.LocalTime.parse(start).toSecondOfDay();
    int to = java.time.LocalTime.parse(end).toSecondOfDay();
    return to > from ? to - from : 24 * 3600 - from + to;
  }
}
