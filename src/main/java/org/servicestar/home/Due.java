package org.servicestar.home;

import java.time.LocalDate;
import java.time.LocalDateTime;

import org.servicestar.calendar.Workdays;

/**
 * A deadline as the start page says it, counted in the working days of the app's calendar (holidays
 * and make-up days included): "还剩 3 个工作日", "今天到期", "已逾期 2 个工作日". A deadline after
 * today with no working day left before it (due on a Saturday, read on Friday) says its date, so
 * nobody reads "还剩 0 个工作日"; one that passed earlier today says "已逾期".
 *
 * @param days working days from today to the due day, or from the due day to today when overdue
 * @param today the due day is today (and the moment has not passed)
 */
record Due(LocalDateTime at, int days, boolean overdue, boolean today) {

  /** Null for no deadline. */
  static Due of(LocalDateTime due, LocalDateTime now, Workdays workdays) {
    if (due == null) {
      return null;
    }
    LocalDate today = now.toLocalDate();
    LocalDate day = due.toLocalDate();
    if (due.isBefore(now)) {
      return new Due(due, workdays.workingDaysBetween(day, today), true, false);
    }
    return new Due(due, workdays.workingDaysBetween(today, day), false, day.equals(today));
  }

  /** "还剩 3 个工作日", "今天到期", "已逾期 2 个工作日". */
  public String text() {
    if (overdue) {
      return days > 0 ? "已逾期 " + days + " 个工作日" : "已逾期";
    }
    if (today) {
      return "今天到期";
    }
    return days > 0 ? "还剩 " + days + " 个工作日" : at.getMonthValue() + "月" + at.getDayOfMonth() + "日（休息日）到期";
  }

  /** The same as the end of a sentence: "12 个工作日后到期", "今天到期", "已逾期 2 个工作日". */
  public String when() {
    return overdue || today || days == 0 ? text() : days + " 个工作日后到期";
  }

  /** The CSS class: red when overdue, amber on the day. */
  public String css() {
    return overdue ? "due overdue" : today ? "due today" : "due";
  }
}
