package org.servicestar.calendar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.servicestar.audit.AuditTrail;
import org.servicestar.support.HandClock;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The calendar's storage on a real database, migrated by Flyway as in production: run once on H2
 * and once on PostgreSQL by the subclasses, which proves {@code V2__work_calendar.sql} portable.
 * Each "node" is a {@link CalendarService} of its own on the shared database.
 */
abstract class CalendarStoreContract {

  /** A new, empty database for each test. */
  protected abstract DataSource freshDatabase();

  private DataSource dataSource;
  private JdbcClient jdbc;
  private AuditTrail audit;
  private final HandClock clock = new HandClock(Instant.parse("2026-06-01T02:00:00Z"), Workdays.ZONE);

  @BeforeEach
  void migrate() {
    dataSource = freshDatabase();
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
        .table("servicestar_schema_history").load().migrate();
    jdbc = JdbcClient.create(dataSource);
    audit = mock(AuditTrail.class);
  }

  private CalendarService node(CalendarRepository repository) {
    return new CalendarService(repository, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        audit, clock, Duration.ofMinutes(5));
  }

  private CalendarService node() {
    return node(new CalendarRepository(jdbc));
  }

  private int count(String sql) {
    return jdbc.sql(sql).query(Integer.class).single();
  }

  @Test
  void loadsTheShippedYearsOnceAndCountsWithThem() {
    CalendarService node = node();
    node.loadShippedYears();
    node.loadShippedYears();

    assertThat(count("select count(*) from work_calendar_year")).isEqualTo(3);
    assertThat(count("select count(*) from work_calendar_day")).isEqualTo(36 + 33 + 39);
    WorkCalendar calendar = node.current();
    assertThat(calendar.years()).containsExactly(2024, 2025, 2026);
    assertThat(calendar.plusWorkingDays(LocalDate.of(2026, 2, 13), 3)).isEqualTo(LocalDate.of(2026, 2, 25));
    assertThat(node.summaries()).extracting(CalendarRepository.YearSummary::year, CalendarRepository.YearSummary::holidays,
            CalendarRepository.YearSummary::makeUpWorkdays, CalendarRepository.YearSummary::loadedBy)
        .containsExactly(
            tuple(2026, 33, 6, "system"),
            tuple(2025, 28, 5, "system"),
            tuple(2024, 28, 8, "system"));
    assertThat(node.summaries().get(0).source()).isEqualTo("内置文件 calendar/cn-2026.csv");
  }

  @Test
  void aNodeThatLosesTheStartUpRaceFindsTheYearsLoaded() {
    node().loadShippedYears();
    // The second node checked before the first committed: its inserts hit the primary key.
    Set<Integer> lied = new HashSet<>();
    CalendarRepository late = new CalendarRepository(jdbc) {
      @Override
      boolean hasYear(int year) {
        return !lied.add(year) && super.hasYear(year);
      }
    };
    CalendarService second = node(late);
    second.loadShippedYears();

    assertThat(lied).containsExactly(2024, 2025, 2026);
    assertThat(count("select count(*) from work_calendar_day")).isEqualTo(36 + 33 + 39);
    assertThat(second.current().years()).containsExactly(2024, 2025, 2026);
  }

