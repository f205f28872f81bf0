package org.servicestar.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.servicestar.rating.RatingRollups;
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
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issue 22's "every page at a glance", run on purpose, never by {@code mvn verify} (its name matches
 * neither surefire's nor failsafe's patterns):
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DashboardBenchmark [-Dbenchmark.scale=1|3|province]</pre>
 * On embedded PostgreSQL 17: generates {@code benchmark.scale} cities ({@link CityDataGenerator}: 2 000
 * windows and a million ratings each; {@code province} = 10), scores the year, then requests every
 * dashboard page, the start page, the score ranking and a unit's score explanation through HTTP as the
 * leading group and as a window's lead, {@value #REQUESTS} times each after warming up.
 *
 * <p>Each page is timed against its <b>floor</b> in turns, in the same session: {@link Floors} answers a
 * plain SELECT of the pre-aggregated rows that page needs (its rollups, stored scores or ledger page, in
 * the viewer's scope) as text, through the same HTTP, security and session as the page — so the ratio
 * says what the page's own work costs beyond reading its rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // production's shared figures (the test profile derives them on every read)
    properties = "servicestar.dashboard.max-staleness=60s")
@ActiveProfiles({"test", "postgres"})
@Import(DashboardBenchmark.Floors.class)
class DashboardBenchmark {

