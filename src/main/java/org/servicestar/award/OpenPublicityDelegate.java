package org.servicestar.award;

import java.time.LocalDate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.servicestar.calendar.Workdays;
import org.servicestar.campaign.CampaignService;
import org.springframework.stereotype.Component;

/**
 * Publicity for the campaign's number of working days, counted from today when today is a working
 * day (from the next one otherwise); its last day is shown on the public page.
 */
@Component("openPublicityDelegate")
class OpenPublicityDelegate implements JavaDelegate {

  private final Awards awards;
  private final CampaignService campaigns;
  private final Workdays workdays;

  OpenPublicityDelegate(Awards awards, CampaignService campaigns, Workdays workdays) {
    this.awards = awards;
    this.campaigns = campaigns;
    this.workdays = workdays;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int year = BuildNomineesDelegate.year(execution);
    int days = campaigns.ofYear(year).orElseThrow().publicityDays();
    // The app's clock is the engine's, so a process test sets the day with ClockUtil.
    LocalDate today = workdays.today();
    LocalDate first = workdays.isWorkingDay(today) ? today : workdays.plusWorkingDays(today, 1);
    awards.openPublicity(year, first, workdays.plusWorkingDays(first, days - 1));
  }
}
