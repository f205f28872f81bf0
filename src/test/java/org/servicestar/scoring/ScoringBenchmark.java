package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Locale;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 5's scale benchmark, run on purpose, never by {@code mvn verify} (its name matches neither
 * surefire's nor failsafe's patterns):
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ScoringBenchmark</pre>
 * On embedded PostgreSQL 17: generates a city (2 000 windows, a million ratings, 10 000 inspections,
 * 5 000 complaints, …, {@link CityDataGenerator}), then times a full scoring run against one
 * hand-written SQL aggregate over the same ratings (count and satisfaction per unit), in the same run,
 * and prints the figures and their ratio. Each is run once to warm up and then measured as the best of three.
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
  private static final EmbeddedPostgres POSTGRES = EXTERNAL_URL == null ? start() : null;

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES == null ? EXTERNAL_URL : POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  @AfterAll
  static void stop() throws IOException {
    if (POSTGRES != null) {
      POSTGRES.close();
    }
  }

  @Autowired
  DataSource dataSource;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  ScoringService scoring;

  @Test
  void scoringACityTakesSecondsNotMinutes() {
    CityDataGenerator.Size size = CityDataGenerator.Size.city();
    long g0 = System.nanoTime();
    if (jdbc.queryForObject("select count(*) from rating", Long.class) == 0) {
      new CityDataGenerator(dataSource, 20260501L, YEAR, "bm-", size).generate();
      jdbc.execute("analyze");
    }
    double generateSeconds = (System.nanoTime() - g0) / 1e9;
    long ratings = jdbc.queryForObject("select count(*) from rating", Long.class);
    assertThat(ratings).isEqualTo(size.ratings());

    Runnable aggregate = () -> jdbc.queryForList("""
        select unit_id, count(*) as ratings, avg(level) as satisfaction from rating
         where rated_day >= ? and rated_day < ? and excluded = false group by unit_id""",
        LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR + 1, 1, 1));
    Runnable score = () -> scoring.run(YEAR, "benchmark");
    aggregate.run();
    score.run();
    double aggregateSeconds = best(aggregate);
    double scoringSeconds = best(score);
    int units = jdbc.queryForObject("select count(*) from unit_score where campaign_year = ?", Integer.class, YEAR);
    int lines = jdbc.queryForObject("select count(*) from score_line where campaign_year = ?", Integer.class, YEAR);
    int staff = jdbc.queryForObject("select count(*) from staff_score where campaign_year = ?", Integer.class, YEAR);
    System.out.println(String.format(Locale.ROOT, """

        ===== Scoring a city on PostgreSQL 17 (embedded), this machine =====
        data: %,d windows, %,d ratings, %,d inspections, %,d complaints (generated in %.1f s)
        hand-written aggregate (count, avg level per unit) : %8.3f s
        full scoring run (%,d units, %,d staff, %,d lines)  : %8.3f s
        ratio scoring / aggregate = %.2f
        =====================================================================
        """, size.windows(), ratings, size.inspections(), size.complaints(), generateSeconds, aggregateSeconds,
        units, staff, lines, scoringSeconds, scoringSeconds / aggregateSeconds));
    assertThat(scoringSeconds).as("seconds, not minutes").isLessThan(60);
  }

  private static double best(Runnable work) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      work.run();
      best = Math.min(best, (System.nanoTime() - t) / 1e9);
    }
    return best;
  }
}
