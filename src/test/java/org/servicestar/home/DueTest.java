package org.servicestar.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.servicestar.calendar.Workdays;

/** Deadlines in the working days of the shipped State Council calendar: 2026's National Day week and its make-up Saturday. */
class DueTest {

  private final Workdays workdays = Workdays.withShippedCalendars();

  private String text(String due, String now) {
    return Due.of(LocalDateTime.parse(due), LocalDateTime.parse(now), workdays).text();
  }

  @Test
  void workingDaysLeftSkipTheHolidayWeekAndCountItsMakeUpSaturday() {
    // Wednesday 30 September: 1–7 October are holidays, so Friday 9 October is two working days away (Mon–Fri would say 7).
    assertThat(text("2026-10-09T17:00", "2026-09-30T10:00")).isEqualTo("还剩 2 个工作日");
    // Saturday 10 October is a make-up working day (调休).
    assertThat(text("2026-10-10T17:00", "2026-09-30T10:00")).isEqualTo("还剩 3 个工作日");
    assertThat(Due.of(LocalDateTime.parse("2026-10-10T17:00"), LocalDateTime.parse("2026-09-30T10:00"), workdays).when())
        .isEqualTo("3 个工作日后到期");
  }

  @Test
  void overdueCountsTheWorkingDaysSinceTheDueDay() {
    // Due on the last working day before the holidays, read on the first one after them.
    Due late = Due.of(LocalDateTime.parse("2026-09-30T17:00"), LocalDateTime.parse("2026-10-08T10:00"), workdays);
    assertThat(late.text()).isEqualTo("已逾期 1 个工作日");
    assertThat(late.overdue()).isTrue();
    assertThat(late.css()).isEqualTo("due overdue");
    assertThat(late.when()).isEqualTo("已逾期 1 个工作日");
    // Passed earlier today: late, but not yet by a working day.
    assertThat(text("2026-10-16T09:00", "2026-10-16T10:00")).isEqualTo("已逾期");
  }

  @Test
  void dueTodayAndDueOnADayOff() {
    Due today = Due.of(LocalDateTime.parse("2026-09-30T17:00"), LocalDateTime.parse("2026-09-30T10:00"), workdays);
    assertThat(today.text()).isEqualTo("今天到期");
    assertThat(today.css()).isEqualTo("due today");
    // Friday, due on Saturday: no working day left, and it is not today.
    assertThat(text("2026-10-17T12:00", "2026-10-16T10:00")).isEqualTo("10月17日（休息日）到期");
    assertThat(Due.of(null, LocalDateTime.parse("2026-10-16T10:00"), workdays)).isNull();
  }
}
