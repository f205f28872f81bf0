package org.servicestar.calendar;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The calendar tables of {@code V2__work_calendar.sql}; transactions are the caller's. */
@Repository
class CalendarRepository {

  /** One loaded year as the admin page shows it. */
  record YearSummary(int year, int holidays, int makeUpWorkdays, String source, LocalDateTime loadedAt, String loadedBy) {
  }

  private final JdbcClient jdbc;

  CalendarRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  WorkCalendar loadCalendar() {
    List<Integer> years = jdbc.sql("select calendar_year from work_calendar_year").query(Integer.class).list();
    Map<LocalDate, Boolean> days = new HashMap<>();
    jdbc.sql("select calendar_date, off_day from work_calendar_day")
        .query(rs -> {
          days.put(rs.getObject("calendar_date", LocalDate.class), rs.getBoolean("off_day"));
        });
    return new WorkCalendar(days, years);
  }

  boolean hasYear(int year) {
    return jdbc.sql("select count(*) from work_calendar_year where calendar_year = ?")
        .param(year).query(Integer.class).single() > 0;
  }

  /** Fails with a {@code DuplicateKeyException} when the year is there already (another node was quicker). */
  void insertYear(CalendarFile file, String source, String loadedBy, LocalDateTime loadedAt) {
    jdbc.sql("insert into work_calendar_year (calendar_year, source, loaded_at, loaded_by) values (?, ?, ?, ?)")
        .params(file.year(), source, loadedAt, loadedBy)
        .update();
    insertDays(file);
  }

  /** Replaces a year's days, or adds the year; the year row is written first so concurrent uploads queue on its lock. */
  void replaceYear(CalendarFile file, String source, String loadedBy, LocalDateTime loadedAt) {
    int updated = jdbc.sql("update work_calendar_year set source = ?, loaded_at = ?, loaded_by = ? where calendar_year = ?")
        .params(source, loadedAt, loadedBy, file.year())
        .update();
    if (updated == 0) {
      jdbc.sql("insert into work_calendar_year (calendar_year, source, loaded_at, loaded_by) values (?, ?, ?, ?)")
          .params(file.year(), source, loadedAt, loadedBy)
          .update();
    }
    jdbc.sql("delete from work_calendar_day where calendar_year = ?").param(file.year()).update();
    insertDays(file);
  }

  List<YearSummary> summaries() {
    return jdbc.sql("""
            select y.calendar_year, y.source, y.loaded_at, y.loaded_by,
                   coalesce(sum(case when d.off_day then 1 else 0 end), 0) as holidays,
                   coalesce(sum(case when d.off_day then 0 else 1 end), 0) as make_up_workdays
            from work_calendar_year y
            left join work_calendar_day d on d.calendar_year = y.calendar_year
            group by y.calendar_year, y.source, y.loaded_at, y.loaded_by
            order by y.calendar_year desc
            """)
        .query((rs, n) -> new YearSummary(
            rs.getInt("calendar_year"),
            rs.getInt("holidays"),
            rs.getInt("make_up_workdays"),
            rs.getString("source"),
            rs.getObject("loaded_at", LocalDateTime.class),
            rs.getString("loaded_by")))
        .list();
  }

  List<SpecialDay> days(int year) {
    return jdbc.sql("select calendar_date, off_day, name from work_calendar_day where calendar_year = ? order by calendar_date")
        .param(year)
        .query((rs, n) -> new SpecialDay(rs.getObject("calendar_date", LocalDate.class), rs.getBoolean("off_day"), rs.getString("name")))
        .list();
  }

  private void insertDays(CalendarFile file) {
    for (SpecialDay day : file.days()) {
      jdbc.sql("insert into work_calendar_day (calendar_date, calendar_year, off_day, name) values (?, ?, ?, ?)")
          .params(day.date(), file.year(), day.offDay(), day.name())
          .update();
    }
  }
}
