package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.servicestar.support.FreshPostgres;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scoring's results through COPY on PostgreSQL 17 (embedded), migrated by Flyway: every kind of value
 * (text with tabs, line breaks, backslashes and Chinese, nulls, numbers, booleans, times) reads back
 * exactly as the multi-row insert H2 uses stores it, and the rows belong to the caller's transaction.
 */
class BulkInsertPostgresTest {

  private static FreshPostgres postgres;
  private static JdbcTemplate jdbc;
  private static TransactionTemplate tx;
  private static long runId;

  @BeforeAll
  static void setUp() {
    postgres = FreshPostgres.start();
    DataSource dataSource = postgres.freshDatabase("bulk");
    jdbc = new JdbcTemplate(dataSource);
    // up to the explanations' migration, with lines as rows that it has to carry over, then the rest
    migrate(dataSource, "19");
    jdbc.update("""
        insert into score_line (campaign_year, subject, position, component, label, raw_value, weight, points, source_link)
        values (2059, 'bi-w1', 2, 'TOTAL', '总分', 91.2500, null, 91.2500, null),
               (2059, 'bi-w1', 1, 'DAILY', '日常考评 "满意度" \\ 反斜杠', 95.0000, 0.3000, 28.5000, '/ratings?unit=bi-w1'),
               (2059, 'staff:bi-s1', 1, 'TOTAL', '个人总分', 80.0000, null, 80.0000, null)""");
    // and an explanation as runs stored it before V25 (after V23), lines as objects without their null values
    migrate(dataSource, "23");
    jdbc.update("insert into score_explanation (campaign_year, subject, lines) values (2058, 'bi-w1', ?)", """
        [{"component":"RATINGS","label":"群众评价：\\\\ \\"引号\\"","rawValue":81.7000,"sourceLink":"/ratings?unit=bi-w1"},\
        {"component":"TOTAL","label":"年度总分","rawValue":70.6351,"points":70.6400}]""");
    migrate(dataSource, "latest");
    tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    jdbc.update("insert into unit (code, name, type, created_at, updated_at) values ('bi-w1', '一号窗口', 'WINDOW', now(), now())");
    runId = jdbc.queryForObject("insert into scoring_run (campaign_year, status, started_by, started_at) values (2060, 'RUNNING', 't', now()) returning id",
        Long.class);
  }

  private static void migrate(DataSource dataSource, String target) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("servicestar_schema_history")
        .javaMigrations(new V19__Score_results_without_row_key_checks(), new V23__Score_explanations_one_row_per_subject(),
            new V25__Score_explanation_lines_as_arrays())
        .target(target).load().migrate();
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static final String EXPLANATION_COLUMNS = "campaign_year, subject, lines";
  private static final String STAFF_COLUMNS = "campaign_year, badge_no, unit_code, run_id, total, rank_overall, unit_vetoed, computed_at";

  /** Explanations as scoring writes them (JSON, full of backslashes), and text COPY must escape. */
  private static List<SqlParameterValue[]> explanations(int year) {
    String json = Explanation.json(List.of(
        new Explanation.Line("TOTAL", "制表\t换行\n回车\r反斜杠\\ 和 \\N 与 ★★★", new BigDecimal("87.5000"), null,
            new BigDecimal("-7.0000"), "/ratings?unit=bi-w1&from=2060-01-01"),
        new Explanation.Line("TOTAL", "", null, new BigDecimal("40.0000"), new BigDecimal("0.0001"), null)));
    return List.of(
        explanation(year, "bi-w1", json),
        explanation(year, "bi-w2", "制表\t换行\n回车\r反斜杠\\ 和 \\N 与 ★★★ 𠀀"));
  }

  private static SqlParameterValue[] explanation(int year, String subject, String lines) {
    return new SqlParameterValue[] {new SqlParameterValue(Types.INTEGER, year), new SqlParameterValue(Types.VARCHAR, subject),
        new SqlParameterValue(Types.VARCHAR, lines)};
  }

  private static List<SqlParameterValue[]> staff(int year, String badge) {
    return List.<SqlParameterValue[]>of(new SqlParameterValue[] {new SqlParameterValue(Types.INTEGER, year), new SqlParameterValue(Types.VARCHAR, badge),
        new SqlParameterValue(Types.VARCHAR, "bi-w1"), new SqlParameterValue(Types.BIGINT, runId),
        new SqlParameterValue(Types.NUMERIC, 73.33), new SqlParameterValue(Types.INTEGER, null),
        new SqlParameterValue(Types.BOOLEAN, true), new SqlParameterValue(Types.TIMESTAMP, LocalDateTime.of(2060, 3, 4, 5, 6, 7, 890_123_000))});
  }

