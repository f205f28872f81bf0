package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.servicestar.award.Awards;
import org.servicestar.award.Nominee;
import org.servicestar.campaign.CampaignService;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 18, part 6: a year recomputed by hand from docs/competition.md ("Scoring"), not from the
 * app's classes. Every expected figure below is a literal, worked out in the comment next to it
 * (四舍五入, HALF_UP to two decimals, once per shown step: an exact half goes up), and the same literals are looked
 * for in the ranking, the explanation, the nominations and both .xlsx exports — so a wrong rule
 * anywhere, or two places disagreeing, fails here.
 *
 * <pre>
 * rh-dept (department: organises, not a participant)
 * ├── rh-hall1            centralised 94.65 only
 * │   ├── rh-sec1         centralised 91, a substantiated LOW complaint
 * │   │   ├── rh-w1       everything but public opinion
 * │   │   └── rh-w2       ties rh-w3 at 89.00 …
 * │   ├── rh-sec2         centralised 88
 * │   │   └── rh-w3       … by another road (no spot check, a returned rectification)
 * │   └── rh-w4           best of all, but a confirmed veto
 * └── rh-hall2            centralised, spot check, a positive sentiment
 *     ├── rh-sec3         centralised and ratings
 *     │   ├── rh-w5       sentiments, contest points, a substantiated MEDIUM complaint
 *     │   └── rh-w6       no ratings at all
 *     ├── rh-w7           an open negative sentiment, a rectification returned twice
 *     └── rh-w8           no centralised inspection
 * </pre>
 *
 * Weights as shipped: inspection 40, daily 40, supervision 20; daily: satisfaction 50, evaluation
 * 20, contest 10, opinion 20; halls and sections 50 % own, 50 % their windows' mean. Quotas: HALL 1,
 * SECTION 1, WINDOW 2 (rh-w2 and rh-w3 tie across it), COLLECTIVE 3 (the same tie just below it).
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecomputedByHandAppTest {

  static final int YEAR = 2073;
  static final String PASSWORD = "recompute-secret-1";

  /**
   * unit, inspection, daily, supervision (null: left out), deductions, total, stars, rank in type
   * (null: vetoed). The working is in {@link #theYear()}'s comments, unit by unit.
   */
  static final String[][] EXPECTED = {
      {"rh-w1", "92.00", "86.91", "89.50", "0.00", "89.46", "3", "1"},
      {"rh-w2", "90.00", "90.00", "85.00", "0.00", "89.00", "3", "2"},
      {"rh-w3", "100.00", "80.00", null, "1.00", "89.00", "3", "2"},
      {"rh-w4", "98.00", "100.00", "96.00", "0.00", "98.40", "0", null},
      {"rh-w5", "86.00", "82.19", "84.00", "2.00", "82.08", "2", "5"},
      {"rh-w6", "93.00", "83.33", "90.00", "0.00", "88.53", "3", "4"},
      {"rh-w7", "80.00", "74.82", null, "2.00", "75.41", "1", "7"},
      {"rh-w8", null, "80.00", "83.00", "0.00", "81.00", "2", "6"},
      {"rh-hall1", "94.65", null, null, "0.00", "93.07", "4", "1"},
      {"rh-hall2", "88.00", "100.00", "90.00", "0.00", "87.48", "3", "2"},
      {"rh-sec1", "91.00", null, null, "1.00", "89.12", "3", "1"},
      {"rh-sec2", "88.00", null, null, "0.00", "88.50", "3", "2"},
      {"rh-sec3", "90.00", "91.67", null, "0.00", "88.08", "3", "3"},
  };

  static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("rh-dept", "重算测试局"), Map.entry("rh-hall1", "重算一厅"), Map.entry("rh-hall2", "重算二厅"),
      Map.entry("rh-sec1", "重算一科"), Map.entry("rh-sec2", "重算二科"), Map.entry("rh-sec3", "重算三科"),
      Map.entry("rh-w1", "重算窗口1"), Map.entry("rh-w2", "重算窗口2"), Map.entry("rh-w3", "重算窗口3"),
      Map.entry("rh-w4", "重算窗口4"), Map.entry("rh-w5", "重算窗口5"), Map.entry("rh-w6", "重算窗口6"),
      Map.entry("rh-w7", "重算窗口7"), Map.entry("rh-w8", "重算窗口8"));

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  CampaignService campaigns;
  @Autowired
  ScoringService scoring;
  @Autowired
  ScoreBoard board;
  @Autowired
  Awards awards;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  IdentityAdministration identity;

  private int sequence;

  @BeforeAll
  void theYear() {
    unit("rh-dept", UnitType.DEPARTMENT, null);
    unit("rh-hall1", UnitType.HALL, "rh-dept");
    unit("rh-hall2", UnitType.HALL, "rh-dept");
    unit("rh-sec1", UnitType.SECTION, "rh-hall1");
    unit("rh-sec2", UnitType.SECTION, "rh-hall1");
    unit("rh-sec3", UnitType.SECTION, "rh-hall2");
    unit("rh-w1", UnitType.WINDOW, "rh-sec1");
    unit("rh-w2", UnitType.WINDOW, "rh-sec1");
    unit("rh-w3", UnitType.WINDOW, "rh-sec2");
    unit("rh-w4", UnitType.WINDOW, "rh-hall1");
    unit("rh-w5", UnitType.WINDOW, "rh-sec3");
    unit("rh-w6", UnitType.WINDOW, "rh-sec3");
    unit("rh-w7", UnitType.WINDOW, "rh-hall2");
    unit("rh-w8", UnitType.WINDOW, "rh-hall2");
    campaigns.create(new CampaignService.CampaignDraft(YEAR, "重算测试年", LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR, 3, 1),
        LocalDate.of(YEAR, 3, 2), LocalDate.of(YEAR, 10, 1), LocalDate.of(YEAR, 10, 2), LocalDate.of(YEAR, 12, 31), 5,
        BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20),
        Map.of("HALL", 1, "SECTION", 1, "WINDOW", 2, "STAFF", 0, "COLLECTIVE", 3, "MODEL", 0),
        List.of("rh-hall1", "rh-hall2", "rh-sec1", "rh-sec2", "rh-sec3", "rh-w1", "rh-w2", "rh-w3", "rh-w4", "rh-w5", "rh-w6",
            "rh-w7", "rh-w8")));

    // rh-w1: centralised 92 (an earlier 60 is superseded); spot checks 88, 91 → 179/2 = 89.50.
    //   ratings 5,5,5,4,4,4,4,4: (35 − 8) × 25 ÷ 8 = 84.375 → 84.38 (a mean that is an exact half).
    //   evaluation: leader 9 → 90.00; peers 9, 8, 8 → 25 × 10 ÷ 3 = 83.333… → 83.33; (90.00 + 83.33) ÷ 2 = 86.665 → 86.67.
    //   contest: rank 1 → 100. No public-opinion record: opinion left out, daily weights present 50 + 20 + 10 = 80:
    //   84.38×50/80 = 52.7375 → 52.74; 86.67×20/80 = 21.6675 → 21.67; 100×10/80 = 12.50; daily 86.91.
    //   92×40/100 = 36.80; 86.91×40/100 = 34.764 → 34.76; 89.50×20/100 = 17.90; total 89.46 → ★★★.
    inspection("rh-w1", "CENTRALIZED", "60", 4);
    inspection("rh-w1", "CENTRALIZED", "92", 11);
    inspection("rh-w1", "UNANNOUNCED", "88", 5);
    inspection("rh-w1", "UNANNOUNCED", "91", 8);
    ratings("rh-w1", 5, 5, 5, 4, 4, 4, 4, 4);
    rating("rh-w1", 1, YEAR - 1);                            // last year's: not this year's
    evaluation("PY-" + YEAR + "-000001", "rh-w1", 9, 9, 8, 8);
    long contest = contest("重算测试比武");
    contestResult(contest, "rh-w1", 1, null);

    // rh-w2: centralised 90, spot check 85; ratings 5,5,5,4,4: (23 − 5) × 25 ÷ 5 = 90.00, the only daily part: 90×50/50 = 90.00.
    //   36.00 + 36.00 + 17.00 = 89.00 → ★★★.
    inspection("rh-w2", "CENTRALIZED", "90", 11);
    inspection("rh-w2", "UNANNOUNCED", "85", 6);
    ratings("rh-w2", 5, 5, 5, 4, 4);

    // rh-w3: centralised 100, no spot check (weights present 40 + 40 = 80); ratings 5,4,4,4,4: (21 − 5) × 25 ÷ 5 = 80.00.
    //   100×40/80 = 50.00; 80×40/80 = 40.00; 90.00; a rectification returned once −1 → 89.00: the same as rh-w2 → ★★★.
    inspection("rh-w3", "CENTRALIZED", "100", 11);
    ratings("rh-w3", 5, 4, 4, 4, 4);
    rectification("rh-w3", 1);

    // rh-w4: centralised 98, spot check 96, ratings 5,5,5,5 → 100: 39.20 + 40.00 + 19.20 = 98.40, the best window —
    //   but a confirmed veto (clause 2): no star, no rank, no award; its 98.40 still counts in rh-hall1's mean.
    inspection("rh-w4", "CENTRALIZED", "98", 11);
    inspection("rh-w4", "UNANNOUNCED", "96", 7);
    ratings("rh-w4", 5, 5, 5, 5);
    veto("rh-w4", 2, "CONFIRMED");

    // rh-w5: centralised 86, spot check 84; ratings 5,5,4,4,3,3: (24 − 6) × 25 ÷ 6 = 75.00; contest points 88.5;
    //   a closed negative sentiment −3 and a positive one 0 → opinion 97; no evaluation (weights present 50 + 10 + 20 = 80):
    //   75×50/80 = 46.875 → 46.88; 88.5×10/80 = 11.0625 → 11.06; 97×20/80 = 24.25; daily 82.19.
    //   34.40 + 82.19×40/100 = 32.876 → 32.88 + 16.80 = 84.08; a substantiated MEDIUM complaint −2 → 82.08 → ★★.
    inspection("rh-w5", "CENTRALIZED", "86", 11);
    inspection("rh-w5", "UNANNOUNCED", "84", 9);
    ratings("rh-w5", 5, 5, 4, 4, 3, 3);
    contestResult(contest, "rh-w5", null, "88.5");
    sentiment("rh-w5", true, "CLOSED");
    sentiment("rh-w5", false, "CLOSED");
    complaint("rh-w5", "MEDIUM", true);
    complaint("rh-w5", "HIGH", false);                      // not substantiated: no deduction

    // rh-w6: no ratings at all (satisfaction left out); leader 8 → 80.00; contest rank 2 → 90 (contest.rank2).
    //   Daily weights present 20 + 10 = 30: 80×20/30 = 53.333… → 53.33; 90×10/30 = 30.00; daily 83.33.
    //   centralised 93, spot check 90: 37.20 + 83.33×40/100 = 33.332 → 33.33 + 18.00 = 88.53 → ★★★.
    inspection("rh-w6", "CENTRALIZED", "93", 11);
    inspection("rh-w6", "UNANNOUNCED", "90", 3);
    evaluation("PY-" + YEAR + "-000002", "rh-w6", 8);
    contestResult(contest, "rh-w6", 2, null);

    // rh-w7: centralised 80, no spot check; ratings 4,4,4,3: (15 − 4) × 25 ÷ 4 = 68.75; an open negative sentiment → 90.
    //   Daily weights present 50 + 20 = 70: 68.75×50/70 = 49.107… → 49.11; 90×20/70 = 25.714… → 25.71; daily 74.82.
    //   80×40/80 = 40.00; 74.82×40/80 = 37.41; 77.41; a rectification returned twice −2 → 75.41 → ★.
    inspection("rh-w7", "CENTRALIZED", "80", 11);
    ratings("rh-w7", 4, 4, 4, 3);
    sentiment("rh-w7", true, "RESPONDING");
    rectification("rh-w7", 2);

    // rh-w8: its centralised inspection is still open (left out, not 0); spot check 83; ratings 4,4,4,4,5 → 80.00.
    //   Weights present 40 + 20 = 60: 80×40/60 = 53.333… → 53.33; 83×20/60 = 27.666… → 27.67; 81.00 → ★★.
    openInspection("rh-w8");
    inspection("rh-w8", "UNANNOUNCED", "83", 10);
    ratings("rh-w8", 4, 4, 4, 4, 5);

    // rh-hall1: own centralised 94.65 only: 94.65×40/40 = 94.65. Windows anywhere under it, rh-w4's included:
    //   (89.46 + 89.00 + 89.00 + 98.40) ÷ 4 = 365.86 ÷ 4 = 91.465 → 91.47 (exact half; half-even would say 91.46).
    //   94.65×50/100 = 47.325 → 47.33 (exact half; half-even and binary floating point say 47.32);
    //   91.47×50/100 = 45.735 → 45.74 (exact half; from the unrounded mean it would be 45.7325 → 45.73);
    //   47.33 + 45.74 = 93.07 → ★★★★.
    inspection("rh-hall1", "CENTRALIZED", "94.65", 11);

    // rh-hall2: centralised 88, spot check 90, one positive sentiment → opinion 100, the only daily part → daily 100.00:
    //   35.20 + 40.00 + 18.00 = 93.20 → 93.20×50/100 = 46.60.
    //   Windows: (82.08 + 88.53 + 75.41 + 81.00) ÷ 4 = 327.02 ÷ 4 = 81.755 → 81.76; ×50/100 = 40.88; 87.48 → ★★★.
    inspection("rh-hall2", "CENTRALIZED", "88", 11);
    inspection("rh-hall2", "UNANNOUNCED", "90", 4);
    sentiment("rh-hall2", false, "CLOSED");

    // rh-sec1: own centralised 91 → 91.00 → 45.50; windows (89.46 + 89.00) ÷ 2 = 89.23 → ×50/100 = 44.615 → 44.62;
    //   90.12; a substantiated LOW complaint −1 (after blending) → 89.12 → ★★★.
    inspection("rh-sec1", "CENTRALIZED", "91", 11);
    complaint("rh-sec1", "LOW", true);

    // rh-sec2: own 88 → 44.00; its one window 89.00 → 44.50; 88.50 → ★★★.
    inspection("rh-sec2", "CENTRALIZED", "88", 11);

    // rh-sec3: centralised 90; ratings 5,5,4: (14 − 3) × 25 ÷ 3 = 91.666… → 91.67; no spot check (weights 80):
    //   90×40/80 = 45.00; 91.67×40/80 = 45.835 → 45.84; own 90.84 → ×50/100 = 45.42.
    //   Windows (82.08 + 88.53) ÷ 2 = 85.305 → 85.31 (half-even: 85.30); ×50/100 = 42.655 → 42.66; 88.08 → ★★★.
    inspection("rh-sec3", "CENTRALIZED", "90", 11);
    ratings("rh-sec3", 5, 5, 4);

    identity.ensureUser("office-rh", "办公室", "重算", PASSWORD);
    identity.ensureMembership("office-rh", Groups.OFFICE);
  }

  // --- the records, as the features store them ---

  private void unit(String code, UnitType type, String parent) {
    units.create(new UnitService.UnitDraft(code, NAMES.get(code), type, parent));
  }

  private static LocalDateTime at(int month) {
    return LocalDateTime.of(YEAR, month, 15, 10, 0);
  }

  private String next(String prefix) {
    return String.format("%s-%d-%06d", prefix, YEAR, 900000 + ++sequence);
  }

  private void inspection(String unit, String type, String pct, int month) {
    jdbc.sql("""
            insert into inspection (number, campaign_year, unit_code, inspection_type, status, score_pct, started_by, started_at, conducted_at)
            values (?, ?, ?, ?, 'DONE', ?, 'inspector', ?, ?)""")
        .params(next("JC"), YEAR, unit, type, new BigDecimal(pct), at(month), at(month)).update();
  }

  private void openInspection(String unit) {
    jdbc.sql("""
            insert into inspection (number, campaign_year, unit_code, inspection_type, status, started_by, started_at)
            values (?, ?, ?, 'CENTRALIZED', 'OPEN', 'campaign', ?)""")
        .params(next("JC"), YEAR, unit, at(10)).update();
  }

  private void ratings(String unit, int... levels) {
    for (int level : levels) {
      rating(unit, level, YEAR);
    }
  }

  private void rating(String unit, int level, int year) {
    OffsetDateTime when = OffsetDateTime.of(year, 5, 1, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    jdbc.sql("""
            insert into rating (unit_id, level, channel, rated_at, rated_day, received_at)
            values ((select id from unit where code = ?), ?, 'DEVICE', ?, ?, ?)""")
        .params(unit, level, when, when.toLocalDate(), when).update();
  }

  /** A closed round with the leader's score of the unit and the members' peer scores (1–10). */
  private void evaluation(String number, String unit, int leader, int... peers) {
    jdbc.sql("insert into evaluation_round (number, unit_code, campaign_year, status, unit_score, opened_at) values (?, ?, ?, 'CLOSED', ?, ?)")
        .params(number, unit, YEAR, leader, at(4)).update();
    long round = jdbc.sql("select id from evaluation_round where number = ?").param(number).query(Long.class).single();
    for (int i = 0; i < peers.length; i++) {
      jdbc.sql("insert into evaluation_peer_score (round_id, rater_badge, ratee_badge, score) values (?, ?, ?, ?)")
          .params(round, "rh-r" + i, "rh-e" + i, peers[i]).update();
    }
  }

  private long contest(String name) {
    jdbc.sql("insert into contest (campaign_year, name, kind, held_on, recorded_by, recorded_at) values (?, ?, 'SKILL', ?, 'office', ?)")
        .params(YEAR, name, LocalDate.of(YEAR, 6, 1), at(6)).update();
    return jdbc.sql("select max(id) from contest where campaign_year = ?").param(YEAR).query(Long.class).single();
  }

  private void contestResult(long contest, String unit, Integer rank, String points) {
    jdbc.sql("insert into contest_result (contest_id, unit_code, result_rank, points) values (?, ?, ?, ?)")
        .params(contest, unit, rank, points == null ? null : new BigDecimal(points)).update();
  }

  private void sentiment(String unit, boolean negative, String status) {
    jdbc.sql("""
            insert into sentiment (number, unit_code, source, summary, severity, negative, status, recorded_at, closed_at)
            values (?, ?, 'MEDIA', '重算测试舆情', 'LOW', ?, ?, ?, ?)""")
        .params(next("YQ"), unit, negative, status, at(7), "CLOSED".equals(status) ? at(8) : null).update();
  }

  private void complaint(String unit, String severity, boolean substantiated) {
    jdbc.sql("""
            insert into complaint (number, unit_code, original_unit_code, source, channel, content, status, substantiated, severity,
                                   review_excluded, created_at, updated_at)
            values (?, ?, ?, 'PUBLIC', 'ONLINE', '重算测试投诉', 'CLOSED', ?, ?, false, ?, ?)""")
        .params(next("TS"), unit, unit, substantiated, severity, at(5), at(5)).update();
  }

  private void rectification(String unit, int returns) {
    jdbc.sql("""
            insert into rectification (number, unit_code, source_type, problem, severity, status, return_count, opened_at, opened_by, updated_at)
            values (?, ?, 'COMPLAINT', '重算测试整改', 'LOW', 'ACCEPTED', ?, ?, 'office', ?)""")
        .params(next("ZG"), unit, returns, at(5), at(6)).update();
  }

  private void veto(String unit, int clause, String status) {
    jdbc.sql("""
            insert into veto_record (unit_code, clause, source_type, source_id, status, recorded_at, recorded_by, ruled_at, ruled_by)
            values (?, ?, 'INSPECTION', ?, ?, ?, 'inspector', ?, 'leader')""")
        .params(unit, clause, "rh-" + unit, status, at(9), at(10)).update();
  }

  private static BigDecimal d(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  // --- the checks ---

  @Test
  @Order(1)
  void everyUnitScoresAsWorkedOutByHand() {
    ScoringService.Outcome outcome = scoring.run(YEAR, "tester");
    assertThat(outcome.scoredUnits()).isEqualTo(13);
    assertThat(board.of(YEAR, "rh-dept")).as("a department organises; it is not a participant").isEmpty();
    for (String[] e : EXPECTED) {
      ScoreBoard.UnitScore s = board.of(YEAR, e[0]).orElseThrow();
      assertThat(s.inspectionScore()).as(e[0] + " inspection").isEqualTo(d(e[1]));
      assertThat(s.dailyScore()).as(e[0] + " daily").isEqualTo(d(e[2]));
      assertThat(s.supervisionScore()).as(e[0] + " supervision").isEqualTo(d(e[3]));
      assertThat(s.deductions()).as(e[0] + " deductions").isEqualTo(d(e[4]));
      assertThat(s.total()).as(e[0] + " total").isEqualTo(d(e[5]));
      assertThat(s.stars()).as(e[0] + " stars").isEqualTo(Integer.parseInt(e[6]));
      assertThat(s.rankInType()).as(e[0] + " rank").isEqualTo(e[7] == null ? null : Integer.valueOf(e[7]));
      assertThat(s.vetoed()).as(e[0] + " vetoed").isEqualTo(e[7] == null);
    }
    assertThat(board.of(YEAR, "rh-w4").orElseThrow().vetoClauses()).isEqualTo("2");
  }

  /** The explanation's lines carry the same rounded steps, and the exact halves went up in the line and in the total. */
  @Test
  @Order(2)
  void theExplanationShowsEachRoundedStepAndAddsUp() {
    // rh-hall1: 47.325 → 47.33 and 45.735 → 45.74 from a mean 91.465 → 91.47; 47.33 + 45.74 = 93.07.
    ScoreBoard.ScoreLine own = line("rh-hall1", "BLEND_OWN");
    assertThat(own.rawValue()).isEqualByComparingTo(d("94.65"));
    assertThat(own.points()).isEqualByComparingTo(d("47.33"));
    ScoreBoard.ScoreLine windows = line("rh-hall1", "BLEND_WINDOWS");
    assertThat(windows.rawValue()).isEqualByComparingTo(d("91.47"));
    assertThat(windows.points()).isEqualByComparingTo(d("45.74"));
    assertThat(windows.label()).contains("4 个参赛窗口", "365.86");
    assertThat(line("rh-hall1", "TOTAL").points()).isEqualByComparingTo(d("93.07"));

    // rh-sec3: 85.305 → 85.31, then 42.655 → 42.66; own 45.835 → 45.84 in its inspection/daily lines.
    assertThat(line("rh-sec3", "BLEND_WINDOWS").rawValue()).isEqualByComparingTo(d("85.31"));
    assertThat(line("rh-sec3", "BLEND_WINDOWS").points()).isEqualByComparingTo(d("42.66"));
    assertThat(line("rh-sec3", "DAILY").points()).isEqualByComparingTo(d("45.84"));
    assertThat(line("rh-sec3", "INSPECTION").points()).isEqualByComparingTo(d("45.00"));
    assertThat(line("rh-sec3", "BLEND_OWN").points()).isEqualByComparingTo(d("45.42"));

    // rh-w1: the ratings' mean 84.375 → 84.38 and the evaluation's (90.00 + 83.33) ÷ 2 = 86.665 → 86.67;
    // their shares out of the 80 present: 52.74, 21.67, 12.50; opinion left out, weight 20 named, no points.
    assertThat(line("rh-w1", "RATINGS").rawValue()).isEqualByComparingTo(d("84.38"));
    assertThat(line("rh-w1", "SATISFACTION").points()).isEqualByComparingTo(d("52.74"));
    assertThat(line("rh-w1", "EVALUATION_PEER").rawValue()).isEqualByComparingTo(d("83.33"));
    assertThat(line("rh-w1", "EVALUATION").rawValue()).isEqualByComparingTo(d("86.67"));
    assertThat(line("rh-w1", "EVALUATION").points()).isEqualByComparingTo(d("21.67"));
    assertThat(line("rh-w1", "CONTEST").points()).isEqualByComparingTo(d("12.50"));
    assertThat(line("rh-w1", "OPINION").points()).isNull();
    assertThat(line("rh-w1", "OPINION").weight()).isEqualByComparingTo(d("20"));
    assertThat(line("rh-w1", "DAILY_SUM").rawValue()).isEqualByComparingTo(d("86.91"));
    assertThat(line("rh-w1", "DAILY").points()).isEqualByComparingTo(d("34.76"));

    // rh-w6 has no ratings: its satisfaction is a line without points, and 53.33 + 30.00 = 83.33.
    assertThat(line("rh-w6", "SATISFACTION").points()).isNull();
    assertThat(line("rh-w6", "EVALUATION").points()).isEqualByComparingTo(d("53.33"));
    assertThat(line("rh-w6", "CONTEST").points()).isEqualByComparingTo(d("30.00"));

    // rh-w8's open centralised inspection is left out, not counted as 0: 53.33 + 27.67 = 81.00.
    assertThat(line("rh-w8", "INSPECTION").points()).isNull();
    assertThat(line("rh-w8", "DAILY").points()).isEqualByComparingTo(d("53.33"));
    assertThat(line("rh-w8", "SUPERVISION").points()).isEqualByComparingTo(d("27.67"));

    // deductions come after the blend: rh-sec1 45.50 + 44.62 − 1.00 = 89.12.
    assertThat(line("rh-sec1", "BLEND_OWN").points()).isEqualByComparingTo(d("45.50"));
    assertThat(line("rh-sec1", "BLEND_WINDOWS").points()).isEqualByComparingTo(d("44.62"));
    assertThat(line("rh-sec1", "DEDUCT_COMPLAINT").points()).isEqualByComparingTo(d("-1"));
    assertThat(line("rh-sec1", "TOTAL").points()).isEqualByComparingTo(d("89.12"));
  }

  private ScoreBoard.ScoreLine line(String unit, String component) {
    List<ScoreBoard.ScoreLine> found = board.lines(YEAR, unit).stream().filter(l -> l.component().equals(component)).toList();
    assertThat(found).as(unit + " " + component).hasSize(1);
    return found.get(0);
  }

  /**
   * Nominations through the award step the AwardApproval process starts with ({@code Awards.open}):
   * WINDOW quota 2 with rh-w1 first and rh-w2, rh-w3 tied second at 89.00 → only rh-w1, the tie
   * named; the vetoed rh-w4 (98.40) nowhere. COLLECTIVE quota 3 over halls, sections and windows:
   * 93.07 rh-hall1, 89.46 rh-w1, 89.12 rh-sec1 — the tie at 89.00 lies just below it, not across it.
   */
  @Test
  @Order(3)
  void aTieAcrossTheQuotaNominatesNeitherAndTheVetoedUnitNothing() {
    Awards.Opened opened = awards.open(YEAR, null);
    assertThat(nominated()).containsExactlyInAnyOrder(
        "HALL:rh-hall1:1:93.07", "SECTION:rh-sec1:1:89.12", "WINDOW:rh-w1:1:89.46",
        "COLLECTIVE:rh-hall1:1:93.07", "COLLECTIVE:rh-w1:2:89.46", "COLLECTIVE:rh-sec1:3:89.12");
    assertThat(opened.tiedAtCutoff()).containsExactlyInAnyOrder(
        "优质服务窗口：重算窗口2（rh-w2，89.00 分，并列第 2 名）",
        "优质服务窗口：重算窗口3（rh-w3，89.00 分，并列第 2 名）");
    assertThat(awards.nominees(YEAR)).noneMatch(n -> n.subject().equals("rh-w4"));
  }

  private List<String> nominated() {
    return awards.nominees(YEAR).stream()
        .map(n -> n.category() + ":" + n.subject() + ":" + n.rankInCategory() + ":" + n.score().toPlainString()).toList();
  }

  /** The rest of the approval, straight through the service: one member approves everything, nobody objects. */
  @Test
  @Order(4)
  void theNomineesArePublished() {
    awards.openVote(YEAR, List.of("leader-rh"));
    List<Awards.Vote> ballot = awards.nominees(YEAR).stream()
        .map(n -> new Awards.Vote(n.id(), "leader-rh", true, null, null)).toList();
    awards.vote(YEAR, "leader-rh", ballot);
    assertThat(awards.countVotes(YEAR)).isEqualTo(6);
    awards.openPublicity(YEAR, LocalDate.of(YEAR, 12, 20), LocalDate.of(YEAR, 12, 24));
    awards.publicityOver(YEAR);
    assertThat(awards.publish(YEAR, "office-rh")).isEqualTo(6);
    assertThat(awards.nominees(YEAR, "AWARDED")).extracting(Nominee::subject)
        .containsExactlyInAnyOrder("rh-hall1", "rh-sec1", "rh-w1", "rh-hall1", "rh-w1", "rh-sec1");
  }

  /** /reports/export/results.xlsx shows the same literals, as numbers with two decimals, and who won what. */
  @Test
  @Order(5)
  void theResultsExportShowsTheHandFigures() throws IOException {
    WebClient office = login();
    try (XSSFWorkbook workbook = xlsx(office.getBytes("/reports/export/results.xlsx?year=" + YEAR))) {
      Sheet sheet = workbook.getSheetAt(0);
      List<String> headers = texts(sheet.getRow(0));
      assertThat(headers).startsWith("单位类型", "名次", "单位编码", "单位名称", "检查考核得分", "日常考评得分", "监督评议得分", "扣分", "总分",
          "星级", "一票否决", "否决条款", "待裁定否决", "获奖");
      Map<String, Row> rows = new HashMap<>();
      for (int r = 1; r <= sheet.getLastRowNum(); r++) {
        rows.put(sheet.getRow(r).getCell(2).getStringCellValue(), sheet.getRow(r));
      }
      assertThat(rows).hasSize(EXPECTED.length);
      for (String[] e : EXPECTED) {
        Row row = rows.get(e[0]);
        assertThat(row).as(e[0]).isNotNull();
        assertThat(row.getCell(3).getStringCellValue()).isEqualTo(NAMES.get(e[0]));
        assertNumber(row.getCell(1), e[7], "0", e[0] + " rank");
        assertNumber(row.getCell(4), e[1], "0.00", e[0] + " inspection");
        assertNumber(row.getCell(5), e[2], "0.00", e[0] + " daily");
        assertNumber(row.getCell(6), e[3], "0.00", e[0] + " supervision");
        assertNumber(row.getCell(7), e[4], "0.00", e[0] + " deductions");
        assertNumber(row.getCell(8), e[5], "0.00", e[0] + " total");
        assertNumber(row.getCell(9), e[6], "0", e[0] + " stars");
        assertThat(row.getCell(10).getStringCellValue()).as(e[0] + " veto").isEqualTo(e[7] == null ? "是" : "否");
      }
      assertThat(rows.get("rh-w4").getCell(11).getStringCellValue()).isEqualTo("2");
      assertThat(rows.get("rh-hall1").getCell(13).getStringCellValue()).isEqualTo("先进集体、优质服务大厅");
      assertThat(rows.get("rh-sec1").getCell(13).getStringCellValue()).isEqualTo("先进集体、优质服务科室队所");
      assertThat(rows.get("rh-w1").getCell(13).getStringCellValue()).isEqualTo("先进集体、优质服务窗口");
      for (String none : List.of("rh-w2", "rh-w3", "rh-w4", "rh-hall2", "rh-sec2")) {
        assertThat(rows.get(none).getCell(13)).as(none + " won nothing").isNull();
      }
    }
  }

  /** The published workbook /results/{year}.xlsx: category, rank in it, score and stars, the same literals. */
  @Test
  @Order(6)
  void thePublishedWorkbookShowsTheHandFigures() throws IOException {
    try (XSSFWorkbook workbook = xlsx(new WebClient(port).getBytes("/results/" + YEAR + ".xlsx"))) {
      Sheet sheet = workbook.getSheetAt(0);
      assertThat(texts(sheet.getRow(0))).startsWith("类别", "名次", "单位/姓名", "所属单位", "得分", "星级");
      List<String> awarded = new ArrayList<>();
      DataFormatter shown = new DataFormatter();
      for (int r = 1; r <= sheet.getLastRowNum(); r++) {
        Row row = sheet.getRow(r);
        awarded.add(row.getCell(0).getStringCellValue() + "|" + shown.formatCellValue(row.getCell(1)) + "|"
            + row.getCell(2).getStringCellValue() + "|" + shown.formatCellValue(row.getCell(4)) + "|" + shown.formatCellValue(row.getCell(5)));
      }
      assertThat(awarded).containsExactlyInAnyOrder(
          "优质服务大厅|1|重算一厅|93.07|4",
          "优质服务科室队所|1|重算一科|89.12|3",
          "优质服务窗口|1|重算窗口1|89.46|3",
          "先进集体|1|重算一厅|93.07|4",
          "先进集体|2|重算窗口1|89.46|3",
          "先进集体|3|重算一科|89.12|3");
    }
  }

  /** The explanation page shows the literal total and the exact-half lines as kept (no second rounding). */
  @Test
  @Order(7)
  void theExplanationPageShowsTheSameNumbers() {
    HttpResponse<String> page = login().get("/scores/" + YEAR + "/units/rh-hall1");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<strong>93.07</strong>", "★★★★", "同类第 1 名",
        ">94.65<", ">47.33<", ">91.47<", ">45.74<", ">93.07<");
    String vetoed = login().get("/scores/" + YEAR + "/units/rh-w4").body();
    assertThat(vetoed).contains("<strong>98.40</strong>", "不评星", "不参加排名", "已被一票否决（第 2 条）");
    String ranking = login().get("/scores/" + YEAR).body();
    assertThat(ranking).contains("89.46", "89.00", "98.40", "93.07", "87.48");
  }

  private WebClient login() {
    WebClient client = new WebClient(port);
    client.login("office-rh", PASSWORD);
    return client;
  }

  private static XSSFWorkbook xlsx(HttpResponse<byte[]> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(200);
    return new XSSFWorkbook(new ByteArrayInputStream(response.body()));
  }

  private static List<String> texts(Row row) {
    List<String> texts = new ArrayList<>();
    for (Cell cell : row) {
      texts.add(cell.getStringCellValue());
    }
    return texts;
  }

  /** A numeric cell holding the literal, shown with the format's decimals; an empty cell for a part left out. */
  private static void assertNumber(Cell cell, String expected, String format, String what) {
    if (expected == null) {
      assertThat(cell).as(what + " left out: an empty cell").isNull();
      return;
    }
    assertThat(cell).as(what).isNotNull();
    assertThat(cell.getCellType()).as(what).isEqualTo(CellType.NUMERIC);
    assertThat(cell.getNumericCellValue()).as(what).isEqualTo(Double.parseDouble(expected));
    assertThat(cell.getCellStyle().getDataFormatString()).as(what).isEqualTo(format);
    assertThat(new DataFormatter().formatCellValue(cell)).as(what).isEqualTo(expected);
  }
}
