package org.servicestar.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignService;
import org.servicestar.security.Access;
import org.servicestar.web.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /campaigns/{year}/scoring-rules}: the office and administrators change the rules; the leading group and inspectors read them. */
@Controller
class ScoringRulesController {

  private final ScoringRules rules;
  private final CampaignService campaigns;

  ScoringRulesController(ScoringRules rules, CampaignService campaigns) {
    this.rules = rules;
    this.campaigns = campaigns;
  }

  @GetMapping("/campaigns/{year}/scoring-rules")
  @PreAuthorize(Access.OVERSEE)
  String show(@PathVariable int year, Authentication auth, Model model) {
    Campaign campaign = campaigns.ofYear(year)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有 " + year + " 年的竞赛活动"));
    Map<ScoringRules.Group, List<ScoringRules.Row>> groups = new LinkedHashMap<>();
    for (ScoringRules.Group g : ScoringRules.Group.values()) {
      groups.put(g, rules.rows(year).stream().filter(r -> r.rule().group() == g).collect(Collectors.toList()));
    }
    model.addAttribute("campaign", campaign);
    model.addAttribute("year", year);
    model.addAttribute("groups", groups);
    model.addAttribute("method", ScoringMethod.STATEMENTS);
    model.addAttribute("mayEdit", Access.runsCompetition(auth));
    return "scoring/rules";
  }

  @PostMapping("/campaigns/{year}/scoring-rules")
  @PreAuthorize(Access.RUN_COMPETITION)
  String update(@PathVariable int year, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
    Map<String, String> values = form.entrySet().stream().filter(e -> ScoringRules.byKey(e.getKey()).isPresent())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    try {
      rules.update(year, values, AuditTrail.currentActor());
      redirect.addFlashAttribute("message", "评分规则已保存；重新计算后生效");
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
      redirect.addFlashAttribute("typed", values);
    }
    return "redirect:/campaigns/" + year + "/scoring-rules";
  }
}
