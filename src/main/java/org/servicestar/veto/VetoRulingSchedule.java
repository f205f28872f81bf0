package org.servicestar.veto;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.servicestar.calendar.Workdays;
import org.springframework.stereotype.Component;

/** What the veto ruling diagram's multi-instance vote and timers ask: who rules, until when, and whether it is decided. */
@Component("vetoRulingSchedule")
public class VetoRulingSchedule {

  private final VetoRulings rulings;
  private final Workdays workdays;
  private final VetoProperties properties;

  VetoRulingSchedule(VetoRulings rulings, Workdays workdays, VetoProperties properties) {
    this.rulings = rulings;
    this.workdays = workdays;
    this.properties = properties;
  }

  /** The leading group's members fixed when the round opened: one task each. */
  public List<String> voters(Number vetoId) {
    return round(vetoId).voterList();
  }

  /** The end of the round's last working day ({@code servicestar.vetoes.vote-working-days}, default 5). */
  public Date closesAt(Number vetoId) {
    return workdays.afterDays(Date.from(round(vetoId).openedAt().atZone(workdays.zone()).toInstant()), properties.voteWorkingDays());
  }

  /** 09:00 on the round's last working day: members who have not ruled yet are reminded. */
  public Date reminderAt(Number vetoId) {
    LocalDate lastDay = closesAt(vetoId).toInstant().atZone(workdays.zone()).toLocalDate();
    return Date.from(lastDay.atTime(9, 0).atZone(workdays.zone()).toInstant());
  }

  /** Whether the votes so far decide the veto under the round's rule: the remaining members' tasks end. */
  public boolean decided(Number vetoId) {
    return rulings.decision(vetoId.longValue()) != null;
  }

  private VetoRulings.Round round(Number vetoId) {
    return rulings.round(vetoId.longValue()).orElseThrow(() -> new IllegalStateException("no ruling round for veto " + vetoId));
  }
}