  private static List<Map<String, Object>> read(String sql, int year) {
    return jdbc.queryForList(sql, year);
  }

  @Test
  void copiedRowsReadBackAsTheMultiRowInsertStoresThem() {
    tx.executeWithoutResult(s -> {
      BulkInsert.into(jdbc, "score_explanation", EXPLANATION_COLUMNS, 3, explanations(2060));
      BulkInsert.into(jdbc, "staff_score", STAFF_COLUMNS, 8, staff(2060, "bi-s1"));
      BulkInsert.multiRow(jdbc, "score_explanation", EXPLANATION_COLUMNS, 3, explanations(2061));
      BulkInsert.multiRow(jdbc, "staff_score", STAFF_COLUMNS, 8, staff(2061, "bi-s1"));
    });
    String explanations = "select subject, lines from score_explanation where campaign_year = ? order by subject";
    assertThat(read(explanations, 2060)).hasSize(2).isEqualTo(read(explanations, 2061));
    assertThat(read(explanations, 2060).get(1).get("lines")).isEqualTo("制表\t换行\n回车\r反斜杠\\ 和 \\N 与 ★★★ 𠀀");
    List<Explanation.Line> lines = Explanation.lines((String) read(explanations, 2060).get(0).get("lines"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).label()).isEqualTo("制表\t换行\n回车\r反斜杠\\ 和 \\N 与 ★★★");
    assertThat(lines.get(0).rawValue()).isEqualTo(new BigDecimal("87.5000"));
    assertThat(lines.get(1).sourceLink()).isNull();
    String staff = "select badge_no, unit_code, run_id, total, rank_overall, unit_vetoed, computed_at from staff_score where campaign_year = ?";
    assertThat(read(staff, 2060)).hasSize(1).isEqualTo(read(staff, 2061));
    assertThat((BigDecimal) read(staff, 2060).get(0).get("total")).isEqualByComparingTo("73.33");
  }

  @Test
  void copiedRowsGoWithTheTransaction() {
    assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
      BulkInsert.into(jdbc, "score_explanation", EXPLANATION_COLUMNS, 3, explanations(2062));
      throw new IllegalStateException("the run failed after writing");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(jdbc.queryForObject("select count(*) from score_explanation where campaign_year = 2062", Long.class)).isZero();
  }

  @Test
  void explanationLinesStoredAsRowsAreCarriedOverInTheirOrder() {
    assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_name = 'score_line'", Long.class)).isZero();
    List<Explanation.Line> unit = Explanation.lines(
        jdbc.queryForObject("select lines from score_explanation where campaign_year = 2059 and subject = 'bi-w1'", String.class));
    assertThat(unit).extracting(Explanation.Line::component).containsExactly("DAILY", "TOTAL");
    assertThat(unit.get(0).label()).isEqualTo("日常考评 \"满意度\" \\ 反斜杠");
    assertThat(unit.get(0).weight()).isEqualByComparingTo("0.3");
    assertThat(unit.get(0).sourceLink()).isEqualTo("/ratings?unit=bi-w1");
    assertThat(unit.get(1).weight()).isNull();
    assertThat(jdbc.queryForObject("select count(*) from score_explanation where campaign_year = 2059", Long.class)).isEqualTo(2);
  }

  @Test
  void explanationLinesStoredAsObjectsBecomeArraysWithTheirValuesExact() {
    String stored = jdbc.queryForObject("select lines from score_explanation where campaign_year = 2058 and subject = 'bi-w1'", String.class);
    assertThat(stored).isEqualTo("""
        [["RATINGS","群众评价：\\\\ \\"引号\\"",81.7000,null,null,"/ratings?unit=bi-w1"],\
        ["TOTAL","年度总分",70.6351,null,70.6400,null]]""");
    List<Explanation.Line> lines = Explanation.lines(stored);
    assertThat(lines.get(0)).isEqualTo(new Explanation.Line("RATINGS", "群众评价：\\ \"引号\"", new BigDecimal("81.7000"), null, null,
        "/ratings?unit=bi-w1"));
    assertThat(lines.get(1).points()).isEqualTo(new BigDecimal("70.6400"));
    assertThat(Explanation.json(lines)).isEqualTo(stored);
  }
}