  private static final int YEAR = 2050;
  private static final int REQUESTS = Integer.getInteger("benchmark.requests", 20);
  private static final String PASSWORD = "benchmark-secret-1";
  private static final EmbeddedPostgres POSTGRES = Benchmarks.startPostgres();
  /** Mid-afternoon in Beijing, so that neither night window (history cleanup, mail pruning) opens during the run. */
  private static final LocalDateTime NOW = LocalDateTime.of(YEAR, 12, 15, 15, 0);

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    Benchmarks.use(POSTGRES, registry);
  }

  @AfterAll
  static void stop() {
    ClockUtil.reset();
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
  RatingRollups rollups;

  /** A page and its floor's name in {@link Floors}. */
  private record Page(String name, String path, String floor) {
  }

  @Test
  void everyPageOfACityOrProvinceLoadsAtAGlance() {
    CityDataGenerator.Size size = CityDataGenerator.Size.fromProperty();
    double generate = Benchmarks.millis(() -> new CityDataGenerator(dataSource, 20260501L, YEAR, "bm-", size).generate()) / 1000;
    // The generator COPYs the ratings in, past the intake that keeps the rollups.
    double rebuild = Benchmarks.millis(rollups::rebuild) / 1000;
    jdbc.execute("vacuum analyze");
    double score = Benchmarks.millis(() -> scoring.run(YEAR, "benchmark")) / 1000;
    long ratings = jdbc.queryForObject("select count(*) from rating", Long.class);
    assertThat(ratings).isEqualTo(size.ratings());
    long rectifications = jdbc.queryForObject("select count(*) from rectification", Long.class);
    String window = jdbc.queryForObject("select min(code) from unit where type = 'WINDOW'", String.class);

    identity.ensureUser("bm-leader", "领导", "基准", PASSWORD);
    identity.ensureMembership("bm-leader", Groups.LEADING_GROUP);
    unitGroups.ensure(window, "基准窗口");
    unitGroups.createLead(window, "bm-lead", "窗口负责人", PASSWORD);
    ClockUtil.setCurrentTime(Date.from(NOW.atZone(ZoneId.of("Asia/Shanghai")).toInstant()));

    List<Page> pages = List.of(
        new Page("dashboard overview", "/dashboard?year=" + YEAR, "months"),
        new Page("dashboard ranking", "/dashboard/ranking?year=" + YEAR, "scores-two-years"),
        new Page("dashboard satisfaction", "/dashboard/satisfaction?year=" + YEAR, "rollups"),
        new Page("satisfaction, every window", "/dashboard/satisfaction?type=WINDOW&all=true&year=" + YEAR, "rollups"),
        new Page("dashboard rectifications", "/dashboard/rectifications?year=" + YEAR, "ledger"),
        new Page("start page", "/", "start"),
        new Page("scores ranking", "/scores/" + YEAR, "scores"),
        new Page("score explanation", "/scores/" + YEAR + "/units/" + window, "explanation"));

    StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """

        ===== Pages at %dx a city on PostgreSQL 17 (embedded), this machine =====
        data: %,d windows, %,d ratings, %,d complaints, %,d rectifications; database %,d MB (ratings %,d MB)
        generated in %.0f s, rollups rebuilt in %.1f s, scored in %.1f s
        %d requests per page after 3 warm-ups, page and floor in turns; floor = plain SELECT of the rows the page needs
        %-28s %-10s %8s %8s %8s %8s %7s
        """, size.factor(), size.windows(), ratings, size.complaints(), rectifications,
        jdbc.queryForObject("select pg_database_size(current_database())", Long.class) / (1 << 20),
        jdbc.queryForObject("select pg_total_relation_size('rating')", Long.class) / (1 << 20), generate, rebuild, score, REQUESTS,
        "page", "who", "p50 ms", "p95 ms", "floor50", "floor95", "ratio"));
    WebClient check = new WebClient(port);
    check.login("bm-leader", PASSWORD);
    assertThat(check.get("/dashboard/ranking?year=" + YEAR).body()).as("a city's ranking at a glance: the best and the last")
        .contains("id=\"rank-cut-WINDOW\"");
    assertThat(check.get("/scores/" + YEAR).body()).as("a type's places in pages").contains("id=\"pages-WINDOW\"");
    assertThat(check.get("/dashboard/satisfaction?type=WINDOW&all=true&year=" + YEAR).body()).as("every window, in pages")
        .contains("id=\"window-pages\"", "id=\"unit-pages\"");
    double worstP95 = 0;
    double worstLeadP95 = 0;
    double worstRatio = 0;
    String worstRatioPage = "";
    for (String who : List.of("bm-leader", "bm-lead")) {
      WebClient client = new WebClient(port);
      assertThat(client.login(who, PASSWORD).headers().firstValue("Location").orElse("")).doesNotContain("error");
      for (Page page : pages) {
        String floorPath = "/benchmark-floor/" + page.floor() + "?year=" + YEAR + "&unit=" + window + "&scope="
            + (who.equals("bm-lead") ? "unit" : "all");
        List<List<Double>> timed = timeInTurns(client, page.path(), floorPath);
        double p95 = Benchmarks.percentile(timed.get(0), 95);
        double floor95 = Benchmarks.percentile(timed.get(1), 95);
        double ratio = p95 / floor95;
        worstP95 = Math.max(worstP95, p95);
        if (who.equals("bm-lead")) {
          worstLeadP95 = Math.max(worstLeadP95, p95);
        }
        if (ratio > worstRatio) {
          worstRatio = ratio;
          worstRatioPage = page.name() + " (" + who + ")";
        }
        report.append(String.format(Locale.ROOT, "%-28s %-10s %8.0f %8.0f %8.1f %8.1f %7.2f%n", page.name(), who,
            Benchmarks.percentile(timed.get(0), 50), p95, Benchmarks.percentile(timed.get(1), 50), floor95, ratio));
      }
    }
    report.append("worst page / floor: ").append(worstRatioPage).append('\n');
    report.append("================================================================================\n");
    System.out.println(report);
    String scale = size.factor() + "x a city";
    Benchmarks.result("pages at " + scale + ", p95 ms of the slowest page", worstP95, 0, Goal.AT_MOST, size.factor() >= 10 ? 600 : 300);
    Benchmarks.result("pages at " + scale + ", p95 ms of a lead's slowest page", worstLeadP95, 0, Goal.AT_MOST, 150);
    Benchmarks.result("pages at " + scale + ", worst p95 page / p95 floor", worstRatio, 2, Goal.AT_MOST, 3);
  }

  /** The page's and the floor's milliseconds, sorted, measured alternately so both see the same machine. */
  private static List<List<Double>> timeInTurns(WebClient client, String page, String floor) {
    for (int i = 0; i < 3; i++) {
      get(client, page);
      get(client, floor);
    }
    List<Double> pageMillis = new ArrayList<>();
    List<Double> floorMillis = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      pageMillis.add(Benchmarks.millis(() -> get(client, page)));
      floorMillis.add(Benchmarks.millis(() -> get(client, floor)));
    }
    return List.of(pageMillis, floorMillis);
  }

  private static void get(WebClient client, String path) {
    assertThat(client.get(path).statusCode()).as(path).isEqualTo(200);
  }

  /**
   * The floors: each a plain SELECT of the stored rows a page shows, in the viewer's scope, written out as
   * text. Only in this benchmark's context.
   */
  @RestController
  static class Floors {

    private final JdbcTemplate jdbc;

    Floors(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @GetMapping(value = "/benchmark-floor/{name}", produces = "text/plain")
    String floor(@PathVariable String name, @RequestParam int year, @RequestParam String unit, @RequestParam String scope) {
      boolean all = scope.equals("all");
      String unitId = "(select id from unit where code = '" + unit.replace("'", "") + "')";
      String ofUnit = all ? "" : " and unit_code = '" + unit + "'";
      String inYear = " >= date '" + year + "-01-01' and %s < date '" + (year + 1) + "-01-01'";
      List<String> sql = switch (name) {
        // The overview's counts: the campaign and its plans, complaints by state and category, the
        // ledger by state, the year's and pending vetoes, commitments published.
        case "months" -> List.of("select * from campaign where campaign_year = " + year,
            "select status, count(*) from campaign_plan where campaign_year = " + year + ofUnit + " group by status",
            "select status, coalesce(category, ''), count(*) from complaint where created_at" + inYear.formatted("created_at") + ofUnit
                + " group by status, coalesce(category, '')",
            "select status, count(*) from rectification where (opened_at" + inYear.formatted("opened_at") + " or status <> 'ACCEPTED')"
                + ofUnit + " group by status",
            "select * from veto_record where (recorded_at" + inYear.formatted("recorded_at") + " or status = 'PENDING')" + ofUnit,
            "select count(distinct unit_code) from commitment where campaign_year = " + year + ofUnit);
        // Every counted unit-month of the year (the satisfaction page and the windows' monthly ranking): what
        // the page's shared snapshot is made of, read by the page itself at most once a minute.
        case "rollups" -> List.of("select * from rating_month where rated_month between " + (year * 100 + 1) + " and "
            + (year * 100 + 12) + (all ? "" : " and unit_id = " + unitId));
        // The ranking with its trend: each type's 20 best and 10 last (the leading group) or the lead's
        // own scores, with last year's scores of the same units.
        case "scores-two-years" -> all ? List.of("select y.*, p.total from (select x.*, row_number() over (partition by x.unit_type"
                + " order by x.vetoed, x.rank_in_type, x.total desc, x.unit_code) as place, count(*) over (partition by x.unit_type) as n"
                + " from (select s.*, u.name from unit_score s join unit u on u.code = s.unit_code where s.campaign_year = " + year
                + ") x) y left join unit_score p on p.unit_code = y.unit_code and p.campaign_year = " + (year - 1)
                + " where y.place <= 20 or y.place > y.n - 10")
            : List.of("select s.*, u.name from unit_score s join unit u on u.code = s.unit_code where s.campaign_year in ("
                + year + ", " + (year - 1) + ") and s.unit_code = '" + unit + "'");
        // The score ranking's first page of each type and the types' counts (the leading group), or the lead's own.
        case "scores" -> all ? List.of("select unit_type, count(*) from unit_score where campaign_year = " + year + " group by unit_type",
            "select * from (select s.*, u.name, row_number() over (partition by s.unit_type order by s.vetoed, s.rank_in_type,"
                + " s.total desc, s.unit_code) as place from unit_score s join unit u on u.code = s.unit_code where s.campaign_year = "
                + year + ") x where place <= 200")
            : List.of("select s.*, u.name from unit_score s join unit u on u.code = s.unit_code where s.campaign_year = " + year
                + " and s.unit_code = '" + unit + "'");
        // The ledger's first page (500 rows and one to know there are more), most pressing first, and its counts by state.
        case "ledger" -> List.of("select * from rectification where opened_at" + inYear.formatted("opened_at") + ofUnit
                + " order by due_at nulls last, number fetch first 501 rows only",
            "select status, count(*) from rectification where (opened_at" + inYear.formatted("opened_at") + " or status <> 'ACCEPTED')"
                + ofUnit + " group by status");
        // The leading group's open tasks by kind, complaints and the ledger by state, pending vetoes; for a
        // lead, this month's and last month's rollups of the windows (its place among units of its type)
        // and its unit's open tasks.
        case "start" -> all ? List.of("select task_def_key_, count(*), min(due_date_) from act_ru_task group by task_def_key_",
            "select status, count(*) from complaint where status <> 'CLOSED' group by status",
            "select status, count(*) from rectification where status <> 'ACCEPTED' group by status",
            "select count(*) from veto_record where status = 'PENDING'")
            : List.of("select * from rating_month where rated_month in (" + (year * 100 + 11) + ", " + (year * 100 + 12) + ")"
                + " and unit_id in (select id from unit where type = 'WINDOW')",
            "select t.task_def_key_, count(*) from act_ru_task t join act_ru_identitylink i on i.task_id_ = t.id_"
                + " where i.group_id_ = 'unit-" + unit + "' group by t.task_def_key_");
        case "explanation" -> List.of("select lines from score_explanation where campaign_year = " + year + " and subject = '" + unit + "'");
        default -> throw new IllegalArgumentException(name);
      };
      return sql.stream().flatMap(statement -> jdbc.queryForList(statement).stream())
          .map(row -> row.values().stream().map(String::valueOf).collect(Collectors.joining(",")))
          .collect(Collectors.joining("\n"));
    }
  }
}
