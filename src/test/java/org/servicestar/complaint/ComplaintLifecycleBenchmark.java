package org.servicestar.complaint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
 * Issue 9, goal 1: complaints per second from the public intake to closure along the substantiated
 * path (triage, verify, rectify, accept, return visit), each task found, claimed and completed by its
 * person with Camunda's authorizations on — against the engine floor: a bare process with the same
 * five user tasks, the same answers and the same people's way of working, in the same engine and run.
 * Blocks of each alternate, so both see the same machine. Then the growth of the database per
 * complaint (and per floor instance), and the tables read by sequential scans (missing indexes).
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ComplaintLifecycleBenchmark</pre>
 * Variants: {@code -Dcamunda.bpm.history-level=audit}, {@code -Dcamunda.bpm.job-execution.enabled=true},
 * {@code -Dbenchmark.complaints=N} (default 500).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // the floor's tasks have no one to mail; that is logged per task at INFO
    properties = "logging.level.org.servicestar.notification=warn")
@ActiveProfiles({"test", "postgres"})
class ComplaintLifecycleBenchmark {

  private static final int COMPLAINTS = Integer.getInteger("benchmark.complaints", 500);
  private static final int BLOCK = 50;
  private static final int GROWTH_SAMPLE = 200;
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
  JdbcTemplate jdbc;

