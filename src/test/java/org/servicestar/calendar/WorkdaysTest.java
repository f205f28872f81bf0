package org.servicestar.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WorkdaysTest {

  private static final WorkCalendar CN = ShippedCalendars.asCalendar(ShippedCalendars.load());

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Workdays.class);
  private TimeZone defaultZone;

  @BeforeEach
  void captureLogAndUseAServerInUtc() {
    log.start();
    logger.addAppender(log);
    // The day must be cut in Beijing whatever the JVM's zone is.
    defaultZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
  }

  @AfterEach
  void restore() {
    logger.detachAppender(log);
    TimeZone.setDefault(defaultZone);
  }

  private static Workdays workdays(WorkCalendar calendar, String now) {
    return new Workdays(() -> calendar, Clock.fixed(Instant.parse(now), Workdays.ZONE));
  }

  private static Date at(String instant) {
    return Date.from(Instant.parse(instant));
  }

  private List<String> warnings() {
    return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void afterKeepsTheBeijingTimeOfDay() {
    Workdays workdays = workdays(CN, "2026-02-13T02:00:00Z");
    // Fri 2026-02-13 15:30 in Beijing + 3 = Wed 02-25 15:30 (Sat 02-14 is a make-up working day).
    assertThat(workdays.after(at("2026-02-13T07:30:00Z"), 3)).isEqualTo(at("2026-02-25T07:30:00Z"));
    assertThat(workdays.after(at("2026-10-09T01:00:00Z"), -2)).isEqualTo(at("2026-09-30T01:00:00Z"));
  }

  @Test
  void theDayIsCutInBeijingNotOnTheServer() {
    Workdays workdays = workdays(CN, "2026-02-13T02:00:00Z");
    // 17:00 UTC on Friday is 01:00 on Saturday 02-14 in Beijing: a make-up working day, so +1 skips
    // the whole Spring Festival. Counted from the UTC Friday it would wrongly be Saturday.
    assertThat(workdays.after(at("2026-02-13T17:00:00Z"), 1)).isEqualTo(at("2026-02-23T17:00:00Z"));
    assertThat(workdays.isWorkingDayAt(at("2026-02-14T16:30:00Z"))).as("Sunday 00:30 in Beijing").isFalse();
  }

  @Test
  void aStartOnANonWorkingDayEndsAtTheEndOfTheNthWorkingDay() {
    Workdays workdays = workdays(CN, "2026-02-13T02:00:00Z");
    // Sunday 2026-02-15 10:00 in Beijing, during the holiday.
    assertThat(workdays.after(at("2026-02-15T02:00:00Z"), 1)).isEqualTo(at("2026-02-24T15:59:59Z"));
    assertThat(workdays.afterDays(at("2026-02-13T07:30:00Z"), 3)).isEqualTo(at("2026-02-25T15:59:59Z"));
  }

  @Test
  void localDateApi() {
    Workdays workdays = workdays(CN, "2026-02-13T02:00:00Z");
    assertThat(workdays.isWorkingDay(LocalDate.of(2026, 2, 28))).isTrue();
    assertThat(workdays.plusWorkingDays(LocalDate.of(2026, 2, 13), 3)).isEqualTo(LocalDate.of(2026, 2, 25));
    assertThat(workdays.plusWorkingDays(LocalDate.of(2026, 2, 25), -3)).isEqualTo(LocalDate.of(2026, 2, 13));
    assertThat(workdays.workingDaysBetween(LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 13))).isEqualTo(5);
    assertThat(workdays.today()).isEqualTo(LocalDate.of(2026, 2, 13));
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aYearWithoutCalendarIsCountedMondayToFridayAndReported() {
    Workdays workdays = workdays(CN, "2026-06-01T02:00:00Z");
    assertThat(workdays.hasCalendar(2026)).isTrue();
    assertThat(workdays.hasCalendar(2027)).isFalse();
    assertThat(workdays.calendarYears()).containsExactly(2024, 2025, 2026);
    assertThat(workdays.missingYears()).as("next year has no calendar yet").containsExactly(2027);
    assertThat(workdays.assumedYears()).as("nothing counted in 2027 yet").isEmpty();

    // Thu 2027-09-30 + 3: 10-01 and 10-04 count, though they will surely be National Day holidays.
    assertThat(workdays.plusWorkingDays(LocalDate.of(2027, 9, 30), 3)).isEqualTo(LocalDate.of(2027, 10, 5));
    assertThat(workdays.after(at("2027-09-30T02:00:00Z"), 3)).isEqualTo(at("2027-10-05T02:00:00Z"));
    assertThat(workdays.isWorkingDay(LocalDate.of(2027, 10, 1))).isTrue();

    assertThat(workdays.assumedYears()).containsExactly(2027);
    assertThat(warnings()).as("one warning per year and node, not one per call").hasSize(1);
    assertThat(warnings().get(0)).contains("2027").contains("Monday to Friday").contains("/admin/calendar");
  }

  @Test
  void aDeadlineRunningIntoAnUnknownYearReportsIt() {
    Workdays workdays = workdays(CN, "2026-12-01T02:00:00Z");
    assertThat(workdays.plusWorkingDays(LocalDate.of(2026, 12, 30), 3)).isEqualTo(LocalDate.of(2027, 1, 4));
    assertThat(workdays.assumedYears()).containsExactly(2027);
    assertThat(workdays.workingDaysBetween(LocalDate.of(2022, 12, 31), LocalDate.of(2023, 1, 3))).isEqualTo(2);
    assertThat(workdays.assumedYears()).containsExactly(2022, 2023, 2027);
    assertThat(workdays.missingYears()).containsExactly(2022, 2023, 2027);
    assertThat(warnings()).hasSize(3);
  }

  @Test
  void aYearLoadedLaterIsNoLongerReported() {
    WorkCalendar[] current = {CN};
    Workdays workdays = new Workdays(() -> current[0], Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), Workdays.ZONE));
    workdays.isWorkingDay(LocalDate.of(2027, 1, 1));
    assertThat(workdays.missingYears()).containsExactly(2027);

    current[0] = new WorkCalendar(Map.of(LocalDate.of(2027, 1, 1), true), List.of(2024, 2025, 2026, 2027));
    assertThat(workdays.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
    assertThat(workdays.assumedYears()).isEmpty();
    assertThat(workdays.missingYears()).isEmpty();
  }

  @Test
  void thisYearMissingIsReportedToo() {
    Workdays workdays = workdays(WorkCalendar.mondayToFriday(), "2026-03-01T02:00:00Z");
    assertThat(workdays.missingYears()).containsExactly(2026, 2027);
  }

  @Test
  void shippedCalendarsWithoutADatabase() {
    Workdays workdays = Workdays.withShippedCalendars();
    assertThat(workdays.calendarYears()).contains(2024, 2025, 2026);
    assertThat(workdays.plusWorkingDays(LocalDate.of(2025, 9, 26), 5)).isEqualTo(LocalDate.of(2025, 10, 10));
  }
}
