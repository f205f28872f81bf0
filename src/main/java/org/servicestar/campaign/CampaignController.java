package org.servicestar.campaign;

import org.servicestar.security.Access;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Campaigns as read by the office and the leading group; running one is the campaign feature's job. */
@Controller
class CampaignController {

  private final CampaignService campaigns;

  CampaignController(CampaignService campaigns) {
    this.campaigns = campaigns;
  }

  @GetMapping("/campaigns")
  @PreAuthorize(Access.VIEW_MASTER_DATA)
  String list(Model model) {
    model.addAttribute("campaigns", campaigns.all());
    return "campaign/list";
  }

  @GetMapping("/campaigns/{year}")
  @PreAuthorize(Access.VIEW_MASTER_DATA)
  String show(@PathVariable int year, Model model) {
    Campaign campaign = campaigns.ofYear(year).orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
        org.springframework.http.HttpStatus.NOT_FOUND, "没有 " + year + " 年的竞赛活动"));
    model.addAttribute("campaign", campaign);
    model.addAttribute("quotas", campaigns.quotasOf(campaign.id()));
    model.addAttribute("participants", campaigns.participantsOf(campaign));
    return "campaign/show";
  }
}
