package org.servicestar.evaluation;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.servicestar.campaign.CampaignService;
import org.servicestar.unit.UnitService;
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

/**
 * Evaluation rounds: the office opens them; office, inspectors and the leading group read every
 * round, a unit's leads their own unit's (they also fill in the tasks in Tasklist).
 */
@Controller
class EvaluationController {

  private final EvaluationService evaluations;
  private final UnitService units;
  private final CampaignService campaigns;

  EvaluationController(EvaluationService evaluations, UnitService units, CampaignService campaigns) {
    this.evaluations = evaluations;
    this.units = units;
    this.campaigns = campaigns;
  }

  @GetMapping("/evaluations")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String list(@RequestParam(required = false) String unit, Authentication auth, Model model) {
    List<EvaluationRound> rows;
    if (Access.oversees(auth)) {
      rows = evaluations.recent(unit == null || unit.isBlank() ? null : unit.trim(), 500);
    } else {
      Set<String> own = CurrentUser.unitCodes(auth);
      rows = own.stream().flatMap(code -> evaluations.recent(code, 500).stream())
          .sorted(Comparator.comparing(EvaluationRound::id).reversed()).toList();
    }
    model.addAttribute("rounds", rows);
    model.addAttribute("unit", unit);
    model.addAttribute("mayOpen", Access.runsCompetition(auth));
    model.addAttribute("units", units.active());
    model.addAttribute("campaigns", campaigns.all());
    return "evaluation/list";
  }

  @PostMapping("/evaluations")
  @PreAuthorize(Access.RUN_COMPETITION)
  String open(@RequestParam(required = false) String unitCode, @RequestParam(required = false) Integer campaignYear,
              RedirectAttributes redirect) {
    try {
      if (campaignYear == null) {
        throw InvalidInputException.of("campaignYear", "请选择竞赛年度");
      }
      EvaluationRound round = evaluations.open(unitCode, campaignYear, AuditTrail.currentActor());
      redirect.addFlashAttribute("message", "评议 " + round.number() + " 已开启，任务已派给本单位负责人");
      return "redirect:/evaluations/" + round.number();
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
      return "redirect:/evaluations";
    }
  }

  @GetMapping("/evaluations/{number}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String show(@PathVariable String number, Authentication auth, Model model) {
    EvaluationRound round = evaluations.byNumber(number)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有编号为 " + number + " 的评议"));
    if (!CurrentUser.maySee(auth, round.unitCode())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN);
    }
    model.addAttribute("round", round);
    model.addAttribute("results", evaluations.results(round));
    return "evaluation/show";
  }
}
