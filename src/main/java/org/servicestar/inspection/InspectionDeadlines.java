package org.servicestar.inspection;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Date;
import java.util.Optional;

import org.servicestar.calendar.Workdays;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignService;
import org.springframework.stereotype.Component;

/**
 * When Task_ConductInspection is due, in working days ({@link Workdays}); Task_RegisterInspection
 * stores it as {@code inspectionDueDate}, the task's due date and the escalation timer; the reminder
 * timer asks {@code ${inspectionDeadlines.reminderAt(inspectionDueDate)}}.
 *
 * <ul>
 *   <li>集中检查 (CENTRALIZED): the end (23:59:59) of the assessment phase's last working day, the
 *   campaign's {@code assessmentEnd} or the working day before it. Without an end date, or when that
 *   day is already over when the inspection starts (a campaign run late), the end of the
 *   {@value #CENTRALIZED_DAYS_WITHOUT_PHASE_END}-th working day after the start.</li>
 *   <li>明查暗访 (UNANNOUNCED): the end of the {@value #UNANNOUNCED_DAYS}-th working day after the start.</li>
 * </ul>
 * The reminder goes out at 09:00 of the working day before the due day (at once when that is
 * already past); the escalation to the office at the due date.
 */
@Component("inspectionDeadlines")
public class InspectionDeadlines {

  public static final int CENTRALIZED_DAYS_WITHOUT_PHASE_END = 10;
  public static final int UNANNOUNCED_DAYS = 5;
  static final LocalTime REMINDER_TIME = LocalTime.of(9, 0);
  private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

  private final Workdays workdays;
  private final CampaignService campaigns;
  private final Clock clock;

  InspectionDeadlines(Workdays workdays, CampaignService campaigns, Clock clock) {
    this.workdays = workdays;
    this.campaigns = campaigns;
    this.clock = clock;
  }

  /** The due date of an inspection of this type and year that starts now. */
  public Date dueAt(InspectionType type, Integer campaignYear) {
    LocalDate today = LocalDate.now(clock);
    if (type == InspectionType.CENTRALIZED) {
      Optional<LocalDate> lastDay = Optional.ofNullable(campaignYear).flatMap(campaigns::ofYear)
          .map(Campaign::assessmentEnd).map(this::lastWorkingDayOnOrBefore);
      if (lastDay.isPresent() && !lastDay.get().isBefore(today)) {
        return endOf(lastDay.get());
      }
      return endOf(workdays.plusWorkingDays(today, CENTRALIZED_DAYS_WITHOUT_PHASE_END));
    }
    return endOf(workdays.plusWorkingDays(today, UNANNOUNCED_DAYS));
  }

  /** 09:00 of the working day before the due day. */
  public Date reminderAt(Date dueDate) {
    if (dueDate == null) {
      throw new IllegalArgumentException("inspectionDueDate is null: the inspection has no due date");
    }
    LocalDate dueDay = LocalDateTime.ofInstant(dueDate.toInstant(), workdays.zone()).toLocalDate();
    LocalDate day = workdays.plusWorkingDays(dueDay, -1);
    return Date.from(day.atTime(REMINDER_TIME).atZone(workdays.zone()).toInstant());
  }

  private LocalDate lastWorkingDayOnOrBefore(LocalDate day) {
    return workdays.isWorkingDay(day) ? day : workdays.plusWorkingDays(day, -1);
  }

  private Date endOf(LocalDate day) {
    return Date.from(day.atTime(END_OF_DAY).atZone(workdays.zone()).toInstant());
  }
}
