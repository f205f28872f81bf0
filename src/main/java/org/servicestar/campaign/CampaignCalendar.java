package org.servicestar.campaign;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;

import org.springframework.stereotype.Component;

/**
 * The moments the campaign's timers wait for, from the campaign's dates (read when the timer is
 * created): a phase ends when its last day is over, midnight in Beijing.
 */
@Component("campaignCalendar")
public class CampaignCalendar {

  private final CampaignService campaigns;
  private final Clock clock;

  CampaignCalendar(CampaignService campaigns, Clock clock) {
    this.clock = clock;
    this.campaigns = campaigns;
  }

  public Date mobilisationEnds(Integer year) {
    return startOf(campaign(year).mobilisationEnd().plusDays(1), clock.getZone());
  }

  public Date competitionEnds(Integer year) {
    return startOf(campaign(year).competitionEnd().plusDays(1), clock.getZone());
  }

  public Date assessmentStarts(Integer year) {
    return startOf(campaign(year).assessmentStart(), clock.getZone());
  }

  private Campaign campaign(Integer year) {
    return campaigns.ofYear(year).orElseThrow(() -> new IllegalStateException("no campaign for " + year));
  }

  static Date startOf(LocalDate day, ZoneId zone) {
    return Date.from(day.atStartOfDay(zone).toInstant());
  }
}