  @Test
  void complaintsAgainstTheEngineFloor() {
    ComplaintDriver driver = new ComplaintDriver(context, "cl-", 20);
    for (int i = 0; i < 30; i++) {
      driver.complaint();
      driver.floor();
    }
    Benchmarks.resetStatements(jdbc);
    driver.resetTimings();
    double appMs = 0;
    double floorMs = 0;
    for (int done = 0; done < COMPLAINTS; done += BLOCK) {
      appMs += Benchmarks.millis(() -> repeat(BLOCK, driver::complaint));
      floorMs += Benchmarks.millis(() -> repeat(BLOCK, driver::floor));
    }
    int rounds = (COMPLAINTS + BLOCK - 1) / BLOCK * BLOCK;
    double appRate = rounds / (appMs / 1000);
    double floorRate = rounds / (floorMs / 1000);
    assertThat(jdbc.queryForObject("select count(*) from complaint where status = 'CLOSED'", Long.class))
        .isEqualTo(30L + rounds);

    String timings = driver.timings();
    jdbc.execute("vacuum analyze");
    String top = Benchmarks.topStatements(jdbc);
    Map<String, long[]> before = Benchmarks.tableSizes(jdbc);
    Benchmarks.resetStatements(jdbc);
    repeat(GROWTH_SAMPLE, driver::complaint);
    Map<String, Long> complaintCalls = Benchmarks.statementCalls(jdbc);
    Map<String, long[]> afterComplaints = Benchmarks.tableSizes(jdbc);
    Benchmarks.resetStatements(jdbc);
    repeat(GROWTH_SAMPLE, driver::floor);
    Map<String, Long> floorCalls = Benchmarks.statementCalls(jdbc);
    Map<String, long[]> afterFloor = Benchmarks.tableSizes(jdbc);
    Map<String, long[]> perComplaint = Benchmarks.growth(before, afterComplaints);
    Map<String, long[]> perFloor = Benchmarks.growth(afterComplaints, afterFloor);

    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    String settings = String.format(Locale.ROOT, "history=%s jobExecutor=%s authorization=%s",
        config.getHistoryLevel().getName(), config.getJobExecutor() != null && config.getJobExecutor().isActive() ? "on" : "off",
        config.isAuthorizationEnabled() ? "on" : "off");
    StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """

        ===== Complaint lifecycle on PostgreSQL 17 (embedded), this machine; %s =====
        %d complaints and %d floor instances in alternating blocks of %d (after 30 of each to warm up)
        app  : substantiated complaint, intake to closure (5 user tasks)  %8.1f complaints/s  (%.1f ms each)
        floor: bare process, 5 user tasks, same people and answers          %8.1f instances/s  (%.1f ms each)
        goal1 complaint lifecycle: %.1f/s vs engine floor %.1f/s, ratio %.2f [%s]
        growth per closed instance, measured over %d of each (pg_total_relation_size and rows):
        """, settings, rounds, rounds, BLOCK, appRate, 1000 / appRate, floorRate, 1000 / floorRate,
        appRate, floorRate, appRate / floorRate, settings, GROWTH_SAMPLE));
    for (String[] group : new String[][] {{"engine history (act_hi_*)", "act_hi_"}, {"engine runtime (act_ru_*)", "act_ru_"},
        {"engine bytes (act_ge_bytearray)", "act_ge_bytearray"}, {"everything", ""}}) {
      long[] app = Benchmarks.sum(perComplaint, group[1]);
      long[] floor = Benchmarks.sum(perFloor, group[1]);
      report.append(String.format(Locale.ROOT, "  %-34s complaint %8.0f bytes %6.1f rows | floor %8.0f bytes %6.1f rows%n",
          group[0], app[0] / (double) GROWTH_SAMPLE, app[1] / (double) GROWTH_SAMPLE,
          floor[0] / (double) GROWTH_SAMPLE, floor[1] / (double) GROWTH_SAMPLE));
    }
    report.append("time per step, all ").append(rounds).append(" of each:\n").append(timings);
    report.append("  per table, complaint | floor (bytes, rows):\n");
    perComplaint.forEach((table, v) -> {
      long[] f = perFloor.getOrDefault(table, new long[2]);
      report.append(String.format(Locale.ROOT, "    %-26s %8.0f B %6.1f rows | %8.0f B %6.1f rows%n", table,
          v[0] / (double) GROWTH_SAMPLE, v[1] / (double) GROWTH_SAMPLE, f[0] / (double) GROWTH_SAMPLE, f[1] / (double) GROWTH_SAMPLE));
    });
    report.append("\ntables read by sequential scans (seq_scan, rows read that way, index scans):\n");
    jdbc.query("""
        select relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) from pg_stat_user_tables
         where seq_tup_read > 0 order by seq_tup_read desc limit 12""",
        rs -> {
          report.append(String.format(Locale.ROOT, "  %-28s %9d %12d %10d%n", rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        });
    if (!complaintCalls.isEmpty()) {
      report.append(statementsPerInstance(complaintCalls, floorCalls));
    }
    report.append(top);
    report.append("==========================================================================================\n");
    System.out.println(report);
    Benchmarks.result("goal1 complaint lifecycle, complaints / engine floor", appRate / floorRate, 2, Goal.AT_LEAST, 0.8);
  }

  /** Statements executed per complaint and per floor instance, and those the complaint runs more often than the floor. */
  private static String statementsPerInstance(Map<String, Long> complaint, Map<String, Long> floor) {
    double c = complaint.values().stream().mapToLong(Long::longValue).sum() / (double) GROWTH_SAMPLE;
    double f = floor.values().stream().mapToLong(Long::longValue).sum() / (double) GROWTH_SAMPLE;
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "statements executed per instance: complaint %.1f, floor %.1f; those the complaint runs more often (per instance, complaint | floor):%n", c, f));
    complaint.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue() - floor.getOrDefault(b.getKey(), 0L), a.getValue() - floor.getOrDefault(a.getKey(), 0L)))
        .limit(Benchmarks.STATEMENTS)
        .forEach(e -> out.append(String.format(Locale.ROOT, "  %6.2f | %6.2f  %s%n", e.getValue() / (double) GROWTH_SAMPLE,
            floor.getOrDefault(e.getKey(), 0L) / (double) GROWTH_SAMPLE, e.getKey().length() > 200 ? e.getKey().substring(0, 200) + "…" : e.getKey())));
    return out.toString();
  }

  private static void repeat(int times, Supplier<String> work) {
    for (int i = 0; i < times; i++) {
      work.get();
    }
  }
}
