package org.servicestar.dashboard;

import java.util.List;

import org.servicestar.complaint.ComplaintService;
import org.servicestar.rectification.RectificationSource;
import org.servicestar.security.Access;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /dashboard}: the competition at a glance (总览) — overview, ranking, satisfaction and the
 * rectification ledger. Overseers see every unit; a unit's leads see the same pages with their own
 * units' rows only (the city-wide places stay, so a lead sees where the unit stands).
 */
@Controller
@RequestMapping("/dashboard")
@PreAuthorize(Access.VIEW_COMPETITION)
class DashboardController {

  private final Dashboard dashboard;
  private final ComplaintService complaints;

  DashboardController(Dashboard dashboard, ComplaintService complaints) {
    this.dashboard = dashboard;
    this.complaints = complaints;
  }

  @GetMapping
  String overview(@RequestParam(required = false) Integer year, Authentication auth, Model model) {
    int y = common(year, auth, model, "overview");
    model.addAttribute("o", dashboard.overview(y, Scope.of(auth)));
    model.addAttribute("complaintCategories", Dashboard.COMPLAINT_CATEGORIES);
    // Stored and acknowledged, but ComplaintHandling would not start: the office and administrators see why.
    model.addAttribute("notStarted", Access.runsCompetition(auth) ? complaints.notStarted() : List.of());
    return "dashboard/overview";
  }

  @GetMapping("/ranking")
  String ranking(@RequestParam(required = false) Integer year, Authentication auth, Model model) {
    int y = common(year, auth, model, "ranking");
    model.addAttribute("ranking", dashboard.ranking(y, Scope.of(auth)));
    return "dashboard/ranking";
  }

  @GetMapping("/satisfaction")
  String satisfaction(@RequestParam(required = false) Integer year, @RequestParam(required = false) String type,
                      @RequestParam(required = false) Integer month, @RequestParam(defaultValue = "false") boolean all,
                      @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "1") int unitPage,
                      Authentication auth, Model model) {
    int y = common(year, auth, model, "satisfaction");
    model.addAttribute("s", dashboard.satisfaction(y, Scope.of(auth), type, month, all, page, unitPage));
    model.addAttribute("minRatings", WindowRanking.MIN_RATINGS);
    return "dashboard/satisfaction";
  }

  @GetMapping("/rectifications")
  String rectifications(@RequestParam(required = false) Integer year, @RequestParam(required = false) String unit,
                        @RequestParam(required = false) String source, @RequestParam(required = false) String state,
                        Authentication auth, Model model) {
    int y = common(year, auth, model, "rectifications");
    LedgerState chosen = LedgerState.parse(state);
    model.addAttribute("ledger", dashboard.ledger(y, Scope.of(auth), unit, source, chosen));
    model.addAttribute("states", LedgerState.values());
    model.addAttribute("sources", RectificationSource.values());
    model.addAttribute("unit", unit == null ? "" : unit.strip());
    model.addAttribute("source", RectificationSource.parse(source));
    model.addAttribute("state", chosen);
    return "dashboard/rectifications";
  }

  private int common(Integer year, Authentication auth, Model model, String tab) {
    int y = year == null ? dashboard.thisYear() : year;
    model.addAttribute("year", y);
    model.addAttribute("tab", tab);
    model.addAttribute("allUnits", Scope.of(auth).allUnits());
    model.addAttribute("unitTypes", Dashboard.UNIT_TYPES);
    return y;
  }
}
