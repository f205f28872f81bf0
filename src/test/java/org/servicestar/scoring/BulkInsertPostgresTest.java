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
  static void migrate() {
    postgres = FreshPostgres.start();
    DataSource dataSource = postgres.freshDatabase("bulk");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("servicestar_schema_history").load().migrate();
    jdbc = new JdbcTemplate(dataSource);
    tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    jdbc.update("insert into unit (code, name, type, created_at, updated_at) values ('bi-w1', '一号窗口', 'WINDOW', now(), now())");
    runId = jdbc.queryForObject("insert into scoring_run (campaign_year, status, started_by, started_at) values (2060, 'RUNNING', 't', now()) returning id",
        Long.class);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static final String LINE_COLUMNS = "campaign_year, subject, position, component, label, raw_value, weight, points, source_link";
  private static final String STAFF_COLUMNS = "campaign_year, badge_no, unit_code, run_id, total, rank_overall, unit_vetoed, computed_at";

  private static List<SqlParameterValue[]> lines(int year) {
    return List.of(
        line(year, 1, "制表\t换行\n回车\r反斜杠\\ 和 \\N 与 ★★★", new BigDecimal("87.5000"), null, new BigDecimal("-7.0000"), "/ratings?unit=bi-w1&from=2060-01-01"),
        line(year, 2, "", null, new BigDecimal("40.0000"), new BigDecimal("0.0001"), null),
        line(year, 3, "评星定档（决策表 StarRating 第 2 版）：★★", new BigDecimal("82.7000"), null, new BigDecimal("2.0000"), null));
  }

  private static SqlParameterValue[] line(int year, int position, String label, BigDecimal raw, BigDecimal weight, BigDecimal points,
                                          String link) {
    return new SqlParameterValue[] {new SqlParameterValue(Types.INTEGER, year), new SqlParameterValue(Types.VARCHAR, "bi-w1"),
        new SqlParameterValue(Types.INTEGER, position), new SqlParameterValue(Types.VARCHAR, "TOTAL"),
        new SqlParameterValue(Types.VARCHAR, label), new SqlParameterValue(Types.NUMERIC, raw), new SqlParameterValue(Types.NUMERIC, weight),
        new SqlParameterValue(Types.NUMERIC, points), new SqlParameterValue(Types.VARCHAR, link)};
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
      BulkInsert.into(jdbc, "score_line", LINE_COLUMNS, 9, lines(2060));
      BulkInsert.into(jdbc, "staff_score", STAFF_COLUMNS, 8, staff(2060, "bi-s1"));
      BulkInsert.multiRow(jdbc, "score_line", LINE_COLUMNS, 9, lines(2061));
      BulkInsert.multiRow(jdbc, "staff_score", STAFF_COLUMNS, 8, staff(2061, "bi-s1"));
    });
    String lines = "select subject, position, component, label, raw_value, weight, points, source_link from score_line where campaign_year = ? order by position";
    assertThat(read(lines, 2060)).hasSize(3).isEqualTo(read(lines, 2061));
    assertThat(read(lines, 2060).get(0).get("label")).isEqualTo("制表\t换行\n回车\r反斜杠\\ 和 \\N 与 ★★★");
    assertThat(read(lines, 2060).get(1).get("source_link")).isNull();
    String staff = "select badge_no, unit_code, run_id, total, rank_overall, unit_vetoed, computed_at from staff_score where campaign_year = ?";
    assertThat(read(staff, 2060)).hasSize(1).isEqualTo(read(staff, 2061));
    assertThat((BigDecimal) read(staff, 2060).get(0).get("total")).isEqualByComparingTo("73.33");
  }

  @Test
  void copiedRowsGoWithTheTransaction() {
    assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
      BulkInsert.into(jdbc, "score_line", LINE_COLUMNS, 9, lines(2062));
      throw new IllegalStateException("the run failed after writing");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(jdbc.queryForObject("select count(*) from score_line where campaign_year = 2062", Long.class)).isZero();
  }
}
