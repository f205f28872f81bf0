package org.servicestar.rectification;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;

import org.servicestar.calendar.Workdays;
import org.springframework.stereotype.Component;

/**
 * Deadline arithmetic for {@code bpmn/rectification.bpmn}, as the bean {@code rectificationDeadlines}:
 * when to remind ({@code ${rectificationDeadlines.remindAt(dueDate, 3)}}), how to show a due date,
 * and what a due date picked in a form means. No database: process tests use it as it is.
 */
@Component("rectificationDeadlines")
public class RectificationDeadlines {

  /** Reminders go out at the start of the working day. */
  static final LocalTime REMINDER_TIME = LocalTime.of(9, 0);
  /** A due date picked as a day means the end of that day. */
  static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);
  private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

  /** Working days ahead within which an open rectification counts as due soon (临期): the dashboard and the start page. */
  public static final int DUE_SOON_WORKING_DAYS = 3;

  private final Workdays workdays;

  RectificationDeadlines(Workdays workdays) {
    this.workdays = workdays;
  }

  /**
   * When to remind the unit of {@code dueDate}: 09:00 (Beijing) on the {@code workingDaysBefore}-th
   * working day before the due day, or on the due day itself for 0. A due date before 10:00 is
   * reminded of an hour ahead of it on its day. May lie in the past (a short deadline): the timer then
   * fires at once.
   */
  public Date remindAt(Date dueDate, int workingDaysBefore) {
    if (dueDate == null) {
      throw new IllegalArgumentException("dueDate is null: the rectification has no due date");
    }
    LocalDateTime due = LocalDateTime.ofInstant(dueDate.toInstant(), workdays.zone());
    LocalDate day = workingDaysBefore <= 0 ? due.toLocalDate() : workdays.plusWorkingDays(due.toLocalDate(), -workingDaysBefore);
    LocalDateTime at = day.atTime(REMINDER_TIME);
    if (!at.isBefore(due)) {
      at = due.minus(Duration.ofHours(1));
    }
    return toDate(at);
  }

  /** Due soon means due before this moment: the end of the {@link #DUE_SOON_WORKING_DAYS}-th working day after today. */
  public LocalDateTime dueSoonBefore() {
    return workdays.plusWorkingDays(workdays.today(), DUE_SOON_WORKING_DAYS).plusDays(1).atStartOfDay();
  }

  /** A due date as people read it: {@code 2026年3月5日 17:00} (Beijing time). */
  public String text(Date moment) {
    return moment == null ? "" : TEXT.format(LocalDateTime.ofInstant(moment.toInstant(), workdays.zone()));
  }

  /**
   * The due date a variable means: a {@code Date} as it is; a day ({@code 2026-03-20}, as Camunda
   * Forms' date picker sends it, or a {@code LocalDate}) means the end of that day in Beijing; a
   * date-time with or without offset is read as such (Beijing time when without).
   *
   * @throws IllegalArgumentException when there is no value or it is not a date
   */
  public Date dueDateOf(Object value) {
    if (value instanceof Date date) {
      return date;
    }
    if (value instanceof LocalDate day) {
      return toDate(day.atTime(END_OF_DAY));
    }
    if (value instanceof LocalDateTime moment) {
      return toDate(moment);
    }
    if (value instanceof String text && !text.isBlank()) {
      String s = text.strip();
      try {
        if (s.length() == 10) {
          return toDate(LocalDate.parse(s).atTime(END_OF_DAY));
        }
        try {
          return Date.from(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException notWithOffset) {
          try {
            return Date.from(ZonedDateTime.parse(s).toInstant());
          } catch (DateTimeParseException notZoned) {
            return toDate(LocalDateTime.parse(s));
          }
        }
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("“" + s + "”不是有效的日期，请按 2026-03-20 的格式填写");
      }
    }
    throw new IllegalArgumentException("请填写到期日");
  }

  private Date toDate(LocalDateTime moment) {
    return Date.from(moment.atZone(workdays.zone()).toInstant());
  }
}
