package org.servicestar.campaign;

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

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private final CampaignService campaigns;

  CampaignCalendar(CampaignService campaigns) {
    this.campaigns = campaigns;
  }

  public Date mobilisationEnds(Integer year) {
    return startOf(campaign(year).mobilisationEnd().plusDays(1));
  }

  public Date competitionEnds(Integer year) {
    return startOf(campaign(year).competitionEnd().plusDays(1));
  }

  public Date assessmentStarts(Integer year) {
    return startOf(campaign(year).assessmentStart());
  }

  private Campaign campaign(Integer year) {
    return campaigns.ofYear(year).orElseThrow(() -> new IllegalStateException("no campaign for " + year));
  }

  static Date startOf(LocalDate day) {
    return Date.from(day.atStartOfDay(ZONE).toInstant());
  }
}
