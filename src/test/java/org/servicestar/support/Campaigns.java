package org.servicestar.support;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.servicestar.campaign.CampaignService;

/** A campaign for tests that need one (a year of their own, so classes sharing the context don't collide). */
public final class Campaigns {

  private Campaigns() {
  }

  /** A campaign for every active unit, with the default weights, unless the year already has one. */
  public static void ensure(CampaignService campaigns, int year) {
    if (campaigns.ofYear(year).isEmpty()) {
      campaigns.create(new CampaignService.CampaignDraft(year, year + " 年度测试竞赛",
          LocalDate.of(year, 1, 5), LocalDate.of(year, 3, 31), LocalDate.of(year, 4, 1), LocalDate.of(year, 10, 31),
          LocalDate.of(year, 11, 2), LocalDate.of(year, 12, 31), 5,
          BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20), Map.of(), List.of()));
    }
  }
}
