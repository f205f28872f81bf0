package org.servicestar.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arithmetic, on the calendars shipped in the jar (the State Council's 2024–2026 notices). */
class WorkCalendarTest {

  private static final WorkCalendar CN = ShippedCalendars.asCalendar(ShippedCalendars.load());

  private static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }

  private static LocalDateTime t(String iso) {
    return LocalDateTime.parse(iso);
  }

  @Test
  void shipsTheYears2024To2026() {
    assertThat(CN.years()).containsExactly(2024, 2025, 2026);
  }

  @Nested
  class SpringFestival2026 {

    @Test
    void theMakeUpSaturdaysAreWorkingDaysAndTheHolidayIsNot() {
      assertThat(CN.isWorkingDay(d("2026-02-13"))).as("Fri before the holiday").isTrue();
      assertThat(CN.isWorkingDay(d("2026-02-14"))).as("Sat 02-14, 调休上班").isTrue();
      for (LocalDate day = d("2026-02-15"); !day.isAfter(d("2026-02-23")); day = day.plusDays(1)) {
        assertThat(CN.isWorkingDay(day)).as("%s is in the Spring Festival holiday", day).isFalse();
      }
      assertThat(CN.isWorkingDay(d("2026-02-24"))).as("Tue after the holiday").isTrue();
      assertThat(CN.isWorkingDay(d("2026-02-28"))).as("Sat 02-28, 调休上班").isTrue();
      assertThat(CN.isWorkingDay(d("2026-03-01"))).as("an ordinary Sunday").isFalse();
    }

    @Test
    void threeWorkingDaysAfterFriday13thIsWednesday25th() {
      // Sat 02-14 (make-up) is the first, then the holiday 02-15..02-23, Tue 02-24 the second.
      assertThat(CN.plusWorkingDays(d("2026-02-13"), 1)).isEqualTo(d("2026-02-14"));
      assertThat(CN.plusWorkingDays(d("2026-02-13"), 2)).isEqualTo(d("2026-02-24"));
      assertThat(CN.plusWorkingDays(d("2026-02-13"), 3)).isEqualTo(d("2026-02-25"));
      assertThat(CN.after(t("2026-02-13T15:30"), 3)).isEqualTo(t("2026-02-25T15:30"));
    }

    @Test
    void theSecondMakeUpSaturdayCountsToo() {
      assertThat(CN.plusWorkingDays(d("2026-02-27"), 1)).isEqualTo(d("2026-02-28"));
      assertThat(CN.plusWorkingDays(d("2026-02-27"), 2)).isEqualTo(d("2026-03-02"));
    }

    @Test
    void countsWorkingDaysAcrossTheHoliday() {
      assertThat(CN.workingDaysBetween(d("2026-02-13"), d("2026-02-25"))).isEqualTo(3);
      assertThat(CN.workingDaysBetween(d("2026-02-25"), d("2026-02-13"))).isEqualTo(-3);
      assertThat(CN.workingDaysBetween(d("2026-02-14"), d("2026-02-23"))).as("nothing but holiday").isZero();
    }
  }

  @Nested
  class NationalDay {

    @ParameterizedTest(name = "{0} + {1} working days = {2}")
    @CsvSource({
        // 2026: Mid-Autumn 09-25..27, National Day 10-01..07, make-up Sun 09-20 and Sat 10-10.
        "2026-09-30, 5, 2026-10-13",
        "2026-09-24, 3, 2026-09-30",
        "2026-09-19, 1, 2026-09-20",
        "2026-10-09, 1, 2026-10-10",
        // 2025: National Day and Mid-Autumn 10-01..08, make-up Sun 09-28 and Sat 10-11.
        "2025-09-26, 5, 2025-10-10",
        "2025-09-30, 5, 2025-10-14",
        "2025-09-30, 1, 2025-10-09",
        // 2024: 10-01..07, make-up Sun 09-29 and Sat 10-12.
        "2024-09-30, 5, 2024-10-12",
    })
    void deadlineCrossesTheGoldenWeek(LocalDate start, int workingDays, LocalDate due) {
      assertThat(CN.plusWorkingDays(start, workingDays)).isEqualTo(due);
      assertThat(CN.workingDaysBetween(start, due)).isEqualTo(workingDays);
    }

    @Test
    void fifteenWorkingDaysFromMidSeptember2025() {
      // 09-15 (Mon) + 15: 09-16..19 (4), 09-22..26 (9), Sun 09-28 (10), 09-29, 09-30 (12), 10-09, 10-10, Sat 10-11 (15).
      assertThat(CN.plusWorkingDays(d("2025-09-15"), 15)).isEqualTo(d("2025-10-11"));
    }
  }

  @Nested
  class NegativeCounts {

    @Test
    void remindersBeforeADueDateSkipTheHoliday() {
      assertThat(CN.plusWorkingDays(d("2026-10-09"), -1)).isEqualTo(d("2026-10-08"));
      assertThat(CN.plusWorkingDays(d("2026-10-09"), -2)).isEqualTo(d("2026-09-30"));
      assertThat(CN.plusWorkingDays(d("2026-02-24"), -1)).as("back over the Spring Festival to the make-up Saturday")
          .isEqualTo(d("2026-02-14"));
      assertThat(CN.after(t("2026-10-09T09:00"), -2)).isEqualTo(t("2026-09-30T09:00"));
    }

    @Test
    void zeroIsTheDayItself() {
      assertThat(CN.plusWorkingDays(d("2026-02-15"), 0)).isEqualTo(d("2026-02-15"));
      assertThat(CN.after(t("2026-02-15T10:00"), 0)).isEqualTo(t("2026-02-15T10:00"));
    }
  }

  @Nested
  class StartOnANonWorkingDay {

    @Test
    void forwardEndsAtTheEndOfTheNthWorkingDay() {
      // Sunday in the holiday: counting starts Tue 02-24, so one working day is all of 02-24.
      assertThat(CN.after(t("2026-02-15T10:00"), 1)).isEqualTo(t("2026-02-24T23:59:59"));
      assertThat(CN.after(t("2026-02-21T22:00"), 3)).isEqualTo(t("2026-02-26T23:59:59"));
      // An ordinary Saturday: Monday is the first working day.
      assertThat(CN.after(t("2026-03-07T09:00"), 1)).isEqualTo(t("2026-03-09T23:59:59"));
    }

    @Test
    void backwardEndsAtTheStartOfTheNthWorkingDayBefore() {
      assertThat(CN.after(t("2026-10-04T10:00"), -1)).isEqualTo(t("2026-09-30T00:00"));
      assertThat(CN.after(t("2026-10-04T10:00"), -2)).isEqualTo(t("2026-09-29T00:00"));
    }

    @Test
    void aMakeUpSaturdayIsAWorkingDaySoItKeepsItsTime() {
      assertThat(CN.after(t("2026-02-14T09:00"), 1)).isEqualTo(t("2026-02-24T09:00"));
    }
  }

  @Nested
  class WholeDays {

    @Test
    void endOfTheNthWorkingDayWhateverTheTimeOfDay() {
      assertThat(CN.afterDays(t("2026-02-13T15:30"), 3)).isEqualTo(t("2026-02-25T23:59:59"));
      assertThat(CN.afterDays(t("2026-02-15T10:00"), 1)).isEqualTo(t("2026-02-24T23:59:59"));
      assertThat(CN.afterDays(t("2026-10-09T15:00"), -2)).isEqualTo(t("2026-09-30T00:00"));
      assertThat(CN.afterDays(t("2026-02-13T15:30"), 0)).isEqualTo(t("2026-02-13T23:59:59"));
    }
  }

  @Nested
  class YearWithoutCalendar {

    @Test
    void countsMondayToFriday() {
      assertThat(CN.hasYear(2027)).isFalse();
      // 2027-10-01 will surely be a holiday, but no calendar says so yet.
      assertThat(CN.isWorkingDay(d("2027-10-01"))).isTrue();
      assertThat(CN.plusWorkingDays(d("2027-09-30"), 3)).isEqualTo(d("2027-10-05"));
      assertThat(CN.workingDaysBetween(d("2027-01-01"), d("2027-12-31"))).isEqualTo(260);
    }

    @Test
    void aDeadlineRunsFromAKnownYearIntoAnUnknownOne() {
      assertThat(CN.plusWorkingDays(d("2026-12-30"), 3)).isEqualTo(d("2027-01-04"));
    }
  }

  @Test
  void workingDaysPerYearMatchTheStateCouncilNotices() {
    assertThat(CN.workingDaysBetween(d("2023-12-31"), d("2024-12-31"))).isEqualTo(251);
    assertThat(CN.workingDaysBetween(d("2024-12-31"), d("2025-12-31"))).isEqualTo(248);
    assertThat(CN.workingDaysBetween(d("2025-12-31"), d("2026-12-31"))).isEqualTo(248);
  }

  @Test
  void theFastCountAgreesWithWalkingDayByDay() {
    Random random = new Random(20260213);
    LocalDate base = d("2023-06-01");
    for (int i = 0; i < 2_000; i++) {
      LocalDate from = base.plusDays(random.nextInt(1400));
      LocalDate to = base.plusDays(random.nextInt(1400));
      int walked = 0;
      for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
        walked += CN.isWorkingDay(day) ? 1 : 0;
      }
      for (LocalDate day = to.plusDays(1); !day.isAfter(from); day = day.plusDays(1)) {
        walked -= CN.isWorkingDay(day) ? 1 : 0;
      }
      assertThat(CN.workingDaysBetween(from, to)).as("%s → %s", from, to).isEqualTo(walked);
      assertThat(CN.workingDaysBetween(to, from)).isEqualTo(-walked);
      if (CN.isWorkingDay(to) && (to.isAfter(from) || CN.isWorkingDay(from))) {
        assertThat(CN.plusWorkingDays(from, walked)).as("%s + %d", from, walked).isEqualTo(to);
      }
    }
  }

  @Test
  void listedDaysOverrideTheWeekdayEitherWay() {
    LocalDate saturday = d("2030-01-05");
    LocalDate monday = d("2030-01-07");
    assertThat(saturday.getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
    WorkCalendar calendar = new WorkCalendar(Map.of(saturday, false, monday, true), List.of(2030));
    assertThat(calendar.isWorkingDay(saturday)).isTrue();
    assertThat(calendar.isWorkingDay(monday)).isFalse();
    assertThat(calendar.plusWorkingDays(d("2030-01-04"), 2)).isEqualTo(d("2030-01-08"));
    assertThat(calendar.workingDaysBetween(d("2030-01-04"), d("2030-01-08"))).isEqualTo(2);
  }

  @Test
  void refusesAListedDayOutsideItsYearsAndAbsurdCounts() {
    assertThatThrownBy(() -> new WorkCalendar(Map.of(d("2031-01-01"), true), List.of(2030)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CN.plusWorkingDays(d("2026-01-01"), Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
