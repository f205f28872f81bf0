package org.servicestar.sentiment;

import java.util.Comparator;
import java.util.List;

import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
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
 * The public-opinion register: the office records issues; office, inspectors and the leading group
 * read all of them, a unit's leads their own unit's.
 */
@Controller
class SentimentController {

  private final SentimentService sentiments;
  private final UnitService units;

  SentimentController(SentimentService sentiments, UnitService units) {
    this.sentiments = sentiments;
    this.units = units;
  }

  @GetMapping("/sentiments")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String list(@RequestParam(required = false) String unit, Authentication auth, Model model) {
    List<Sentiment> rows;
    if (Access.oversees(auth)) {
      rows = sentiments.recent(unit == null || unit.isBlank() ? null : unit.trim(), 500);
    } else {
      rows = CurrentUser.unitCodes(auth).stream().flatMap(code -> sentiments.recent(code, 500).stream())
          .sorted(Comparator.comparing(Sentiment::id).reversed()).toList();
    }
    model.addAttribute("sentiments", rows);
    model.addAttribute("unit", unit);
    model.addAttribute("mayRecord", Access.runsCompetition(auth));
    model.addAttribute("units", units.active());
    model.addAttribute("sources", Sentiment.Source.values());
    return "sentiment/list";
  }

  @PostMapping("/sentiments")
  @PreAuthorize(Access.RUN_COMPETITION)
  String record(@RequestParam(required = false) String unitCode, @RequestParam(required = false) String source,
                @RequestParam(required = false) String link, @RequestParam(required = false) String summary,
                @RequestParam(required = false) String severity, @RequestParam(defaultValue = "false") boolean negative,
                RedirectAttributes redirect) {
    try {
      Sentiment s = sentiments.record(new SentimentService.SentimentDraft(unitCode, source, link, summary, severity, negative),
          AuditTrail.currentActor());
      redirect.addFlashAttribute("message", "舆情 " + s.number() + " 已登记" + (negative ? "，已启动负面舆情处置" : ""));
      return "redirect:/sentiments/" + s.number();
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
      return "redirect:/sentiments";
    }
  }

  @GetMapping("/sentiments/{number}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String show(@PathVariable String number, Authentication auth, Model model) {
    Sentiment s = sentiments.byNumber(number)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有编号为 " + number + " 的舆情"));
    if (!CurrentUser.maySee(auth, s.unitCode())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN);
    }
    model.addAttribute("s", s);
    return "sentiment/show";
  }
}
