package org.servicestar.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.servicestar.scoring.CityDataGenerator;
import org.servicestar.scoring.ScoringService;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.Benchmarks;
import org.servicestar.support.Benchmarks.Goal;
import org.servicestar.support.WebClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 7's "pages load fast with a city's data", run on purpose, never by {@code mvn verify} (its
 * name matches neither surefire's nor failsafe's patterns):
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DashboardBenchmark</pre>
 * On embedded PostgreSQL 17: generates a city ({@link CityDataGenerator}: 2 000 windows, a million
 * ratings over the year, …), scores it, then requests every dashboard page through HTTP as the leading
 * group and as a unit lead, and prints p50 and p95 of {@value #REQUESTS} requests each, after warming up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class DashboardBenchmark {

  private static final int YEAR = 2050;
  private static final int REQUESTS = 10;
  private static final String PASSWORD = "benchmark-secret-1";
  private static final EmbeddedPostgres POSTGRES = Benchmarks.startPostgres();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    Benchmarks.use(POSTGRES, registry);
  }

  @AfterAll
  static void stop() {
    Benchmarks.stop(POSTGRES);
  }

  @LocalServerPort
  int port;
  @Autowired
  DataSource dataSource;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  ScoringService scoring;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  org.servicestar.rating.RatingRollups rollups;

  @Test
  void everyDashboardPageOfACityLoadsFast() {
    CityDataGenerator.Size size = CityDataGenerator.Size.city();
    new CityDataGenerator(dataSource, 20260501L, YEAR, "bm-", size).generate();
    rollups.rebuild(); // the generator COPYs the ratings in, past the intake that keeps the rollups
    jdbc.execute("analyze");
    scoring.run(YEAR, "benchmark");
    long ratings = jdbc.queryForObject("select count(*) from rating", Long.class);
    long rectifications = jdbc.queryForObject("select count(*) from rectification", Long.class);
    String window = jdbc.queryForObject("select min(code) from unit where type = 'WINDOW'", String.class);

    identity.ensureUser("bm-leader", "领导", "基准", PASSWORD);
    identity.ensureMembership("bm-leader", Groups.LEADING_GROUP);
    unitGroups.ensure(window, "基准窗口");
    unitGroups.createLead(window, "bm-lead", "窗口负责人", PASSWORD);

    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("overview", "/dashboard?year=" + YEAR);
    pages.put("ranking", "/dashboard/ranking?year=" + YEAR);
    pages.put("satisfaction", "/dashboard/satisfaction?year=" + YEAR);
    pages.put("satisfaction, every window", "/dashboard/satisfaction?type=WINDOW&all=true&year=" + YEAR);
    pages.put("rectifications", "/dashboard/rectifications?year=" + YEAR);

    StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """

        ===== Dashboard pages of a city on PostgreSQL 17 (embedded), this machine =====
        data: %,d windows, %,d ratings, %,d rectifications; %d requests per page after 2 warm-ups
        %-34s %-12s %9s %9s %9s
        """, size.windows(), ratings, rectifications, REQUESTS, "page", "who", "p50 ms", "p95 ms", "max ms"));
    double worstP95 = 0;
    for (String who : List.of("bm-leader", "bm-lead")) {
      WebClient client = new WebClient(port);
      assertThat(client.login(who, PASSWORD).headers().firstValue("Location").orElse("")).doesNotContain("error");
      for (Map.Entry<String, String> page : pages.entrySet()) {
        List<Double> millis = time(client, page.getValue());
        double p95 = percentile(millis, 95);
        worstP95 = Math.max(worstP95, p95);
        report.append(String.format(Locale.ROOT, "%-34s %-12s %9.0f %9.0f %9.0f%n", page.getKey(), who,
            percentile(millis, 50), p95, millis.get(millis.size() - 1)));
      }
    }
    report.append("================================================================================\n");
    System.out.println(report);
    Benchmarks.result("dashboard, p95 ms of the slowest page", worstP95, 0, Goal.BELOW, 5_000);
  }

  private static List<Double> time(WebClient client, String path) {
    for (int i = 0; i < 2; i++) {
      assertThat(client.get(path).statusCode()).as(path).isEqualTo(200);
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      long t = System.nanoTime();
      assertThat(client.get(path).statusCode()).as(path).isEqualTo(200);
      millis.add((System.nanoTime() - t) / 1e6);
    }
    Collections.sort(millis);
    return millis;
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
