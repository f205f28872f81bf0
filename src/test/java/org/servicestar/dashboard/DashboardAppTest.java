package org.servicestar.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.calendar.Workdays;
import org.servicestar.campaign.CampaignService;
import org.servicestar.rating.RatingFigures;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard per role on a small hand-made year (2081, units db-…; 2080 holds last year's scores):
 * what the overseers see, that a unit lead sees only their own unit's rows, and that the page's
 * numbers are the services' figures. The expected numbers are worked out in the comments.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardAppTest {

  static final int YEAR = 2081;
  static final String PASSWORD = "dashboard-secret-1";
  static final String OTHER = "仪表他人窗口";

  @LocalServerPort
  int port;
  @Autowired
  org.servicestar.rating.RatingRollups rollups;
  @Autowired
  UnitService units;
  @Autowired
  CampaignService campaigns;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  RatingFigures figures;
  @Autowired
  Workdays workdays;
  @Autowired
  Dashboard dashboard;

  @BeforeAll
  void aSmallYear() {
    units.create(new UnitService.UnitDraft("db-dept", "仪表测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("db-hall", "仪表测试大厅", UnitType.HALL, "db-dept"));
    units.create(new UnitService.UnitDraft("db-w1", "仪表窗口一", UnitType.WINDOW, "db-hall"));
    units.create(new UnitService.UnitDraft("db-w2", "仪表窗口二", UnitType.WINDOW, "db-hall"));
    units.create(new UnitService.UnitDraft("db-w3", "仪表窗口三", UnitType.WINDOW, "db-hall"));
    units.create(new UnitService.UnitDraft("db-ow", OTHER, UnitType.WINDOW, "db-hall"));
    campaigns.create(new CampaignService.CampaignDraft(YEAR, "仪表测试年", LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR, 3, 1),
        LocalDate.of(YEAR, 3, 2), LocalDate.of(YEAR, 10, 1), LocalDate.of(YEAR, 10, 2), LocalDate.of(YEAR, 12, 31), 5,
        BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20), Map.of(), List.of("db-w1", "db-w2", "db-w3", "db-ow")));
    // Plans: one approved, one waiting, one missing (flagged), one returned; db-w1 published its commitments.
    plan("db-w1", "APPROVED", false);
    plan("db-w2", "SUBMITTED", false);
    plan("db-w3", "PENDING", true);
    plan("db-ow", "RETURNED", false);
    jdbc.sql("insert into commitment (campaign_year, unit_code, kind, text, published_at, published_by) values (?, 'db-w1', 'GOAL_IMAGE', '仪表承诺', ?, 'lead')")
        .params(YEAR, at(3)).update();

    // March: db-w1 8×5 + 2×3 = 80 % (and an excluded 1, which counts nowhere), db-w2 9×5 + 1×1 = 90 %,
    // db-w3 3×5 + 7×2 = 30 % (last), db-ow 10×5 = 100 %.
    ratings("db-w1", 3, 5, 8);
    ratings("db-w1", 3, 3, 2);
    rating("db-w1", 3, 1, true);
    ratings("db-w2", 3, 5, 9);
    ratings("db-w2", 3, 1, 1);
    ratings("db-w3", 3, 5, 3);
    ratings("db-w3", 3, 2, 7);
    ratings("db-ow", 3, 5, 10);
    // April: db-w1 5×4 + 1×2 = 83.3 %, db-w2 100 %, db-w3 2×4 + 8×1 = 20 % (last again: 约谈), db-ow 5×5 = 100 %.
    ratings("db-w1", 4, 4, 5);
    ratings("db-w1", 4, 2, 1);
    ratings("db-w2", 4, 5, 10);
    ratings("db-w3", 4, 4, 2);
    ratings("db-w3", 4, 1, 8);
    ratings("db-ow", 4, 5, 5);
    rollups.rebuild(); // the rows above went in as plain SQL, not through the intake that keeps the rollups

    // The ledger: db-w1 overdue, returned and done; db-w2 due tomorrow-ish (due soon); db-ow open.
    LocalDateTime soon = workdays.plusWorkingDays(workdays.today(), 1).atTime(17, 0);
    rectification("ZG-2081-900001", "db-w1", "OPEN", LocalDateTime.of(2020, 1, 1, 17, 0));
    rectification("ZG-2081-900002", "db-w1", "RETURNED", LocalDateTime.of(2099, 1, 1, 17, 0));
    rectification("ZG-2081-900003", "db-w2", "OPEN", soon);
    rectification("ZG-2081-900004", "db-ow", "OPEN", LocalDateTime.of(2099, 1, 1, 17, 0));
    rectification("ZG-2081-900005", "db-w1", "ACCEPTED", LocalDateTime.of(YEAR, 6, 1, 17, 0));

    complaint("TS-2081-900001", "db-w1", "CLOSED", "ATTITUDE");
    complaint("TS-2081-900002", "db-w1", "VERIFYING", null);
    complaint("TS-2081-900003", "db-ow", "RECEIVED", null);
    veto("db-w1", 3, "CONFIRMED");
    veto("db-ow", 4, "PENDING");

    // Scores: db-ow first (90), db-w1 second (85.5, last year 80.0 and third: +5.50, up one), db-w3 vetoed.
    long run = run(YEAR);
    long before = run(YEAR - 1);
    score(YEAR, "db-ow", run, "90.00", 1, false);
    score(YEAR, "db-w1", run, "85.50", 2, false);
    score(YEAR, "db-w3", run, "70.00", null, true);
    score(YEAR - 1, "db-w1", before, "80.00", 3, false);

    unitGroups.createLead("db-w1", "lead-db-w1", "仪表窗口负责人", PASSWORD);
    identity.ensureUser("office-db", "办公室", "仪表", PASSWORD);
    identity.ensureMembership("office-db", Groups.OFFICE);
    identity.ensureUser("leader-db", "领导", "仪表", PASSWORD);
    identity.ensureMembership("leader-db", Groups.LEADING_GROUP);
  }

  @Test
  void anonymousIsSentToTheLoginPage() {
    for (String page : List.of("/dashboard", "/dashboard/ranking", "/dashboard/satisfaction", "/dashboard/rectifications")) {
      HttpResponse<String> response = new WebClient(port).get(page);
      assertThat(response.statusCode()).as(page).isEqualTo(302);
      assertThat(response.headers().firstValue("Location").orElse("")).as(page).endsWith("/login");
    }
  }

  @Test
  void theLeadingGroupSeesEveryUnitAndTheTrend() {
    WebClient leader = login("leader-db");
    String home = leader.get("/").body();
    assertThat(home).contains("href=\"/dashboard\"");

    String ranking = leader.get("/dashboard/ranking?year=" + YEAR).body();
    assertThat(ranking).contains("仪表窗口一", OTHER, "仪表窗口三", "data-href=\"/scores/2081/units/db-w1\"", "+5.50", "(↑1)",
        "否决 第3条", "/webjars/chart.js/4.4.1/dist/chart.umd.js");
    assertThat(leader.get("/webjars/chart.js/4.4.1/dist/chart.umd.js").statusCode()).isEqualTo(200);

    String overview = leader.get("/dashboard?year=" + YEAR).body();
    assertThat(number(overview, "participants")).isEqualTo(4);
    assertThat(number(overview, "plans-approved")).isEqualTo(1);
    assertThat(number(overview, "plans-submitted")).isEqualTo(1);
    assertThat(number(overview, "plans-returned")).isEqualTo(1);
    assertThat(number(overview, "plans-missing")).isEqualTo(1);
    assertThat(number(overview, "commitments")).isEqualTo(1);
    assertThat(overview).contains("全面争创", "db-ow", "第4条");
    Dashboard.Overview all = dashboard.overview(YEAR, new Scope(true, java.util.Set.of()));
    assertThat(number(overview, "complaints-total")).isEqualTo(all.complaints()).isGreaterThanOrEqualTo(3);
    for (LedgerState state : LedgerState.values()) {
      assertThat(number(overview, "ledger-" + state.name())).as(state.name()).isEqualTo(all.ledger().get(state));
    }
  }

  @Test
  void theOfficeSeesTheLedgerFilteredAndTheTalk() {
    WebClient office = login("office-db");
    String w1 = office.get("/dashboard/rectifications?year=" + YEAR + "&unit=db-w1").body();
    assertThat(number(w1, "count-OVERDUE")).isEqualTo(1);
    assertThat(number(w1, "count-RETURNED")).isEqualTo(1);
    assertThat(number(w1, "count-DONE")).isEqualTo(1);
    assertThat(number(w1, "count-DUE_SOON")).isZero();
    assertThat(number(w1, "count-OPEN")).isZero();
    assertThat(w1).contains("href=\"/rectifications/ZG-2081-900001\"").doesNotContain("ZG-2081-900004");
    assertThat(w1).containsPattern("<tr class=\"overdue\">\\s*<td><a href=\"/rectifications/ZG-2081-900001\"");

    String dueSoon = office.get("/dashboard/rectifications?year=" + YEAR + "&unit=db-w2&state=DUE_SOON").body();
    assertThat(number(dueSoon, "count-DUE_SOON")).isEqualTo(1);
    assertThat(dueSoon).contains("ZG-2081-900003");
    String fromInspections = office.get("/dashboard/rectifications?year=" + YEAR + "&unit=db-w1&source=INSPECTION").body();
    assertThat(number(fromInspections, "count-OVERDUE")).isZero();
    assertThat(fromInspections).doesNotContain("ZG-2081-900001");

    // Only complete months count toward a talk: on April 30 (Beijing) April is ranked but flags nobody;
    // from May 1, 00:00 Beijing, April is complete and db-w3 is called in.
    String partial = onEngineTime("2081-04-30T15:59:00Z", () -> office.get("/dashboard/satisfaction?year=" + YEAR + "&type=WINDOW&month=4").body());
    assertThat(partial).contains("本月尚未结束").doesNotContain("3–4月连续末位").doesNotContain("class=\"talk\"");
    String satisfaction = onEngineTime("2081-04-30T16:01:00Z", () -> office.get("/dashboard/satisfaction?year=" + YEAR + "&type=WINDOW&month=4").body());
    assertThat(satisfaction).doesNotContain("本月尚未结束");
    assertThat(satisfaction).contains(OTHER, "仪表窗口三（仪表测试大厅，3–4月连续末位）");
    assertThat(satisfaction).containsPattern("<tr id=\"window-db-w3\" class=\"talk\">\\s*<td class=\"num\">4</td>");
    assertThat(cells(satisfaction, "window-db-w3")).startsWith("4", "仪表窗口三", "仪表测试大厅", "10", "20.0");
  }

  @Test
  void aUnitLeadSeesOnlyTheirOwnUnit() {
    WebClient lead = login("lead-db-w1");
    for (String page : List.of("/dashboard", "/dashboard/ranking", "/dashboard/satisfaction?month=3&type=WINDOW",
        "/dashboard/rectifications", "/dashboard/rectifications?unit=db-ow", "/dashboard/satisfaction?all=true")) {
      HttpResponse<String> response = lead.get(page + (page.contains("?") ? "&" : "?") + "year=" + YEAR);
      assertThat(response.statusCode()).as(page).isEqualTo(200);
      assertThat(response.body()).as(page).doesNotContain(OTHER, "仪表窗口二", "ZG-2081-900004", "ZG-2081-900003");
      // The filter form echoes what the lead typed; no row, link or veto of db-ow is there.
      assertThat(response.body().replace("value=\"db-ow\"", "").replace("unit=db-ow", "")).as(page).doesNotContain("db-ow");
    }
    assertThat(lead.get("/dashboard/ranking?year=" + YEAR).body()).contains("仪表窗口一", "+5.50");
    String asked = lead.get("/dashboard/rectifications?year=" + YEAR + "&unit=db-ow").body();
    for (LedgerState state : LedgerState.values()) {
      assertThat(number(asked, "count-" + state.name())).as(state.name()).isZero();
    }
    String overview = lead.get("/dashboard?year=" + YEAR).body();
    assertThat(number(overview, "participants")).isEqualTo(1);
    assertThat(number(overview, "plans-approved")).isEqualTo(1);
    assertThat(number(overview, "complaints-total")).isEqualTo(2);
    assertThat(number(overview, "veto-CONFIRMED")).isEqualTo(1);
    assertThat(number(overview, "veto-PENDING")).isZero();
    assertThat(number(overview, "ledger-OVERDUE")).isEqualTo(1);
    assertThat(overview).contains("仪表窗口一</span> 的实施方案：<span class=\"badge\">已通过");
  }

  @Test
  void satisfactionFiguresAreTheRatingFeaturesFigures() {
    String page = login("lead-db-w1").get("/dashboard/satisfaction?year=" + YEAR).body();
    for (int month : List.of(3, 4)) {
      LocalDate first = LocalDate.of(YEAR, month, 1);
      RatingFigures.Figures f = figures.of("db-w1", first, first.withDayOfMonth(first.lengthOfMonth()));
      List<String> cells = cells(page, "month-" + month);
      assertThat(cells).containsExactly(month + "月", String.valueOf(f.total()), f.satisfiedRate().orElseThrow().toPlainString(),
          f.basicallySatisfiedRate().orElseThrow().toPlainString(), String.valueOf(f.badReviews()));
    }
    // Worked out by hand: March 10 ratings, 80.0 %, 100.0 %, no bad review; April 6, 83.3 %, 83.3 %, 1.
    assertThat(cells(page, "month-3")).containsExactly("3月", "10", "80.0", "100.0", "0");
    assertThat(cells(page, "month-4")).containsExactly("4月", "6", "83.3", "83.3", "1");
    RatingFigures.Figures year = figures.of("db-w1", LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR, 12, 31));
    assertThat(cells(page, "unit-db-w1")).containsExactly("仪表窗口一", String.valueOf(year.total()),
        year.satisfiedRate().orElseThrow().toPlainString(), year.basicallySatisfiedRate().orElseThrow().toPlainString(),
        String.valueOf(year.badReviews()));
    // The lead sees the window's city-wide place in April: db-w2 and db-ow 100 %, db-w1 83.3 % third of four.
    assertThat(cells(page, "window-db-w1")).startsWith("3", "仪表窗口一", "仪表测试大厅", "6", "83.3");
  }

  private WebClient login(String user) {
    WebClient client = new WebClient(port);
    assertThat(client.login(user, PASSWORD).headers().firstValue("Location").orElse("")).doesNotContain("error");
    return client;
  }

  private static long number(String page, String id) {
    Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>\\s*(\\d+)\\s*<").matcher(page);
    assertThat(m.find()).as("a number with id " + id).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** The texts of the cells of the row with this id. */
  private static List<String> cells(String page, String rowId) {
    Matcher row = Pattern.compile("<tr[^>]*id=\"" + Pattern.quote(rowId) + "\"[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(page);
    assertThat(row.find()).as("row " + rowId).isTrue();
    Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
    List<String> texts = new java.util.ArrayList<>();
    while (cell.find()) {
      texts.add(cell.group(1).replaceAll("<[^>]+>", "").strip());
    }
    return texts;
  }

  private void plan(String unit, String status, boolean missing) {
    jdbc.sql("insert into campaign_plan (campaign_year, unit_code, status, missing_at, updated_at) values (?, ?, ?, ?, ?)")
        .params(YEAR, unit, status, missing ? at(3) : null, at(3)).update();
  }

  private void ratings(String unit, int month, int level, int count) {
    for (int i = 0; i < count; i++) {
      rating(unit, month, level, false);
    }
  }

  private void rating(String unit, int month, int level, boolean excluded) {
    OffsetDateTime when = OffsetDateTime.of(YEAR, month, 10, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    jdbc.sql("""
            insert into rating (unit_id, level, channel, rated_at, rated_day, received_at, excluded)
            values ((select id from unit where code = ?), ?, 'DEVICE', ?, ?, ?, ?)""")
        .params(unit, level, when, when.toLocalDate(), when, excluded).update();
  }

  private void rectification(String number, String unit, String status, LocalDateTime due) {
    jdbc.sql("""
            insert into rectification (number, unit_code, source_type, source_id, problem, severity, status, due_at, opened_at, opened_by, updated_at)
            values (?, ?, 'COMPLAINT', 'TS-2081-900001', '仪表测试整改', 'LOW', ?, ?, ?, 'office', ?)""")
        .params(number, unit, status, due, at(5), at(5)).update();
  }

  private void complaint(String number, String unit, String status, String category) {
    jdbc.sql("""
            insert into complaint (number, unit_code, original_unit_code, source, channel, content, status, category, created_at, updated_at)
            values (?, ?, ?, 'PUBLIC', 'ONLINE', '仪表测试投诉', ?, ?, ?, ?)""")
        .params(number, unit, unit, status, category, at(5), at(5)).update();
  }

  private void veto(String unit, int clause, String status) {
    boolean ruled = !"PENDING".equals(status);
    jdbc.sql("""
            insert into veto_record (unit_code, clause, source_type, source_id, status, recorded_at, recorded_by, ruled_at, ruled_by)
            values (?, ?, 'COMPLAINT', ?, ?, ?, 'system', ?, ?)""")
        .params(unit, clause, "db-" + unit + "-" + clause, status, at(6), ruled ? at(7) : null, ruled ? "leader" : null).update();
  }

  private long run(int year) {
    jdbc.sql("insert into scoring_run (campaign_year, status, started_by, started_at, finished_at) values (?, 'DONE', 'test', ?, ?)")
        .params(year, at(11), at(11)).update();
    return jdbc.sql("select max(id) from scoring_run where campaign_year = ?").param(year).query(Long.class).single();
  }

  private void score(int year, String unit, long run, String total, Integer rank, boolean vetoed) {
    jdbc.sql("""
            insert into unit_score (campaign_year, unit_code, run_id, unit_type, total, stars, vetoed, veto_clauses, rank_in_type, computed_at)
            values (?, ?, ?, 'WINDOW', ?, 3, ?, ?, ?, ?)""")
        .params(year, unit, run, new BigDecimal(total), vetoed, vetoed ? "3" : null, rank, at(11)).update();
  }

  private static LocalDateTime at(int month) {
    return LocalDateTime.of(YEAR, month, 1, 10, 0);
  }

  /** The app's Clock reads the engine's: the page as it is at {@code instant}. */
  private static <T> T onEngineTime(String instant, java.util.function.Supplier<T> page) {
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(java.time.Instant.parse(instant)));
    try {
      return page.get();
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }
}
