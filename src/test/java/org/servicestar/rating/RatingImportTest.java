package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Paper forms, box entries and hotline ratings imported from Excel: all or nothing, with every row's problem. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingImportTest {

  private static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  RatingImport imports;
  @Autowired
  JdbcClient jdbc;

  private final Sender office = Sender.office("office-ri", "10.1.1.1");

  @BeforeAll
  void windows() {
    units.create(new UnitService.UnitDraft("ri-dept", "导入测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("ri-hall", "导入测试大厅", UnitType.HALL, "ri-dept"));
    units.create(new UnitService.UnitDraft("ri-w1", "导入一号窗口", UnitType.WINDOW, "ri-hall"));
    identity.ensureUser("office-ri", "办公室", "导入", "rating-import-1");
    identity.ensureMembership("office-ri", Groups.OFFICE);
  }

  private static byte[] xlsx(String[]... rows) throws Exception {
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = workbook.createSheet("评议表");
      for (int r = 0; r < rows.length; r++) {
        Row row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          if (rows[r][c].matches("\\d+")) {
            row.createCell(c).setCellValue(Double.parseDouble(rows[r][c]));
          } else {
            row.createCell(c).setCellValue(rows[r][c]);
          }
        }
      }
      workbook.write(out);
      return out.toByteArray();
    }
  }

  private long ratingsOf(String unitCode) {
    return jdbc.sql("select count(*) from rating r join unit u on u.id = r.unit_id where u.code = ?").param(unitCode)
        .query(Long.class).single();
  }

  private static final String[] HEADER = {"单位编码", "评价", "评价日期", "来源", "编号", "意见", "评价人", "电话"};

  @Test
  void aBadFileStoresNothingAndNamesEveryRowsProblem() throws Exception {
    long before = ratingsOf("ri-w1");
    byte[] file = xlsx(HEADER,
        new String[] {"ri-w1", "5", TODAY, "评议表", "RI-A-1", "", "", ""},
        new String[] {"ri-nowhere", "很好", TODAY, "评议表", "RI-A-2", "", "", ""},
        new String[] {"ri-w1", "4", "2026/2/30", "扫码", "RI-A-1", "", "", "电话号码"},
        new String[] {"ri-w1", "3", "", "", "", "长".repeat(501), "", ""});
    RatingImport.Report report = imports.importFile("forms.xlsx", new ByteArrayInputStream(file), office);
    assertThat(report.ok()).isFalse();
    assertThat(report.summary()).isEqualTo("文件未导入任何评价");
    assertThat(report.problems()).hasSize(3);
    assertThat(report.problems().get(0)).startsWith("第 3 行：").contains("ri-nowhere").contains("很好");
    assertThat(report.problems().get(1)).startsWith("第 4 行：").contains("2026/2/30").contains("扫码").contains("与第 2 行重复")
        .contains("联系电话");
    assertThat(report.problems().get(2)).startsWith("第 5 行：").contains("评价日期不能为空").contains("500");
    assertThat(ratingsOf("ri-w1")).isEqualTo(before);
  }

  @Test
  void aGoodFileIsStoredWholeAndAgainSkipsWhatWasImported() throws Exception {
    long before = ratingsOf("ri-w1");
    String slashed = TODAY.replace('-', '/');
    byte[] file = xlsx(HEADER,
        new String[] {"ri-w1", "5", TODAY, "评议表", "RI-B-1", "服务热情", "", ""},
        new String[] {"ri-w1", "非常不满意", slashed, "意见箱", "RI-B-2", "态度差", "郑先生", "137 0000 0001"},
        new String[] {"ri-w1", "4", TODAY, "", "", "", "", ""},
        new String[] {"ri-w1", "3", TODAY, "HOTLINE", "RI-B-3", "", "", ""});
    RatingImport.Report report = imports.importFile("forms.xlsx", new ByteArrayInputStream(file), office);
    assertThat(report.problems()).isEmpty();
    assertThat(report.summary()).isEqualTo("已导入 4 条评价；其中 1 条差评已转为投诉");
    assertThat(ratingsOf("ri-w1")).isEqualTo(before + 4);
    assertThat(jdbc.sql("select channel from rating where client_ref = 'RI-B-2'").query(String.class).single()).isEqualTo("BOX");
    assertThat(jdbc.sql("select c.contact_phone from rating r join complaint c on c.number = r.complaint_number where r.client_ref = 'RI-B-2'")
        .query(String.class).single()).isEqualTo("137 0000 0001");

    RatingImport.Report again = imports.importFile("forms.xlsx", new ByteArrayInputStream(file), office);
    assertThat(again.summary()).as("the row without a number has none to recognise it by").isEqualTo("已导入 1 条评价，跳过 3 条此前已导入的");
  }

  @Test
  void unusableFilesAreSaidSo() {
    assertThat(imports.importFile("forms.xls", new ByteArrayInputStream(new byte[] {1}), office).problems().get(0)).contains(".xlsx");
    RatingImport.Report noLevel = imports.importFile("forms.csv",
        new ByteArrayInputStream("单位编码,评价日期\nri-w1,2026-03-01\n".getBytes(StandardCharsets.UTF_8)), office);
    assertThat(noLevel.problems().get(0)).contains("评价");
    assertThat(RatingImport.isoDate("2026年3月1日")).isEqualTo("2026-03-01");
    assertThat(RatingImport.isoDate("2026.03.01 10:30")).isEqualTo("2026-03-01");
    assertThat(RatingImport.isoDate("3/1/2026")).isNull();
  }

  @Test
  void theOfficeUploadsThroughThePage() throws Exception {
    WebClient office = new WebClient(port);
    office.login("office-ri", "rating-import-1");
    String csrf = office.csrfOf("/ratings/import");
    byte[] file = ("\uFEFF单位编码,评价,评价日期,编号\nri-w1,4," + TODAY + ",RI-C-1\n").getBytes(StandardCharsets.UTF_8);
    String boundary = "----servicestar" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"forms.csv\"\r\nContent-Type: text/csv\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.write(file);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = office.send(office.request("/ratings/import")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("已导入 1 条评价");
    assertThat(jdbc.sql("select entered_by from rating where client_ref = 'RI-C-1'").query(String.class).single()).isEqualTo("office-ri");
    assertThat(office.get("/rating/ratings-example.csv").body()).contains("单位编码,评价,评价日期");
  }
}
