package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.servicestar.campaign.CampaignService;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A small year scored by hand (2051, units sc-…): weights, excluded ratings, missing parts, deductions,
 * a confirmed and a pending veto, a hall blending its windows, ties, rule changes; then the pages and
 * who may see what. The expected numbers are worked out in the comments.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoringAppTest {

  static final int YEAR = 2051;
  static final String PASSWORD = "scoring-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  CampaignService campaigns;
  @Autowired
  ScoringService scoring;
  @Autowired
  ScoringRules rules;
  @Autowired
  ScoreBoard board;
  @Autowired
  ScoringJobs jobs;
  @Autowired
  ComputeScoresDelegate delegate;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  RepositoryService repository;

  @BeforeAll
  void aSmallYear() {
    units.create(new UnitService.UnitDraft("sc-dept", "评分测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("sc-hall", "评分测试大厅", UnitType.HALL, "sc-dept"));
    for (String w : List.of("sc-w1", "sc-w2", "sc-w3", "sc-w4", "sc-w5")) {
      units.create(new UnitService.UnitDraft(w, "评分测试窗口" + w.substring(4), UnitType.WINDOW, "sc-hall"));
    }
    campaigns.create(new CampaignService.CampaignDraft(YEAR, "评分测试年", LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR, 3, 1),
        LocalDate.of(YEAR, 3, 2), LocalDate.of(YEAR, 10, 1), LocalDate.of(YEAR, 10, 2), LocalDate.of(YEAR, 12, 31), 5,
        BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20), Map.of(),
        List.of("sc-hall", "sc-w1", "sc-w2", "sc-w3", "sc-w4", "sc-w5")));
    staff("sc-s1", "评分甲", "sc-w1");
    staff("sc-s2", "评分乙", "sc-w1");
    staff("sc-s3", "评分丙", "sc-w3");

    // sc-w1: latest centralised inspection 90 (the earlier 50 is superseded); spot checks 80 and 100 → 90.
    inspection("JC-2051-000001", "sc-w1", "CENTRALIZED", 50, 3);
    inspection("JC-2051-000002", "sc-w1", "CENTRALIZED", 90, 11);
    inspection("JC-2051-000003", "sc-w1", "UNANNOUNCED", 80, 5);
    inspection("JC-2051-000004", "sc-w1", "UNANNOUNCED", 100, 6);
    inspection("JC-2051-000005", "sc-hall", "CENTRALIZED", 80, 11);
    for (String w : List.of("sc-w3", "sc-w4", "sc-w5")) {
      inspection("JC-2051-10000" + w.charAt(4), w, "CENTRALIZED", 100, 11);
      inspection("JC-2051-20000" + w.charAt(4), w, "UNANNOUNCED", 100, 7);
      rating(w, 5, null, YEAR, false, null);
      rating(w, 5, null, YEAR, false, null);
    }
    // Ratings of sc-w1: 5, 5 (naming sc-s1), 4, 4 (naming sc-s2) count: mean 4.5 → (4.5 − 1) × 25 = 87.5.
    rating("sc-w1", 5, "sc-s1", YEAR, false, null);
    rating("sc-w1", 5, "sc-s1", YEAR, false, null);
    rating("sc-w1", 4, "sc-s2", YEAR, false, null);
    rating("sc-w1", 4, "sc-s2", YEAR, false, null);
    rating("sc-w1", 1, "sc-s1", YEAR, true, null);                 // excluded by the office
    complaint("TS-2051-000001", "sc-w1", null, null, true);       // appeal upheld: its bad review is excluded
    rating("sc-w1", 1, "sc-s2", YEAR, false, "TS-2051-000001");
    rating("sc-w1", 1, null, YEAR - 1, false, null);              // last year
    // Evaluation of sc-w1: leader's unit score 8 → 80; peer scores 9 and 7 → 8 → 80; together 80.
    long round = jdbc.sql("insert into evaluation_round (number, unit_code, campaign_year, status, unit_score, opened_at) values ('PY-2051-000001', 'sc-w1', ?, 'CLOSED', 8, ?)")
        .params(YEAR, at(4)).update() > 0 ? jdbc.sql("select id from evaluation_round where number = 'PY-2051-000001'").query(Long.class).single() : 0;
    jdbc.sql("insert into evaluation_peer_score (round_id, rater_badge, ratee_badge, score) values (?, 'sc-s2', 'sc-s1', 9), (?, 'sc-s1', 'sc-s2', 7)")
        .params(round, round).update();
    jdbc.sql("insert into evaluation_staff (round_id, badge_no, staff_name, leader_score) values (?, 'sc-s1', '评分甲', 8), (?, 'sc-s2', '评分乙', null)")
        .params(round, round).update();
    // Contests: sc-w1 first (100) and sc-s1 second (90, rule contest.rank2): the unit's mean 95; sc-s1's 90.
    long contest = jdbc.sql("insert into contest (campaign_year, name, kind, held_on, recorded_by, recorded_at) values (?, '评分测试比武', 'SKILL', ?, 'office', ?)")
        .params(YEAR, LocalDate.of(YEAR, 6, 1), at(6)).update() > 0
        ? jdbc.sql("select max(id) from contest where campaign_year = ?").param(YEAR).query(Long.class).single() : 0;
    jdbc.sql("insert into contest_result (contest_id, unit_code, staff_badge, result_rank) values (?, 'sc-w1', null, 1), (?, 'sc-w1', 'sc-s1', 2)")
        .params(contest, contest).update();
    // Deductions of sc-w1: a substantiated MEDIUM complaint 2, a rectification returned twice 2 × 1,
    // one overdue without a justified ruling 3, one overdue but justified 0: 7 in all.
    complaint("TS-2051-000002", "sc-w1", true, "MEDIUM", false);
    complaint("TS-2051-000003", "sc-w1", false, "HIGH", false);    // not substantiated
    rectification("ZG-2051-000001", "sc-w1", 2, List.of());
    rectification("ZG-2051-000002", "sc-w1", 0, List.of("OVERDUE", "OVERDUE_UNJUSTIFIED"));
    rectification("ZG-2051-000003", "sc-w1", 0, List.of("OVERDUE", "OVERDUE_JUSTIFIED"));
    // sc-w2: no inspection and no spot check (both left out), ratings 3, 3 → 50,
    // public opinion 100 − 3 (handled) − 10 (open) = 87.
    rating("sc-w2", 3, null, YEAR, false, null);
    rating("sc-w2", 3, null, YEAR, false, null);
    sentiment("YQ-2051-000001", "sc-w2", "CLOSED");
    sentiment("YQ-2051-000002", "sc-w2", "RESPONDING");
    // sc-w3: a confirmed veto (clause 3) and a pending one (clause 4); an annulled one is ignored.
    veto("sc-w3", 3, "CONFIRMED");
    veto("sc-w3", 4, "PENDING");
    veto("sc-w1", 5, "ANNULLED");
    veto("sc-w2", 1, "PENDING");
    // sc-hall: a HIGH complaint 5.
    complaint("TS-2051-000004", "sc-hall", true, "HIGH", false);

    unitGroups.createLead("sc-w1", "lead-sc-w1", "窗口负责人", PASSWORD);
    identity.ensureUser("office-sc", "办公室", "评分", PASSWORD);
    identity.ensureMembership("office-sc", Groups.OFFICE);
    identity.ensureUser("inspector-sc", "督查", "评分", PASSWORD);
    identity.ensureMembership("inspector-sc", Groups.INSPECTORS);
  }

  private static LocalDateTime at(int month) {
    return LocalDateTime.of(YEAR, month, 15, 10, 0);
  }

  private void staff(String badge, String name, String unit) {
    jdbc.sql("insert into staff (unit_id, name, badge_no, created_at, updated_at) values ((select id from unit where code = ?), ?, ?, ?, ?)")
        .params(unit, name, badge, LocalDateTime.now(), LocalDateTime.now()).update();
  }

  private void inspection(String number, String unit, String type, int pct, int month) {
    jdbc.sql("""
            insert into inspection (number, campaign_year, unit_code, inspection_type, status, score_pct, started_by, started_at, conducted_at)
            values (?, ?, ?, ?, 'DONE', ?, 'inspector', ?, ?)""")
        .params(number, YEAR, unit, type, pct, at(month), at(month)).update();
  }

  private void rating(String unit, int level, String badge, int year, boolean excluded, String complaint) {
    OffsetDateTime when = OffsetDateTime.of(year, 5, 1, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    jdbc.sql("""
            insert into rating (unit_id, level, channel, staff_badge, rated_at, rated_day, received_at, excluded, complaint_number)
            values ((select id from unit where code = ?), ?, 'DEVICE', ?, ?, ?, ?, ?, ?)""")
        .params(unit, level, badge, when, when.toLocalDate(), when, excluded, complaint).update();
  }

  private void complaint(String number, String unit, Boolean substantiated, String severity, boolean reviewExcluded) {
    jdbc.sql("""
            insert into complaint (number, unit_code, original_unit_code, source, channel, content, status, substantiated, severity,
                                   review_excluded, created_at, updated_at)
            values (?, ?, ?, 'PUBLIC', 'ONLINE', '评分测试投诉', 'CLOSED', ?, ?, ?, ?, ?)""")
        .params(number, unit, unit, substantiated, severity, reviewExcluded, at(5), at(5)).update();
  }

  private void rectification(String number, String unit, int returns, List<String> events) {
    jdbc.sql("""
            insert into rectification (number, unit_code, source_type, problem, severity, status, return_count, opened_at, opened_by, updated_at)
            values (?, ?, 'COMPLAINT', '评分测试整改', 'LOW', 'ACCEPTED', ?, ?, 'office', ?)""")
        .params(number, unit, returns, at(5), at(5)).update();
    for (String kind : events) {
      jdbc.sql("insert into rectification_event (rectification_id, at, actor, kind, status) values ((select id from rectification where number = ?), ?, 'system', ?, 'OVERDUE')")
          .params(number, at(6), kind).update();
    }
  }

  private void sentiment(String number, String unit, String status) {
    jdbc.sql("""
            insert into sentiment (number, unit_code, source, summary, severity, negative, status, recorded_at, closed_at)
            values (?, ?, 'MEDIA', '评分测试舆情', 'LOW', true, ?, ?, ?)""")
        .params(number, unit, status, at(7), "CLOSED".equals(status) ? at(8) : null).update();
  }

  private void veto(String unit, int clause, String status) {
    boolean ruled = !"PENDING".equals(status);
    jdbc.sql("""
            insert into veto_record (unit_code, clause, source_type, source_id, status, recorded_at, recorded_by, ruled_at, ruled_by)
            values (?, ?, 'COMPLAINT', ?, ?, ?, 'system', ?, ?)""")
        .params(unit, clause, "sc-" + unit + "-" + clause, status, at(9), ruled ? at(10) : null, ruled ? "leader" : null).update();
  }

  private ScoreBoard.UnitScore score(String unit) {
    return board.of(YEAR, unit).orElseThrow();
  }

  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  @Test
  @Order(1)
  void scoresTheYearAsWorkedOutByHand() {
    ScoringService.Outcome outcome = scoring.run(YEAR, "tester");
    assertThat(outcome.scoredUnits()).isEqualTo(6);
    assertThat(outcome.scoredStaff()).isEqualTo(3);
    ScoreBoard.Run run = board.latestRun(YEAR).orElseThrow();
    assertThat(run.status()).isEqualTo("DONE");
    assertThat(run.unitsDone()).isEqualTo(6);
    assertThat(run.id()).isEqualTo(outcome.runId());

    // sc-w1 has no public-opinion record: that part is left out, the other three share its weight (50 + 20 + 10 = 80):
    // daily = 87.5×50/80 = 54.6875 → 54.69, 80×20/80 = 20.00, 95×10/80 = 11.875 → 11.88; 86.57.
    // 90×40/100 = 36.00 + 86.57×40/100 = 34.628 → 34.63 + 90×20/100 = 18.00 = 88.63; − 7 = 81.63 → ★★.
    ScoreBoard.UnitScore w1 = score("sc-w1");
    assertThat(w1.inspectionScore()).isEqualByComparingTo("90");
    assertThat(w1.supervisionScore()).isEqualByComparingTo("90");
    assertThat(w1.dailyScore()).isEqualByComparingTo("86.57");
    assertThat(w1.deductions()).isEqualByComparingTo("7");
    assertThat(w1.total()).isEqualByComparingTo("81.63");
    assertThat(w1.stars()).isEqualTo(2);
    assertThat(w1.vetoed()).isFalse();
    assertThat(w1.pendingVetoes()).isZero();

    // sc-w2: daily = 50×50/70 = 35.714… → 35.71 + 87×20/70 = 24.857… → 24.86 = 60.57; no inspection of either kind,
    // so daily carries all the weight: 60.57×40/40 = 60.57 → no star (below 70); one pending veto.
    ScoreBoard.UnitScore w2 = score("sc-w2");
    assertThat(w2.inspectionScore()).isNull();
    assertThat(w2.supervisionScore()).isNull();
    assertThat(w2.dailyScore()).isEqualByComparingTo("60.57");
    assertThat(w2.total()).isEqualByComparingTo("60.57");
    assertThat(w2.stars()).isZero();
    assertThat(w2.pendingVetoes()).isEqualTo(1);
    assertThat(w2.vetoed()).isFalse();

    // sc-w3 would have 100, but a confirmed veto (clause 3): no star, no rank; its pending clause-4 record is counted.
    ScoreBoard.UnitScore w3 = score("sc-w3");
    assertThat(w3.total()).isEqualByComparingTo("100");
    assertThat(w3.vetoed()).isTrue();
    assertThat(w3.vetoClauses()).isEqualTo("3");
    assertThat(w3.pendingVetoes()).isEqualTo(1);
    assertThat(w3.stars()).isZero();
    assertThat(w3.rankInType()).isNull();

    // Ties share a rank: sc-w4 and sc-w5 both 100 → 1, 1; then sc-w1 3, sc-w2 4.
    assertThat(score("sc-w4").rankInType()).isEqualTo(1);
    assertThat(score("sc-w5").rankInType()).isEqualTo(1);
    assertThat(score("sc-w4").stars()).isEqualTo(5);
    assertThat(w1.rankInType()).isEqualTo(3);
    assertThat(w2.rankInType()).isEqualTo(4);

    // sc-hall has only its centralised inspection (no ratings, evaluation, contest, public opinion or spot check):
    // own 80×40/40 = 80; its five windows' mean (81.63 + 60.57 + 100 + 100 + 100) / 5 = 88.44;
    // 80×50/100 = 40.00 + 88.44×50/100 = 44.22 = 84.22; − 5 (HIGH complaint) = 79.22 → ★.
    ScoreBoard.UnitScore hall = score("sc-hall");
    assertThat(hall.dailyScore()).isNull();
    assertThat(hall.supervisionScore()).isNull();
    assertThat(hall.deductions()).isEqualByComparingTo("5");
    assertThat(hall.total()).isEqualByComparingTo("79.22");
    assertThat(hall.stars()).isEqualTo(1);
    assertThat(hall.rankInType()).isEqualTo(1);
    assertThat(board.ofYear(YEAR)).extracting(ScoreBoard.UnitScore::unitCode)
        .containsExactlyInAnyOrder("sc-hall", "sc-w1", "sc-w2", "sc-w3", "sc-w4", "sc-w5");
  }

  @Test
  @Order(2)
  void everyNumberLinksToItsRecords() {
    List<String> links = board.lines(YEAR, "sc-w1").stream().map(ScoreBoard.ScoreLine::sourceLink).filter(l -> l != null).toList();
    assertThat(links).contains("/inspections/JC-2051-000002", "/inspections/JC-2051-000003", "/complaints/TS-2051-000002",
            "/rectifications/ZG-2051-000001", "/rectifications/ZG-2051-000002", "/evaluations/PY-2051-000001",
            "/ratings?unit=sc-w1&from=2051-01-01&to=2051-12-31")
        .doesNotContain("/inspections/JC-2051-000001", "/complaints/TS-2051-000003", "/rectifications/ZG-2051-000003")
        .anyMatch(l -> l.startsWith("/contests/"));
    assertThat(board.lines(YEAR, "sc-w1")).anySatisfy(l -> {
      assertThat(l.component()).isEqualTo("RATINGS");
      assertThat(l.label()).contains("4 条计入", "2 条已排除");
    });
    assertThat(board.lines(YEAR, "sc-w2")).extracting(ScoreBoard.ScoreLine::sourceLink)
        .contains("/sentiments/YQ-2051-000001", "/sentiments/YQ-2051-000002", "/vetoes?unit=sc-w2");
    assertThat(board.lines(YEAR, "sc-w3")).anySatisfy(l -> assertThat(l.label()).contains("一票否决", "第 3 条"));
    assertThat(board.lines(YEAR, "sc-hall")).extracting(ScoreBoard.ScoreLine::component).contains("BLEND_OWN", "BLEND_WINDOWS");
  }

  @Test
  @Order(3)
  void staffScores() {
    // sc-s1: ratings 5, 5 → 100 ×.4; peer 9 → 90 ×.2; leader 8 → 80 ×.2; contest rank 2 → 90 ×.2 = 92.
    ScoreBoard.StaffScore s1 = board.staffOf(YEAR, "sc-s1").orElseThrow();
    assertThat(s1.total()).isEqualByComparingTo("92");
    assertThat(s1.rankOverall()).isEqualTo(1);
    // sc-s2: ratings 4, 4 → 75 and peer 7 → 70 only: (75×40 + 70×20) / 60 = 73.33.
    assertThat(board.staffOf(YEAR, "sc-s2").orElseThrow().total()).isEqualByComparingTo("73.33");
    ScoreBoard.StaffScore s3 = board.staffOf(YEAR, "sc-s3").orElseThrow();
    assertThat(s3.total()).isEqualByComparingTo("0");
    assertThat(s3.unitVetoed()).isTrue();
    assertThat(board.lines(YEAR, ScoreBoard.staffSubject("sc-s1"))).extracting(ScoreBoard.ScoreLine::component)
        .contains("STAFF_RATINGS", "STAFF_PEER", "STAFF_LEADER", "STAFF_CONTEST", "TOTAL");
  }

  @Test
  @Order(4)
  void changedRulesApplyToTheNextRunAndBadOnesStoreNothing() {
    assertThatThrownBy(() -> rules.update(YEAR, Map.of("daily.satisfaction", "60", "blend.ownShare", "100"), "tester"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors()).containsKey("daily"));
    assertThatThrownBy(() -> rules.update(YEAR, Map.of("deduct.complaint.high", "-1", "opinion.open", "abc"), "tester"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors()).containsOnlyKeys("deduct.complaint.high", "opinion.open"));
    assertThat(rules.of(YEAR).get(ScoringRules.BLEND_OWN_SHARE)).isEqualByComparingTo("50");

    // The hall on its own: 80 − 5 = 75 → ★.
    rules.update(YEAR, Map.of("blend.ownShare", "100"), "tester");
    scoring.run(YEAR, "tester");
    assertThat(score("sc-hall").total()).isEqualByComparingTo("75");
    assertThat(score("sc-hall").stars()).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'SCORING_RULES_CHANGED' and subject = ?")
        .param("campaign-" + YEAR).query(Long.class).single()).isEqualTo(1);
    rules.update(YEAR, Map.of("blend.ownShare", "50"), "tester");
    assertThat(jdbc.sql("select count(*) from scoring_rule where campaign_year = ?").param(YEAR).query(Long.class).single()).isZero();
  }

  @Test
  @Order(5)
  void aSecondRunOfTheSameYearIsRefusedWhileOneIsGoing() {
    scoring.claim(YEAR);
    try {
      assertThatThrownBy(() -> jobs.start(YEAR, "tester")).isInstanceOf(ScoringAlreadyRunning.class)
          .hasMessageContaining("正在计算");
      assertThatThrownBy(() -> scoring.run(YEAR, "tester")).isInstanceOf(ScoringAlreadyRunning.class);
    } finally {
      scoring.release(YEAR);
    }
  }

  @Test
  @Order(6)
  void theDelegateScoresAndReportsTheRun() {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(ScoringIds.Vars.CAMPAIGN_YEAR)).thenReturn(YEAR);
    when(execution.getProcessInstanceId()).thenReturn("pi-test");
    delegate.execute(execution);
    long runId = board.latestRun(YEAR).orElseThrow().id();
    verify(execution).setVariable(ScoringIds.Vars.SCORING_RUN_ID, runId);
    verify(execution).setVariable(ScoringIds.Vars.SCORED_UNITS, 6);
    assertThat(score("sc-w1").runId()).isEqualTo(runId);
  }

  @Test
  @Order(7)
  void theOfficeRecomputesInTheBackgroundAndWatchesProgress() throws InterruptedException {
    WebClient office = new WebClient(port);
    office.login("office-sc", PASSWORD);
    long before = board.latestRun(YEAR).orElseThrow().id();
    HttpResponse<String> started = office.postForm("/scores/" + YEAR + "/recompute", Map.of("_csrf", office.csrfOf("/scores/" + YEAR)));
    assertThat(started.statusCode()).isEqualTo(302);
    assertThat(started.headers().firstValue("Location").orElseThrow()).endsWith("/scores/" + YEAR + "/run");
    for (int i = 0; !finishedAfter(before); i++) {
      assertThat(i).as("the background run finishes").isLessThan(200);
      Thread.sleep(100);
    }
    HttpResponse<String> progress = office.getJson("/scores/" + YEAR + "/run.json");
    assertThat(progress.body()).contains("\"status\":\"DONE\"", "\"unitsDone\":6", "\"unitsTotal\":6");
    assertThat(office.get("/scores/" + YEAR + "/run").body()).contains("run.json");
  }

  private boolean finishedAfter(long runId) {
    ScoreBoard.Run latest = board.latestRun(YEAR).orElseThrow();
    return latest.id() > runId && !latest.running();
  }

  @Test
  @Order(8)
  void pagesShowTheRankingAndTheExplanationToWhoMaySeeThem() {
    WebClient inspector = new WebClient(port);
    inspector.login("inspector-sc", PASSWORD);
    String ranking = inspector.get("/scores/" + YEAR).body();
    assertThat(ranking).contains("评分测试大厅", "评分测试窗口1", "★★★★★", "否决（第 3 条）", "优质服务窗口");
    assertThat(ranking).doesNotContain("重新计算</button>");
    String explained = inspector.get("/scores/" + YEAR + "/units/sc-w1").body();
    assertThat(explained).contains("/complaints/TS-2051-000002", "/inspections/JC-2051-000002", "81.63");
    assertThat(inspector.get("/scores/" + YEAR + "/staff").body()).contains("评分甲", "sc-s2");
    assertThat(inspector.get("/scores/" + YEAR + "/staff/sc-s1").body()).contains("92");
    assertThat(inspector.get("/campaigns/" + YEAR + "/scoring-rules").body()).contains("blend.ownShare", "大厅、科室")
        .contains(ScoringMethod.STATEMENTS)
        .doesNotContain("type=\"number\"", "保存</button>");

    WebClient lead = new WebClient(port);
    lead.login("lead-sc-w1", PASSWORD);
    String own = lead.get("/scores/" + YEAR).body();
    assertThat(own).contains("评分测试窗口1").doesNotContain("评分测试窗口2", "评分测试大厅");
    assertThat(lead.get("/scores/" + YEAR + "/units/sc-w1").statusCode()).isEqualTo(200);
    assertThat(lead.get("/scores/" + YEAR + "/units/sc-w2").statusCode()).isEqualTo(403);
    assertThat(lead.get("/scores/" + YEAR + "/staff/sc-s3").statusCode()).isEqualTo(403);
    assertThat(lead.get("/scores/" + YEAR + "/staff").body()).contains("评分甲").doesNotContain("评分丙");
    assertThat(lead.get("/campaigns/" + YEAR + "/scoring-rules").statusCode()).isEqualTo(403);
    assertThat(lead.postForm("/scores/" + YEAR + "/recompute", Map.of("_csrf", lead.csrfOf("/logout"))).statusCode())
        .isEqualTo(403);

    HttpResponse<String> anonymous = new WebClient(port).get("/scores/" + YEAR);
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).contains("/login");
  }

  @Test
  @Order(9)
  void theOfficeChangesRulesOnThePage() {
    WebClient office = new WebClient(port);
    office.login("office-sc", PASSWORD);
    String page = "/campaigns/" + YEAR + "/scoring-rules";
    HttpResponse<String> bad = office.postForm(page, Map.of("_csrf", office.csrfOf(page), "staff.ratings", "90"));
    assertThat(bad.statusCode()).isEqualTo(302);
    assertThat(office.get(page).body()).contains("工作人员得分权重之和须为 100");
    office.postForm(page, Map.of("_csrf", office.csrfOf(page), "deduct.complaint.high", "8"));
    assertThat(rules.of(YEAR).get(ScoringRules.DEDUCT_COMPLAINT_HIGH)).isEqualByComparingTo("8");
    assertThat(office.get(page).body()).contains("office-sc");
    rules.update(YEAR, Map.of("deduct.complaint.high", "5"), "tester");
  }

  /** An administrator redeploys StarRating from Modeler: the next run uses the new version; removing it restores the old. */
  @Test
  @Order(10)
  void aRedeployedStarRatingChangesTheStarsOnTheNextRun() {
    scoring.run(YEAR, "tester");
    assertThat(score("sc-w1").stars()).isEqualTo(2);
    int shipped = repository.createDecisionDefinitionQuery().decisionDefinitionKey(StarRatings.DECISION).latestVersion().singleResult().getVersion();
    String lowered = StarRatingTest.dmnXml("FIRST", "score", "double", new String[][] {{">= 81.5", "5"}, {"[40..81.5)", "3"}, {"", "0"}});
    String deployment = repository.createDeployment().name("star-rating-" + YEAR)
        .addString("star-rating.dmn", lowered).deploy().getId();
    try {
      scoring.run(YEAR, "tester");
      assertThat(score("sc-w1").stars()).isEqualTo(5);     // 81.63
      assertThat(score("sc-hall").stars()).isEqualTo(3);   // 79.22
      assertThat(score("sc-w2").stars()).isEqualTo(3);     // 60.57
      assertThat(score("sc-w3").stars()).isZero();         // vetoed: no stars whatever the table
      assertThat(board.lines(YEAR, "sc-w1")).anySatisfy(l -> assertThat(l.label()).contains("StarRating 第 " + (shipped + 1) + " 版"));
    } finally {
      repository.deleteDeployment(deployment, true);
    }
    scoring.run(YEAR, "tester");
    assertThat(score("sc-w1").stars()).isEqualTo(2);
    assertThat(board.lines(YEAR, "sc-w1")).anySatisfy(l -> assertThat(l.label()).contains("StarRating 第 " + shipped + " 版"));
  }
}
