package org.servicestar.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * China's working days as plain arithmetic: no Spring, no database, immutable, safe to share.
 *
 * <p>A day listed in a year's calendar is off ({@code HOLIDAY}) or a make-up working day
 * ({@code WORKDAY}, 调休) whatever its weekday; every other day is a working day when it falls on
 * Monday–Friday. A year without a calendar therefore counts Monday–Friday: knowing that this
 * happened is the caller's business ({@link #hasYear}).
 *
 * <p>Counting follows the civil-law rule for periods (民法典 第二百零一条): the starting day is not
 * counted, so "N working days after d" is the N-th working day strictly after d.
 */
final class WorkCalendar {

  /** The last moment of a day that still counts as that day when a deadline is "by the end of it". */
  static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

  /** Far more than any real deadline; stops a typo (or an overflow) from looping for minutes. */
  static final int MAX_WORKING_DAYS = 100_000;

  private static final WorkCalendar MONDAY_TO_FRIDAY = new WorkCalendar(Map.of(), Collections.emptySet());

  private final NavigableMap<LocalDate, Boolean> offDayByDate;
  private final SortedSet<Integer> years;

  /**
   * @param offDayByDate the listed days: {@code true} = off (holiday), {@code false} = make-up working day
   * @param years the years whose calendar is known (a known year may list no day at all)
   */
  WorkCalendar(Map<LocalDate, Boolean> offDayByDate, Collection<Integer> years) {
    this.offDayByDate = Collections.unmodifiableNavigableMap(new TreeMap<>(offDayByDate));
    this.years = Collections.unmodifiableSortedSet(new TreeSet<>(years));
    for (LocalDate day : this.offDayByDate.keySet()) {
      if (!this.years.contains(day.getYear())) {
        throw new IllegalArgumentException(day + " is listed but its year has no calendar");
      }
    }
  }

  static WorkCalendar mondayToFriday() {
    return MONDAY_TO_FRIDAY;
  }

  boolean hasYear(int year) {
    return years.contains(year);
  }

  SortedSet<Integer> years() {
    return years;
  }

  boolean isWorkingDay(LocalDate day) {
    Boolean offDay = offDayByDate.get(day);
    return offDay != null ? !offDay : isMondayToFriday(day);
  }

  /**
   * The {@code n}-th working day after {@code day} (before it when {@code n} is negative); the
   * starting day itself is never counted, working or not. {@code n == 0} returns {@code day}.
   */
  LocalDate plusWorkingDays(LocalDate day, int n) {
    checkRange(n);
    int step = n > 0 ? 1 : -1;
    LocalDate current = day;
    for (int left = Math.abs(n); left > 0; ) {
      current = current.plusDays(step);
      if (isWorkingDay(current)) {
        left--;
      }
    }
    return current;
  }

  /**
   * The working days d with {@code from < d <= to}; when {@code to} is before {@code from}, minus
   * the count the other way round, so that swapping the arguments only flips the sign. Thus
   * {@code plusWorkingDays(from, workingDaysBetween(from, to)) == to} when {@code to} is a working
   * day after {@code from} (or both are working days), and an overdue count reads "working days late".
   */
  int workingDaysBetween(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      return -workingDaysBetween(to, from);
    }
    long count = weekdaysIn(from.plusDays(1), to);
    // Only the listed days can differ from the Monday–Friday count.
    for (Map.Entry<LocalDate, Boolean> listed : offDayByDate.subMap(from, false, to, true).entrySet()) {
      boolean weekday = isMondayToFriday(listed.getKey());
      boolean working = !listed.getValue();
      if (weekday && !working) {
        count--;
      } else if (!weekday && working) {
        count++;
      }
    }
    return Math.toIntExact(count);
  }

  /**
   * A moment {@code n} working days after (before, when negative) {@code moment}.
   *
   * <p>On a working day the time of day is kept: Friday 15:00 + 1 is the next working day at
   * 15:00. A moment on a non-working day has no working time to keep, so it counts as the start of
   * the next working day (for {@code n > 0}) or the end of the previous one ({@code n < 0}): the
   * result is then the end ({@link #END_OF_DAY}) of the {@code n}-th working day, or the start
   * (00:00) of the {@code |n|}-th working day before. Either way whoever must act gets {@code |n|}
   * whole working days. {@code n == 0} returns the moment unchanged.
   */
  LocalDateTime after(LocalDateTime moment, int n) {
    if (n == 0) {
      return moment;
    }
    LocalDate day = moment.toLocalDate();
    if (isWorkingDay(day)) {
      return LocalDateTime.of(plusWorkingDays(day, n), moment.toLocalTime());
    }
    return afterDays(moment, n);
  }

  /**
   * Whole working days, the way "within 5 working days" (5个工作日内) is read: the end of the
   * {@code n}-th working day after the moment's day (its time of day does not matter), or for a
   * negative {@code n} the start of the {@code |n|}-th working day before it. {@code n == 0} is
   * the end of the moment's own day.
   */
  LocalDateTime afterDays(LocalDateTime moment, int n) {
    LocalDate target = plusWorkingDays(moment.toLocalDate(), n);
    return n < 0 ? target.atStartOfDay() : LocalDateTime.of(target, END_OF_DAY);
  }

  private static boolean isMondayToFriday(LocalDate day) {
    DayOfWeek dow = day.getDayOfWeek();
    return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
  }

  /** Monday–Friday days in {@code [first, last]}, without walking the days one by one. */
  private static long weekdaysIn(LocalDate first, LocalDate last) {
    if (last.isBefore(first)) {
      return 0;
    }
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    long count = days / 7 * 5;
    LocalDate day = first.plusDays(days / 7 * 7);
    for (long i = days % 7; i > 0; i--, day = day.plusDays(1)) {
      if (isMondayToFriday(day)) {
        count++;
      }
    }
    return count;
  }

  private static void checkRange(int n) {
    if (n > MAX_WORKING_DAYS || n < -MAX_WORKING_DAYS) {
      throw new IllegalArgumentException("working days out of range: " + n);
    }
  }
}