  @Test
  void nodesStartingTogether() throws Exception {
    int nodes = 4;
    CyclicBarrier together = new CyclicBarrier(nodes);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<WorkCalendar>> started = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        CalendarService node = node();
        Callable<WorkCalendar> start = () -> {
          together.await(10, TimeUnit.SECONDS);
          node.loadShippedYears();
          return node.current();
        };
        started.add(pool.submit(start));
      }
      for (Future<WorkCalendar> node : started) {
        assertThat(node.get(60, TimeUnit.SECONDS).years()).containsExactly(2024, 2025, 2026);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("select count(*) from work_calendar_day")).isEqualTo(36 + 33 + 39);
  }

  @Test
  void anUploadReplacesTheYearAndRecordsWhoDidIt() {
    CalendarService node = node();
    node.loadShippedYears();
    String corrected = "date,kind,name\n2026-01-01,HOLIDAY,元旦\n2026-02-14,WORKDAY,春节\n";

    CalendarFile saved = node.upload("C:\\Users\\admin\\cn-2026-fixed.csv", corrected.getBytes(UTF_8), null, "admin");

    assertThat(saved.year()).isEqualTo(2026);
    assertThat(count("select count(*) from work_calendar_day where calendar_year = 2026")).isEqualTo(2);
    assertThat(count("select count(*) from work_calendar_day where calendar_year = 2025")).as("other years untouched").isEqualTo(33);
    CalendarRepository.YearSummary year2026 = node.summaries().get(0);
    assertThat(year2026.loadedBy()).isEqualTo("admin");
    assertThat(year2026.source()).isEqualTo("上传文件 cn-2026-fixed.csv（CSV）");
    assertThat(year2026.loadedAt()).isEqualTo(LocalDate.of(2026, 6, 1).atTime(10, 0));
    assertThat(node.current().isWorkingDay(LocalDate.of(2026, 2, 16))).as("this node sees the upload at once").isTrue();
    verify(audit).record(eq("CALENDAR_REPLACED"), eq("work-calendar-2026"), anyString());
  }

  @Test
  void aNewYearFromHolidayCnJson() {
    CalendarService node = node();
    node.loadShippedYears();
    String json = """
        {"year": 2027, "papers": [], "days": [
          {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
          {"name": "春节", "date": "2027-02-06", "isOffDay": false}
        ]}
        """;
    node.upload("2027.json", json.getBytes(UTF_8), 2027, "admin");

    assertThat(node.current().years()).containsExactly(2024, 2025, 2026, 2027);
    assertThat(node.current().isWorkingDay(LocalDate.of(2027, 2, 6))).isTrue();
    assertThat(node.summaries().get(0).source()).isEqualTo("上传文件 2027.json（holiday-cn JSON）");
  }

  @Test
  void aBadFileStoresNothing() {
    CalendarService node = node();
    node.loadShippedYears();
    String bad = "date,kind,name\n2026-01-01,HOLIDAY,元旦\n2026-13-01,HOLIDAY,?\n";

    assertThatThrownBy(() -> node.upload("bad.csv", bad.getBytes(UTF_8), null, "admin"))
        .isInstanceOf(CalendarFileException.class)
        .hasMessage("第 3 行：日期“2026-13-01”不存在。");
    assertThat(count("select count(*) from work_calendar_day where calendar_year = 2026")).isEqualTo(39);
  }

  @Test
  void aFailureHalfWayRollsTheWholeUploadBack() {
    CalendarService node = node();
    node.loadShippedYears();
    // The audit entry is written last, in the same transaction: when it fails, the days must come back.
    doThrow(new IllegalStateException("audit down")).when(audit).record(eq("CALENDAR_REPLACED"), anyString(), anyString());
    String corrected = "date,kind,name\n2026-01-01,HOLIDAY,元旦\n";

    assertThatThrownBy(() -> node.upload("cn-2026.csv", corrected.getBytes(UTF_8), null, "admin"))
        .hasMessage("audit down");
    assertThat(count("select count(*) from work_calendar_day where calendar_year = 2026")).isEqualTo(39);
    assertThat(node.summaries().get(0).loadedBy()).isEqualTo("system");
  }

  @Test
  void otherNodesSeeAnUploadWithinTheRefreshInterval() {
    CalendarService a = node();
    CalendarService b = node();
    a.loadShippedYears();
    b.loadShippedYears();
    assertThat(b.current().hasYear(2027)).isFalse();

    a.upload("2027.csv", "date,kind,name\n2027-01-01,HOLIDAY,元旦\n".getBytes(UTF_8), null, "admin");

    clock.advance(Duration.ofMinutes(4));
    assertThat(b.current().hasYear(2027)).as("b still counts with its copy").isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(b.current().hasYear(2027)).isTrue();
    assertThat(b.current().isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
  }

  @Test
  void theDatabaseRefusesADayOutsideItsYear() {
    node().loadShippedYears();
    assertThatThrownBy(() -> jdbc.sql("insert into work_calendar_day (calendar_date, calendar_year, off_day) values (?, ?, ?)")
        .params(LocalDate.of(2027, 1, 1), 2026, true).update())
        .isInstanceOf(DataIntegrityViolationException.class);
  }
}
