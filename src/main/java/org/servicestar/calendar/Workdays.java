package org.servicestar.calendar;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Date;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.servicestar.time.AppClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * China's working days for deadlines, as the Spring bean {@code workdays}: in BPMN
 * {@code camunda:dueDate="${workdays.after(now(), 5)}"}, a timer's
 * {@code timeDate="${workdays.after(dueDate, -1)}"}, and in Java.
 *
 * <p>Holidays and make-up working days (调休) come from the State Council's yearly calendar, kept in
 * the database and managed at {@code /admin/calendar}. A year without a calendar is counted Monday
 * to Friday; this is logged once per year and node, and listed by {@link #missingYears()}.
 *
 * <p>Days are Beijing days (the zone of the app's {@link Clock}, {@code servicestar.zone}) whatever the server's time zone.
 *
 * <p><b>Starts on a non-working day.</b> {@link #after} keeps the time of day of a moment on a
 * working day (Friday 15:00 + 1 → the next working day at 15:00). A moment on a non-working day
 * (a complaint sent on Saturday) counts from the start of the next working day, so N working days
 * later is the end (23:59:59) of the N-th working day after it; counting backwards from a
 * non-working day ends at the start (00:00) of the N-th working day before it. Either way the
 * person who must act gets N whole working days.
 */
public class Workdays {

  /**
   * The default zone, for {@link #withShippedCalendars()} and tests. The bean cuts days in its
   * clock's zone ({@link #zone()}); main code asks that (ArchitectureTest).
   */
  public static final ZoneId ZONE = AppClock.DEFAULT_ZONE;

  private static final Logger log = LoggerFactory.getLogger(Workdays.class);

  private final Supplier<WorkCalendar> calendar;
  private final Clock clock;
  private final Set<Integer> assumed = ConcurrentHashMap.newKeySet();

  Workdays(Supplier<WorkCalendar> calendar, Clock clock) {
    this.calendar = calendar;
    this.clock = clock;
  }

  /**
   * The calendars shipped in the jar, without a database: for process tests of other features
   * ({@code Mocks.register("workdays", Workdays.withShippedCalendars())}).
   */
  public static Workdays withShippedCalendars() {
    WorkCalendar shipped = ShippedCalendars.asCalendar(ShippedCalendars.load());
    return new Workdays(() -> shipped, new AppClock(ZONE));
  }

  /**
   * The moment {@code workingDays} working days after {@code moment} (before it when negative),
   * keeping the time of day; see the class comment for a moment on a non-working day. {@code 0}
   * returns the moment itself.
   */
  public Date after(Date moment, int workingDays) {
    WorkCalendar cal = calendar.get();
    LocalDateTime start = toLocal(moment);
    LocalDateTime result = cal.after(start, workingDays);
    noteYears(cal, start.toLocalDate(), result.toLocalDate());
    return toDate(result);
  }

  /**
   * Whole working days, as in "5个工作日内": the end (23:59:59) of the {@code workingDays}-th
   * working day after the moment's day, whatever its time of day; when negative, the start (00:00)
   * of that many working days before. {@code 0} is the end of the moment's own day.
   */
  public Date afterDays(Date moment, int workingDays) {
    WorkCalendar cal = calendar.get();
    LocalDateTime start = toLocal(moment);
    LocalDateTime result = cal.afterDays(start, workingDays);
    noteYears(cal, start.toLocalDate(), result.toLocalDate());
    return toDate(result);
  }

  public boolean isWorkingDay(LocalDate day) {
    WorkCalendar cal = calendar.get();
    noteYears(cal, day, day);
    return cal.isWorkingDay(day);
  }

  /** Whether the Beijing day of {@code moment} is a working day: {@code ${workdays.isWorkingDayAt(now())}}. */
  public boolean isWorkingDayAt(Date moment) {
    return isWorkingDay(toLocal(moment).toLocalDate());
  }

  /**
   * The {@code workingDays}-th working day after {@code day} (before it when negative); the
   * starting day is not counted, working or not. {@code 0} returns {@code day}.
   */
  public LocalDate plusWorkingDays(LocalDate day, int workingDays) {
    WorkCalendar cal = calendar.get();
    LocalDate result = cal.plusWorkingDays(day, workingDays);
    noteYears(cal, day, result);
    return result;
  }

  /**
   * The number of working days d with {@code from < d <= to}, negative when {@code to} is before
   * {@code from}: "working days left" is {@code workingDaysBetween(today, due)}, "working days
   * overdue" is {@code workingDaysBetween(due, today)}.
   */
  public int workingDaysBetween(LocalDate from, LocalDate to) {
    WorkCalendar cal = calendar.get();
    noteYears(cal, from, to);
    return cal.workingDaysBetween(from, to);
  }

  /** Today in Beijing. */
  public LocalDate today() {
    return LocalDate.now(clock);
  }

  /** The zone days are cut in: the app's ({@code servicestar.zone}). */
  public ZoneId zone() {
    return clock.getZone();
  }

  public boolean hasCalendar(int year) {
    return calendar.get().hasYear(year);
  }

  /** The years whose State Council calendar is loaded. */
  public SortedSet<Integer> calendarYears() {
    return calendar.get().years();
  }

  /**
   * The years counted Monday–Friday on this node since it started, for lack of a calendar (and
   * still without one).
   */
  public SortedSet<Integer> assumedYears() {
    WorkCalendar cal = calendar.get();
    SortedSet<Integer> years = new TreeSet<>();
    for (Integer year : assumed) {
      if (!cal.hasYear(year)) {
        years.add(year);
      }
    }
    return Collections.unmodifiableSortedSet(years);
  }

  /**
   * The years deadlines need but that have no calendar: this year and next (Beijing time) when
   * missing, and every year already counted Monday–Friday ({@link #assumedYears()}).
   */
  public SortedSet<Integer> missingYears() {
    WorkCalendar cal = calendar.get();
    SortedSet<Integer> years = new TreeSet<>(assumedYears());
    int thisYear = today().getYear();
    for (int year = thisYear; year <= thisYear + 1; year++) {
      if (!cal.hasYear(year)) {
        years.add(year);
      }
    }
    return Collections.unmodifiableSortedSet(years);
  }

  private void noteYears(WorkCalendar cal, LocalDate a, LocalDate b) {
    int first = Math.min(a.getYear(), b.getYear());
    int last = Math.max(a.getYear(), b.getYear());
    for (int year = first; year <= last; year++) {
      if (!cal.hasYear(year) && assumed.add(year)) {
        log.warn("No working-day calendar for {}: counting Monday to Friday, without holidays and make-up days (调休)."
            + " An administrator should upload the State Council's calendar at /admin/calendar.", year);
      }
    }
  }

  private LocalDateTime toLocal(Date moment) {
    Objects.requireNonNull(moment, "moment (a deadline's start) is null");
    return LocalDateTime.ofInstant(moment.toInstant(), zone());
  }

  private Date toDate(LocalDateTime moment) {
    return Date.from(moment.atZone(zone()).toInstant());
  }
}
