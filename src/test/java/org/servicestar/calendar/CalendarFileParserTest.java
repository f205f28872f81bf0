package org.servicestar.calendar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CalendarFileParserTest {

  private final CalendarFileParser parser = new CalendarFileParser();

  private CalendarFile parse(String text) {
    return parser.parse(text.getBytes(UTF_8), null);
  }

  private String errorOf(String text, Integer expectedYear) {
    try {
      parser.parse(text.getBytes(UTF_8), expectedYear);
    } catch (CalendarFileException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + text);
  }

  private static byte[] shipped(int year) throws IOException {
    try (InputStream in = CalendarFileParserTest.class.getResourceAsStream("/calendar/cn-" + year + ".csv")) {
      assertThat(in).as("calendar/cn-%d.csv on the class path", year).isNotNull();
      return in.readAllBytes();
    }
  }

  private String errorOf(String text) {
    return errorOf(text, null);
  }

  @Nested
  class Csv {

    @Test
    void readsOurFormat() {
      CalendarFile file = parse("""
          date,kind,name
          2026-02-14,WORKDAY,春节
          2026-02-15,HOLIDAY,春节
          2026-01-01,holiday,元旦
          """);
      assertThat(file.year()).isEqualTo(2026);
      assertThat(file.format()).isEqualTo(CalendarFile.Format.CSV);
      assertThat(file.days()).containsExactly(
          new SpecialDay(LocalDate.of(2026, 1, 1), true, "元旦"),
          new SpecialDay(LocalDate.of(2026, 2, 14), false, "春节"),
          new SpecialDay(LocalDate.of(2026, 2, 15), true, "春节"));
      assertThat(file.holidays()).isEqualTo(2);
      assertThat(file.makeUpWorkdays()).isEqualTo(1);
    }

    @Test
    void toleratesWhatExcelDoesToAFile() {
      String excel = "\uFEFFdate,kind,name\r\n2026/2/14,WORKDAY,\"春节, 调休\"\r\n\r\n2026/10/1,HOLIDAY,\r\n";
      CalendarFile file = parse(excel);
      assertThat(file.days()).containsExactly(
          new SpecialDay(LocalDate.of(2026, 2, 14), false, "春节, 调休"),
          new SpecialDay(LocalDate.of(2026, 10, 1), true, null));
    }

    @Test
    void theShippedFilesAreValid() throws IOException {
      for (int year = 2024; year <= 2026; year++) {
        CalendarFile file = parser.parse(shipped(year), year);
        assertThat(file.days()).isNotEmpty();
      }
    }

    @Test
    void badDateNamesTheLine() {
      assertThat(errorOf("date,kind,name\n2026-02-14,WORKDAY,春节\n2026-02-30,HOLIDAY,春节\n"))
          .isEqualTo("第 3 行：日期“2026-02-30”不存在。");
      assertThat(errorOf("date,kind,name\n\n14.02.2026,WORKDAY,春节\n"))
          .isEqualTo("第 3 行：日期“14.02.2026”格式不对，应为 yyyy-MM-dd，如 2026-02-14。");
    }

    @Test
    void unknownKind() {
      assertThat(errorOf("date,kind,name\n2026-02-14,班,春节\n"))
          .isEqualTo("第 2 行：类型“班”未知，应为 HOLIDAY（放假）或 WORKDAY（调休上班）。");
    }

    @Test
    void mixedYears() {
      assertThat(errorOf("date,kind,name\n2026-01-01,HOLIDAY,元旦\n2025-12-31,HOLIDAY,元旦\n"))
          .isEqualTo("第 3 行：混有多个年份：第 2 行是 2026 年，本行 2025-12-31 是 2025 年。一个文件只能是一年的日历。");
    }

    @Test
    void dateOutsideTheYearTheAdministratorChose() {
      assertThat(errorOf("date,kind,name\n2026-01-01,HOLIDAY,元旦\n", 2027))
          .isEqualTo("第 2 行：日期 2026-01-01 不在 2027 年内。");
    }

    @Test
    void duplicateDate() {
      assertThat(errorOf("date,kind,name\n2026-01-01,HOLIDAY,元旦\n2026-01-01,WORKDAY,元旦\n"))
          .isEqualTo("第 3 行：日期 2026-01-01 重复（第 2 行已列出）。");
    }

    @Test
    void headerIsRequired() {
      assertThat(errorOf("2026-01-01,HOLIDAY,元旦\n"))
          .isEqualTo("第 1 行：第一行应为表头“date,kind,name”，实际是“2026-01-01,HOLIDAY,元旦”。");
    }

    @Test
    void aLineWithOneColumn() {
      assertThat(errorOf("date,kind,name\n2026-01-01\n")).startsWith("第 2 行：应有三列“日期,类型,名称”");
    }

    @Test
    void anImplausibleYear() {
      assertThat(errorOf("date,kind,name\n1900-01-01,HOLIDAY,元旦\n")).isEqualTo("年份 1900 不合理（应在 1949–2999 之间）。");
    }

    @Test
    void headerOnly() {
      assertThat(errorOf("date,kind,name\n")).isEqualTo("文件中没有任何日期（只有表头）。");
    }

    @Test
    void notUtf8() {
      byte[] gbk = "date,kind,name\n2026-01-01,HOLIDAY,元旦\n".getBytes(Charset.forName("GBK"));
      assertThatThrownBy(() -> parser.parse(gbk, null))
          .isInstanceOf(CalendarFileException.class)
          .hasMessageContaining("不是 UTF-8 编码");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n\r\n ", "\uFEFF"})
  void emptyFile(String text) {
    assertThat(errorOf(text)).isEqualTo("文件为空。");
  }

  @Test
  void nothingAtAll() {
    assertThatThrownBy(() -> parser.parse(new byte[0], null)).hasMessage("文件为空。");
    assertThatThrownBy(() -> parser.parse(null, null)).hasMessage("文件为空。");
  }

  @Nested
  class HolidayCnJson {

    /** The head of holiday-cn's 2026.json as published, extra fields included. */
    private static final String HOLIDAY_CN_2026 = """
        {
            "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
            "$id": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2026.json",
            "year": 2026,
            "papers": [
                "https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm"
            ],
            "days": [
                {"name": "元旦", "date": "2026-01-01", "isOffDay": true},
                {"name": "元旦", "date": "2026-01-04", "isOffDay": false},
                {"name": "春节", "date": "2026-02-14", "isOffDay": false},
                {"name": "春节", "date": "2026-02-15", "isOffDay": true}
            ]
        }
        """;

    @Test
    void readsHolidayCnFormat() {
      CalendarFile file = parse(HOLIDAY_CN_2026);
      assertThat(file.year()).isEqualTo(2026);
      assertThat(file.format()).isEqualTo(CalendarFile.Format.HOLIDAY_CN_JSON);
      assertThat(file.days()).containsExactly(
          new SpecialDay(LocalDate.of(2026, 1, 1), true, "元旦"),
          new SpecialDay(LocalDate.of(2026, 1, 4), false, "元旦"),
          new SpecialDay(LocalDate.of(2026, 2, 14), false, "春节"),
          new SpecialDay(LocalDate.of(2026, 2, 15), true, "春节"));
    }

    /**
     * The shipped CSVs were generated from holiday-cn: every year the jar ships must agree day by day with
     * holiday-cn's file for it, kept in the repository (src/test/resources/reference/holiday-cn, MIT, with
     * its LICENSE) so CI checks the calendar itself, not only that it parses. A newly shipped year
     * without its reference file fails here.
     */
    @Test
    void shippedCsvHasTheSameDaysAsHolidayCn() throws IOException {
      List<ShippedCalendars.Shipped> shipped = ShippedCalendars.load();
      assertThat(shipped).extracting(s -> s.file().year()).as("years found by " + ShippedCalendars.PATTERN).contains(2024, 2025, 2026);
      for (ShippedCalendars.Shipped csv : shipped) {
        int year = csv.file().year();
        CalendarFile json;
        try (InputStream in = CalendarFileParserTest.class.getResourceAsStream("/reference/holiday-cn/" + year + ".json")) {
          assertThat(in).as("holiday-cn's %d.json in src/test/resources/reference/holiday-cn for the shipped cn-%d.csv", year, year)
              .isNotNull();
          json = parser.parse(in.readAllBytes(), year);
        }
        assertThat(json.days()).as("holiday-cn %d.json", year).isNotEmpty();
        assertThat(csv.file().days()).as("cn-%d.csv against holiday-cn %d.json", year, year).isEqualTo(json.days());
      }
    }

    @Test
    void anUnannouncedYearHasNoDays() {
      // holiday-cn's 2027.json before the State Council's notice.
      String unannounced = """
          {
              "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
              "$id": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2027.json",
              "year": 2027,
              "papers": [],
              "days": []
          }
          """;
      assertThat(errorOf(unannounced)).isEqualTo("JSON 中没有任何日期（days 缺失或为空）：该年的放假安排可能尚未公布。");
      assertThat(errorOf("{\"year\": 2027, \"papers\": []}")).contains("没有任何日期");
    }

    private static final String TEMPLATE = """
        {
          "year": 2026,
          "days": [
            {"name": "春节", "date": "2026-02-14", "isOffDay": false},
            %s
          ]
        }
        """;

    @Test
    void badDateNamesTheLine() {
      assertThat(errorOf(TEMPLATE.formatted("{\"name\": \"春节\", \"date\": \"2026-02-30\", \"isOffDay\": true}")))
          .isEqualTo("第 5 行：日期“2026-02-30”不存在。");
      assertThat(errorOf(TEMPLATE.formatted("{\"name\": \"春节\", \"date\": \"2026/2/15\", \"isOffDay\": true}")))
          .isEqualTo("第 5 行：日期“2026/2/15”格式不对，应为 yyyy-MM-dd，如 2026-02-14。");
    }

    @Test
    void dateOutsideTheDeclaredYear() {
      assertThat(errorOf(TEMPLATE.formatted("{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true}")))
          .isEqualTo("第 5 行：日期 2027-01-01 不在 2026 年内（JSON 的 year 字段）。");
    }

    @Test
    void declaredYearDiffersFromTheForm() {
      assertThat(errorOf(TEMPLATE.formatted("{\"name\": \"春节\", \"date\": \"2026-02-15\", \"isOffDay\": true}"), 2027))
          .isEqualTo("文件是 2026 年的日历（year 字段），而表单填写的是 2027 年。");
    }

    @Test
    void missingOrWrongIsOffDay() {
      assertThat(errorOf(TEMPLATE.formatted("{\"name\": \"春节\", \"date\": \"2026-02-15\"}")))
          .isEqualTo("第 5 行：缺少 isOffDay，或其值不是 true/false（true 放假，false 调休上班）。");
      assertThat(errorOf(TEMPLATE.formatted("{\"name\": \"春节\", \"date\": \"2026-02-15\", \"isOffDay\": \"yes\"}")))
          .startsWith("第 5 行：缺少 isOffDay");
    }

    @Test
    void missingDate() {
      assertThat(errorOf(TEMPLATE.formatted("{\"name\": \"春节\", \"isOffDay\": true}")))
          .isEqualTo("第 5 行：缺少 date（日期，如 \"2026-02-14\"）。");
    }

    @Test
    void mixedYearsWithoutDeclaredYear() {
      assertThat(errorOf("""
          {"days": [
            {"name": "元旦", "date": "2026-01-01", "isOffDay": true},
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}
          ]}
          """)).isEqualTo("第 3 行：混有多个年份：第 2 行是 2026 年，本行 2027-01-01 是 2027 年。一个文件只能是一年的日历。");
    }

    @Test
    void duplicateDate() {
      assertThat(errorOf(TEMPLATE.formatted("{\"name\": \"春节\", \"date\": \"2026-02-14\", \"isOffDay\": true}")))
          .isEqualTo("第 5 行：日期 2026-02-14 重复（第 4 行已列出）。");
    }

    @Test
    void brokenJson() {
      assertThat(errorOf("{\n  \"year\": 2026,\n  \"days\": [\n    {\"date\": \"2026-02-14\" \"isOffDay\": false}\n  ]\n}"))
          .startsWith("第 4 行：不是有效的 JSON（");
    }

    @Test
    void notAnObject() {
      assertThat(errorOf("[{\"date\": \"2026-02-14\", \"isOffDay\": false}]"))
          .isEqualTo("第 1 行：JSON 的最外层应是一个对象 {…}（holiday-cn 格式）。");
      assertThat(errorOf("{\"year\": 2026, \"days\": [\"2026-02-14\"]}"))
          .startsWith("第 1 行：days 中的每一项应是对象");
    }
  }
}
