package org.servicestar.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitTree;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard's SQL on PostgreSQL, now that which ratings count is the rating feature's
 * predicate and the ledger's states are built from the rectification feature's enum.
 */
class DashboardQueriesPostgresTest {

  private static final LocalDateTime NOW = LocalDateTime.of(2026, 6, 15, 12, 0);
  private static EmbeddedPostgres postgres;
  private static DashboardQueries queries;

  @BeforeAll
  static void migrate() throws IOException {
    postgres = EmbeddedPostgres.start();
    JdbcClient.create(postgres.getPostgresDatabase()).sql("create database dashboard").update();
    DataSource dataSource = postgres.getDatabase("postgres", "dashboard");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("servicestar_schema_history").load().migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    jdbc.sql("insert into unit (code, name, type, created_at, updated_at) values ('pg-d', '部门', 'DEPARTMENT', now(), now())").update();
    jdbc.sql("""
        insert into unit (code, name, type, parent_id, created_at, updated_at)
        select 'pg-w', '窗口', 'WINDOW', id, now(), now() from unit where code = 'pg-d'""").update();
    long window = jdbc.sql("select id from unit where code = 'pg-w'").query(Long.class).single();
    jdbc.sql("""
        insert into complaint (number, unit_code, original_unit_code, source, channel, content, status, review_excluded,
                               created_at, updated_at)
        values ('TS-1', 'pg-w', 'pg-w', 'RATING', 'RATING', '差评', 'CLOSED', true, now(), now())""").update();
    OffsetDateTime at = OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    // counted: a 5 and a 2; not counted: one excluded by the office, one bad review whose appeal was upheld
    rating(jdbc, window, 5, false, null, at);
    rating(jdbc, window, 2, false, null, at);
    rating(jdbc, window, 4, true, null, at);
    rating(jdbc, window, 1, false, "TS-1", at);
    rectification(jdbc, "ZG-1", "ACCEPTED", NOW.minusDays(9));
    rectification(jdbc, "ZG-2", "OVERDUE", NOW.plusDays(9));
    rectification(jdbc, "ZG-3", "OPEN", NOW.minusHours(1));
    rectification(jdbc, "ZG-4", "RETURNED", NOW.plusDays(9));
    rectification(jdbc, "ZG-5", "OPEN", NOW.plusHours(1));
    rectification(jdbc, "ZG-6", "SUBMITTED", NOW.plusDays(9));
    List<Unit> units = jdbc.sql("""
        select u.id, u.code, u.name, u.type, u.parent_id, p.code as parent_code, u.active, u.version
          from unit u left join unit p on p.id = u.parent_id""").query(Unit.class).list();
    UnitService unitService = mock(UnitService.class);
    when(unitService.tree()).thenReturn(UnitTree.of(units));
    org.springframework.jdbc.datasource.DataSourceTransactionManager transactions =
        new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource);
    org.servicestar.rating.RatingRollups rollups = new org.servicestar.rating.RatingRollups(jdbc,
        new org.springframework.jdbc.core.JdbcTemplate(dataSource), dataSource, transactions, event -> { }, false);
    rollups.rebuild(); // the ratings above went in as plain SQL, not through the intake that keeps the rollups
    queries = new DashboardQueries(jdbc, unitService, rollups);
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void countsOnlyTheRatingsThatCount() {
    assertThat(queries.ratingsByUnitAndMonth(2026)).singleElement().satisfies(row -> {
      assertThat(row.ratingMonth()).isEqualTo(3);
      assertThat(row.ratings()).isEqualTo(2);
      assertThat(row.satisfied()).isEqualTo(1);
      assertThat(row.badReviews()).isEqualTo(1);
    });
    YearRatings year = YearRatings.of(queries.units(), queries.ratingsByUnitAndMonth(2026));
    assertThat(year.byUnit(new Scope(true, Set.of()), "DEPARTMENT")).singleElement()
        .satisfies(f -> assertThat(f.unitCode()).isEqualTo("pg-d")).satisfies(f -> assertThat(f.ratings()).isEqualTo(2));
  }

  @Test
  void putsEachRectificationInItsLedgerState() {
    DashboardQueries.LedgerFilter filter = new DashboardQueries.LedgerFilter(2026, new Scope(true, Set.of()), null, null, NOW,
        NOW.plusDays(3));
    Map<String, String> states = queries.ledger(filter, null, 10).stream()
        .collect(Collectors.toMap(DashboardQueries.LedgerRow::number, DashboardQueries.LedgerRow::viewState));
    assertThat(states).isEqualTo(Map.of("ZG-1", "DONE", "ZG-2", "OVERDUE", "ZG-3", "OVERDUE", "ZG-4", "RETURNED",
        "ZG-5", "DUE_SOON", "ZG-6", "OPEN"));
    assertThat(queries.ledger(filter, null, 10).get(5).number()).as("done last").isEqualTo("ZG-1");
    assertThat(queries.ledger(filter, LedgerState.OVERDUE, 10)).extracting(DashboardQueries.LedgerRow::number)
        .containsExactlyInAnyOrder("ZG-2", "ZG-3");
    assertThat(queries.ledgerCounts(filter)).extracting(DashboardQueries.Count::groupKey, DashboardQueries.Count::n)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("DONE", 1L), org.assertj.core.groups.Tuple.tuple("OVERDUE", 2L),
            org.assertj.core.groups.Tuple.tuple("RETURNED", 1L), org.assertj.core.groups.Tuple.tuple("DUE_SOON", 1L),
            org.assertj.core.groups.Tuple.tuple("OPEN", 1L));
  }

  private static void rating(JdbcClient jdbc, long unitId, int level, boolean excluded, String complaint, OffsetDateTime at) {
    jdbc.sql("""
        insert into rating (unit_id, level, channel, rated_at, rated_day, received_at, excluded, complaint_number)
        values (?, ?, 'FORM', ?, ?, ?, ?, ?)""")
        .params(unitId, level, at, at.toLocalDate(), at, excluded, complaint).update();
  }

  private static void rectification(JdbcClient jdbc, String number, String status, LocalDateTime dueAt) {
    jdbc.sql("""
        insert into rectification (number, unit_code, source_type, problem, severity, status, due_at, opened_at, opened_by, updated_at)
        values (?, 'pg-w', 'COMPLAINT', '问题', 'LOW', ?, ?, ?, 'office', ?)""")
        .params(number, status, dueAt, NOW.minusDays(30), NOW.minusDays(30)).update();
  }
}
