package org.servicestar.award;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.servicestar.calendar.Workdays;
import org.springframework.stereotype.Component;

/** What the award diagram's multi-instance vote and timers ask: who votes, and until when. */
@Component("awardSchedule")
public class AwardSchedule {

  private final Awards awards;
  private final Workdays workdays;
  private final AwardProperties properties;

  AwardSchedule(Awards awards, Workdays workdays, AwardProperties properties) {
    this.awards = awards;
    this.workdays = workdays;
    this.properties = properties;
  }

  /** The leading group's members fixed when the vote opened: one task each. */
  public List<String> voters(Integer year) {
    return round(year).voterList();
  }

  /** The end of the vote's last working day. */
  public Date voteClosesAt(Integer year) {
    return workdays.afterDays(opened(year), properties.voteWorkingDays());
  }

  /** 09:00 on the vote's last working day: members who have not voted yet are reminded. */
  public Date voteReminderAt(Integer year) {
    LocalDate lastDay = voteClosesAt(year).toInstant().atZone(workdays.zone()).toLocalDate();
    return Date.from(lastDay.atTime(9, 0).atZone(workdays.zone()).toInstant());
  }

  /** Midnight after the publicity's last day: objections are accepted until then. */
  public Date publicityEndsAt(Integer year) {
    return Date.from(round(year).publicityEnd().plusDays(1).atStartOfDay(workdays.zone()).toInstant());
  }

  private Date opened(Integer year) {
    return Date.from(round(year).votingOpenedAt().atZone(workdays.zone()).toInstant());
  }

  private AwardRound round(Integer year) {
    return awards.round(year).orElseThrow(() -> new IllegalStateException("no award round for " + year));
  }
}
