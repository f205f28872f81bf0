package org.servicestar.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.award.AwardCategory;
import org.servicestar.campaign.CampaignService;
import org.servicestar.rating.RatingFigures;
import org.servicestar.scoring.ScoreBoard;
import org.servicestar.scoring.ScoringService;
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
 * A small hand-made year (2085, units rpt-…; rp- belongs to RatePagesTest): each export opened with POI and held against the
 * services' own figures (ScoreBoard, RatingFigures, the ledger and complaint tables); who gets which rows.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsAppTest {

  static final int YEAR = 2085;
  static final String PASSWORD = "reports-secret-1";

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
  RatingFigures figures;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;

  @BeforeAll
  void aSmallYear() {
    units.create(new UnitService.UnitDraft("rpt-dept", "报表测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("rpt-hall", "报表测试大厅", UnitType.HALL, "rpt-dept"));
    units.create(new UnitService.UnitDraft("rpt-w1", "报表测试窗口一", UnitType.WINDOW, "rpt-hall"));
    units.create(new UnitService.UnitDraft("rpt-w2", "报表测试窗口二", UnitType.WINDOW, "rpt-hall"));
    units.create(new UnitService.UnitDraft("rpt-w3", "报表测试窗口三", UnitType.WINDOW, "rpt-hall"));
    campaigns.create(new CampaignService.CampaignDraft(YEAR, "报表测试年", LocalDate.of(YEAR, 1, 1), LocalDate.of(YEAR, 3, 1),
        LocalDate.of(YEAR, 3, 2), LocalDate.of(YEAR, 10, 1), LocalDate.of(YEAR, 10, 2), LocalDate.of(YEAR, 12, 31), 5,
        BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20), Map.of(), List.of("rpt-hall", "rpt-w1", "rpt-w2", "rpt-w3")));
    // Ratings of rpt-w1 in March: 5, 5, 4, 2 (a bad review, substantiated), 1 excluded by the office; in April 3.
    // rpt-w2 in March: 5, 1. Last year's rating of rpt-w1 is outside the export.
    complaint("TS-2085-000001", "rpt-w1", "RATING", "RECTIFYING", true, "ATTITUDE", "MEDIUM", "张三", "13800000001", 3);
    rating("rpt-w1", 5, 3, 1, false, null);
    rating("rpt-w1", 5, 3, 2, false, null);
    rating("rpt-w1", 4, 3, 3, false, null);
    rating("rpt-w1", 2, 3, 4, false, "TS-2085-000001");
    rating("rpt-w1", 1, 3, 5, true, null);
    rating("rpt-w1", 3, 4, 1, false, null);
    rating("rpt-w2", 5, 3, 6, false, null);
    rating("rpt-w2", 1, 3, 31, false, null);
    jdbc.sql("""
            insert into rating (unit_id, level, channel, rated_at, rated_day, received_at)
            values ((select id from unit where code = 'rpt-w1'), 1, 'DEVICE', ?, ?, ?)""")
        .params(OffsetDateTime.of(YEAR - 1, 12, 31, 10, 0, 0, 0, ZoneOffset.ofHours(8)), LocalDate.of(YEAR - 1, 12, 31),
            OffsetDateTime.of(YEAR - 1, 12, 31, 10, 0, 0, 0, ZoneOffset.ofHours(8))).update();
    complaint("TS-2085-000002", "rpt-w2", "HOTLINE", "CLOSED", false, null, null, "李四", "13800000002", 5);
    // Rectifications: rpt-w1 one overdue, one accepted after two returns; rpt-w2 one submitted.
    rectification("ZG-2085-000001", "rpt-w1", "COMPLAINT", "OVERDUE", LocalDateTime.of(YEAR, 3, 10, 9, 0), LocalDateTime.of(YEAR, 3, 20, 18, 0), null, 0);
    rectification("ZG-2085-000002", "rpt-w1", "INSPECTION", "ACCEPTED", LocalDateTime.of(YEAR, 4, 1, 9, 0), LocalDateTime.of(YEAR, 4, 15, 18, 0),
        LocalDateTime.of(YEAR, 4, 12, 16, 30), 2);
    rectification("ZG-2085-000003", "rpt-w2", "COMPLAINT", "SUBMITTED", LocalDateTime.of(YEAR, 5, 1, 9, 0), null, null, 0);
    scoring.run(YEAR, "tester");
    jdbc.sql("""
            insert into award_nominee (campaign_year, category, subject, subject_name, unit_code, score, stars, rank_in_category,
                                       origin, status, certificate_no)
            values (?, 'WINDOW', 'rpt-w1', '报表测试窗口一', 'rpt-w1', 90, 5, 1, 'RANKING', 'AWARDED', 'FW-2085-001')""")
        .param(YEAR).update();
    identity.ensureUser("office-rp", "办公室", "报表", PASSWORD);
    identity.ensureMembership("office-rp", Groups.OFFICE);
    identity.ensureUser("leader-rp", "领导", "报表", PASSWORD);
    identity.ensureMembership("leader-rp", Groups.LEADING_GROUP);
    unitGroups.createLead("rpt-w1", "lead-rpt-w1", "窗口负责人", PASSWORD);
  }

  private void rating(String unit, int level, int month, int day, boolean excluded, String complaint) {
    OffsetDateTime when = OffsetDateTime.of(YEAR, month, day, 10, 0, 0, 0, ZoneOffset.ofHours(8));
    jdbc.sql("""
            insert into rating (unit_id, level, channel, rated_at, rated_day, received_at, excluded, complaint_number)
            values ((select id from unit where code = ?), ?, 'DEVICE', ?, ?, ?, ?, ?)""")
        .params(unit, level, when, when.toLocalDate(), when, excluded, complaint).update();
  }

  private void complaint(String number, String unit, String channel, String status, Boolean substantiated, String category,
                         String severity, String contact, String phone, int month) {
    jdbc.sql("""
            insert into complaint (number, unit_code, original_unit_code, source, channel, content, contact_name, contact_phone,
                                   status, substantiated, category, severity, created_at, updated_at)
            values (?, ?, ?, ?, ?, '报表测试投诉', ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(number, unit, unit, "RATING".equals(channel) ? "RATING" : "PUBLIC", channel, contact, phone, status, substantiated,
            category, severity, LocalDateTime.of(YEAR, month, 2, 9, 0), LocalDateTime.of(YEAR, month, 20, 9, 0)).update();
  }

  private void rectification(String number, String unit, String source, String status, LocalDateTime opened, LocalDateTime due,
                             LocalDateTime closed, int returns) {
    jdbc.sql("""
            insert into rectification (number, unit_code, source_type, problem, severity, status, due_at, return_count, opened_at,
                                       opened_by, closed_at, updated_at)
            values (?, ?, ?, '报表测试整改', 'LOW', ?, ?, ?, ?, 'office', ?, ?)""")
        .params(number, unit, source, status, due, returns, opened, closed, opened).update();
  }

  private WebClient login(String user) {
    WebClient client = new WebClient(port);
    client.login(user, PASSWORD);
    return client;
  }

  private static XSSFWorkbook open(HttpResponse<byte[]> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(ReportController.XLSX.toString());
    return new XSSFWorkbook(new ByteArrayInputStream(response.body()));
  }

  private static List<String> headers(Sheet sheet) {
    List<String> headers = new ArrayList<>();
    for (Cell cell : sheet.getRow(0)) {
      headers.add(cell.getStringCellValue());
    }
    return headers;
  }

  private static List<String> headersOf(List<Column> columns) {
    return columns.stream().map(Column::header).toList();
  }

  /** The rows keyed by the text of one column. */
  private static Map<String, Row> rowsBy(Sheet sheet, int column) {
    Map<String, Row> rows = new HashMap<>();
    for (int r = 1; r <= sheet.getLastRowNum(); r++) {
      rows.put(sheet.getRow(r).getCell(column).getStringCellValue(), sheet.getRow(r));
    }
    return rows;
  }

  private static void assertFrozenHeaderAndFilter(XSSFSheet sheet) {
    PaneInformation pane = sheet.getPaneInformation();
    assertThat(pane).isNotNull();
    assertThat(pane.isFreezePane()).isTrue();
    assertThat(pane.getHorizontalSplitPosition()).isEqualTo((short) 1);
    assertThat(sheet.getCTWorksheet().isSetAutoFilter()).as("auto-filter").isTrue();
    assertThat(sheet.getColumnWidth(headers(sheet).indexOf("单位名称"))).as("names get room").isGreaterThanOrEqualTo(20 * 256);
  }

  private static double number(Row row, int column) {
    Cell cell = row.getCell(column);
    assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
    return cell.getNumericCellValue();
  }

  @Test
  void theResultsEqualTheScoreBoard() throws IOException {
    HttpResponse<byte[]> response = login("leader-rp").getBytes("/reports/export/results.xlsx?year=" + YEAR);
    String disposition = response.headers().firstValue("Content-Disposition").orElseThrow();
    assertThat(disposition).startsWith("attachment").contains("filename*=UTF-8''");
    assertThat(URLDecoder.decode(disposition.substring(disposition.indexOf("''") + 2), StandardCharsets.UTF_8))
        .isEqualTo("年度考核结果-" + YEAR + "年.xlsx");
    try (XSSFWorkbook workbook = open(response)) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertThat(headers(sheet)).isEqualTo(headersOf(Exports.RESULT_COLUMNS));
      assertFrozenHeaderAndFilter(sheet);
      Map<String, Row> rows = rowsBy(sheet, 2);
      assertThat(rows.keySet()).containsExactlyInAnyOrder("rpt-hall", "rpt-w1", "rpt-w2", "rpt-w3");
      for (String code : rows.keySet()) {
        ScoreBoard.UnitScore score = board.of(YEAR, code).orElseThrow();
        Row row = rows.get(code);
        assertPart(row, 4, score.inspectionScore());
        assertPart(row, 5, score.dailyScore());
        assertPart(row, 6, score.supervisionScore());
        assertThat(number(row, 7)).isEqualTo(score.deductions().doubleValue());
        assertThat(number(row, 8)).isEqualTo(score.total().doubleValue());
        assertThat(number(row, 9)).isEqualTo(score.stars());
        assertThat(row.getCell(10).getStringCellValue()).isEqualTo(score.vetoed() ? "是" : "否");
        assertThat(DateUtil.isCellDateFormatted(row.getCell(14))).isTrue();
      }
      assertThat(number(rows.get("rpt-w1"), 1)).isEqualTo(board.of(YEAR, "rpt-w1").orElseThrow().rankInType().doubleValue());
      assertThat(rows.get("rpt-w1").getCell(13).getStringCellValue()).isEqualTo(AwardCategory.WINDOW.label());
      assertThat(rows.get("rpt-w2").getCell(13)).isNull();
    }
  }

  /** A part the year has no record of is an empty cell, never a 0 that reads like a measured score. */
  private static void assertPart(Row row, int column, BigDecimal part) {
    if (part == null) {
      assertThat(row.getCell(column)).isNull();
    } else {
      assertThat(number(row, column)).isEqualTo(part.doubleValue());
    }
  }

  @Test
  void theLedgerEqualsTheRectificationTableAndFilters() throws IOException {
    WebClient office = login("office-rp");
    try (XSSFWorkbook workbook = open(office.getBytes("/reports/export/rectifications.xlsx?year=" + YEAR + "&unit=rpt-w1"))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertThat(headers(sheet)).isEqualTo(headersOf(Exports.RECTIFICATION_COLUMNS));
      assertFrozenHeaderAndFilter(sheet);
      Map<String, Row> rows = rowsBy(sheet, 0);
      assertThat(rows.keySet()).containsExactlyInAnyOrder("ZG-2085-000001", "ZG-2085-000002");
      Row open = rows.get("ZG-2085-000001");
      assertThat(open.getCell(7).getStringCellValue()).isEqualTo("逾期");
      assertThat(DateUtil.isCellDateFormatted(open.getCell(9))).isTrue();
      assertThat(open.getCell(9).getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(YEAR, 3, 20, 18, 0));
      assertThat(open.getCell(13).getStringCellValue()).as("overdue, not accepted").isEqualTo("是");
      Row accepted = rows.get("ZG-2085-000002");
      assertThat(number(accepted, 11)).isEqualTo(2);
      assertThat(accepted.getCell(10).getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(YEAR, 4, 12, 16, 30));
      assertThat(accepted.getCell(13).getStringCellValue()).isEqualTo("否");
    }
    try (XSSFWorkbook workbook = open(office.getBytes("/reports/export/rectifications.xlsx?year=" + YEAR + "&source=COMPLAINT&status=SUBMITTED"))) {
      Map<String, Row> rows = rowsBy(workbook.getSheetAt(0), 0);
      assertThat(rows.keySet()).contains("ZG-2085-000003").doesNotContain("ZG-2085-000001", "ZG-2085-000002");
    }
    HttpResponse<String> bad = office.get("/reports/export/rectifications.xlsx?year=" + YEAR + "&status=NONSENSE");
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(bad.body()).contains("整改状态无效");
  }

  @Test
  void theComplaintRegisterShowsContactsOnlyToOfficeAndInspectors() throws IOException {
    try (XSSFWorkbook workbook = open(login("office-rp").getBytes("/reports/export/complaints.xlsx?year=" + YEAR + "&unit=rpt-w1"))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertThat(headers(sheet)).endsWith("联系人", "联系电话");
      assertFrozenHeaderAndFilter(sheet);
      Row row = rowsBy(sheet, 0).get("TS-2085-000001");
      assertThat(row.getCell(10).getStringCellValue()).isEqualTo("张三");
      assertThat(row.getCell(6).getStringCellValue()).isEqualTo("是");
      assertThat(DateUtil.isCellDateFormatted(row.getCell(4))).isTrue();
      assertThat(row.getCell(9)).as("not closed").isNull();
    }
    try (XSSFWorkbook workbook = open(login("leader-rp").getBytes("/reports/export/complaints.xlsx?year=" + YEAR))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertThat(headers(sheet)).isEqualTo(headersOf(Exports.COMPLAINT_COLUMNS));
      Map<String, Row> rows = rowsBy(sheet, 0);
      assertThat(rows.get("TS-2085-000002").getCell(9).getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(YEAR, 5, 20, 9, 0));
      for (Row r : rows.values()) {
        for (Cell c : r) {
          assertThat(c.toString()).doesNotContain("13800000001", "张三");
        }
      }
    }
  }

  @Test
  void aUnitLeadGetsOnlyTheirOwnUnitsRows() throws IOException {
    WebClient lead = login("lead-rpt-w1");
    for (String kind : List.of("results", "rectifications", "complaints")) {
      try (XSSFWorkbook workbook = open(lead.getBytes("/reports/export/" + kind + ".xlsx?year=" + YEAR))) {
        Sheet sheet = workbook.getSheetAt(0);
        int unitColumn = kind.equals("results") ? 2 : 1;
        assertThat(sheet.getLastRowNum()).as(kind).isGreaterThan(0);
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
          assertThat(sheet.getRow(r).getCell(unitColumn).getStringCellValue()).as(kind).isEqualTo("rpt-w1");
        }
      }
    }
    assertThat(headers(open(lead.getBytes("/reports/export/complaints.xlsx?year=" + YEAR)).getSheetAt(0))).doesNotContain("联系人");
    assertThat(lead.get("/reports/export/results.xlsx?year=" + YEAR + "&unit=rpt-w2").statusCode()).isEqualTo(403);
    assertThat(lead.get("/reports/" + YEAR).statusCode()).isEqualTo(403);
    assertThat(lead.get("/reports").body()).contains("只含您负责的单位");
  }

  @Test
  void theRatingsExportRunsInTheBackgroundAndEqualsRatingFigures() throws Exception {
    WebClient office = login("office-rp");
    HttpResponse<String> started = office.get("/reports/export/ratings.xlsx?year=" + YEAR + "&unit=rpt-hall");
    assertThat(started.statusCode()).isEqualTo(302);
    String location = started.headers().firstValue("Location").orElseThrow();
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertThat(office.get("/reports/jobs/" + id).body()).contains(".json");
    for (int i = 0; !office.getJson("/reports/jobs/" + id + ".json").body().contains("\"status\":\"DONE\""); i++) {
      assertThat(i).as("the export finishes").isLessThan(200);
      Thread.sleep(100);
    }
    assertThat(login("leader-rp").get("/reports/jobs/" + id + ".json").statusCode()).as("only for its owner").isEqualTo(404);
    try (XSSFWorkbook workbook = open(office.getBytes("/reports/jobs/" + id + "/file"))) {
      XSSFSheet sheet = workbook.getSheetAt(0);
      assertThat(headers(sheet)).isEqualTo(headersOf(Exports.RATING_COLUMNS));
      assertFrozenHeaderAndFilter(sheet);
      int rows = 0;
      for (int r = 1; r <= sheet.getLastRowNum(); r++) {
        Row row = sheet.getRow(r);
        String code = row.getCell(0).getStringCellValue();
        assertThat(code).isIn("rpt-hall", "rpt-w1", "rpt-w2");
        LocalDate first = LocalDate.of((int) number(row, 3), (int) number(row, 4), 1);
        RatingFigures.Figures f = figures.of(code, first, first.plusMonths(1).minusDays(1));
        assertThat((long) number(row, 5)).as(code + " " + first).isEqualTo(f.total());
        for (int level = 5; level >= 1; level--) {
          assertThat((long) number(row, 11 - level)).isEqualTo(f.byLevel().get(level));
        }
        assertThat(BigDecimal.valueOf(number(row, 11))).isEqualByComparingTo(f.basicallySatisfiedRate().orElseThrow());
        assertThat(BigDecimal.valueOf(number(row, 12))).isEqualByComparingTo(f.satisfiedRate().orElseThrow());
        assertThat((long) number(row, 13)).isEqualTo(f.badReviews());
        assertThat((long) number(row, 14)).isEqualTo(f.verified());
        assertThat((long) number(row, 17)).isEqualTo(f.excluded());
        rows++;
      }
      // rpt-hall in March and April, rpt-w1 in March and April, rpt-w2 in March.
      assertThat(rows).isEqualTo(5);
      Map<String, Row> march = new HashMap<>();
      for (int r = 1; r <= sheet.getLastRowNum(); r++) {
        if (number(sheet.getRow(r), 4) == 3) {
          march.put(sheet.getRow(r).getCell(0).getStringCellValue(), sheet.getRow(r));
        }
      }
      assertThat(number(march.get("rpt-w1"), 5)).isEqualTo(4);
      assertThat(number(march.get("rpt-w1"), 17)).isEqualTo(1);
      assertThat(number(march.get("rpt-hall"), 5)).isEqualTo(6);
    }
  }

  @Test
  void theYearReportPrintsRankingAwardsVetoesChartsAndOpenRectifications() {
    HttpResponse<String> page = login("leader-rp").get("/reports/" + YEAR);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("@page", "size: A4", "page-break-before", "<svg", "报表测试窗口一", "FW-2085-001",
        "ZG-2085-000001", "一票否决");
    assertThat(page.body()).doesNotContain("ZG-2085-000002");
    HttpResponse<String> index = login("office-rp").get("/reports?year=" + YEAR);
    assertThat(index.body()).contains("/reports/" + YEAR, "results.xlsx", "rectifications.xlsx", "ratings.xlsx", "complaints.xlsx", "报表");
  }
}
