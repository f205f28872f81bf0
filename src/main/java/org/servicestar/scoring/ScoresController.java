package org.servicestar.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.CampaignService;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.servicestar.unit.UnitService;
import org.servicestar.web.PageOf;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /scores/{year}}: the ranking per unit type, each unit's score explained line by line, the
 * staff scores, and the office's "重新计算" with its progress. Overseers see every unit; a unit's
 * leads see their own unit's rows only.
 */
@Controller
class ScoresController {

  /** The ranking's sections, in the order of the awards (DESIGN.md award categories), departments last. */
  static final Map<String, String> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("HALL", "优质服务大厅");
    TYPES.put("SECTION", "优质服务科室队所");
    TYPES.put("WINDOW", "优质服务窗口");
    TYPES.put("DEPARTMENT", "部门（参考）");
  }

  private final ComplaintService complaints;
  private final ScoreBoard board;
  private final ScoringJobs jobs;
  private final CampaignService campaigns;
  private final UnitService units;

  ScoresController(ScoreBoard board, ScoringJobs jobs, CampaignService campaigns, UnitService units, ComplaintService complaints) {
    this.complaints = complaints;
    this.board = board;
    this.jobs = jobs;
    this.campaigns = campaigns;
    this.units = units;
  }

  @GetMapping("/scores/{year}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String ranking(@PathVariable int year, @RequestParam(required = false) String type, @RequestParam(required = false) String under,
                 @RequestParam(defaultValue = "1") int page, Authentication auth, Model model) {
    Set<String> subtree = under == null || under.isBlank() ? null : subtree(under.strip());
    // A lead's own units are read as such, not filtered out of a province's scores; an overseer's
    // ranking is read a page at a time (a province has 20 000 windows), a subtree's filtered here.
    List<ScoreBoard.UnitScore> own = Access.oversees(auth) ? null : board.ofYear(year, CurrentUser.unitCodes(auth));
    Map<String, PageOf<ScoreBoard.UnitScore>> paged = new LinkedHashMap<>();
    TYPES.keySet().stream().filter(t -> type == null || type.isBlank() || t.equals(type)).forEach(t -> {
      int wanted = t.equals(type) ? page : 1;
      if (own == null && subtree == null) {
        paged.put(t, board.page(year, t, wanted, PAGE_ROWS));
        return;
      }
      List<ScoreBoard.UnitScore> all = (own == null ? board.ofYear(year, t) : own.stream().filter(s -> s.unitType().equals(t)).toList())
          .stream().filter(s -> CurrentUser.maySee(auth, s.unitCode())).filter(s -> subtree == null || subtree.contains(s.unitCode()))
          .toList();
      paged.put(t, PageOf.of(all, wanted, PAGE_ROWS));
    });
    model.addAttribute("year", year);
    model.addAttribute("byType", paged);
    model.addAttribute("types", TYPES);
    model.addAttribute("under", subtree == null ? null : under.strip());
    model.addAttribute("run", board.latestRun(year).orElse(null));
    model.addAttribute("campaign", campaigns.ofYear(year).orElse(null));
    model.addAttribute("mayRecompute", Access.runsCompetition(auth));
    return "scoring/ranking";
  }

  static final int PAGE_ROWS = 200;

  private Set<String> subtree(String code) {
    return units.tree().subtreeCodes(code);
  }

  @GetMapping("/scores/{year}/units/{unitCode}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String unit(@PathVariable int year, @PathVariable String unitCode, Authentication auth, Model model) {
    if (!CurrentUser.maySee(auth, unitCode)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN);
    }
    ScoreBoard.UnitScore score = board.of(year, unitCode)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, unitCode + " 没有 " + year + " 年的评分"));
    model.addAttribute("year", year);
    model.addAttribute("score", score);
    model.addAttribute("typeLabel", TYPES.getOrDefault(score.unitType(), score.unitType()));
    model.addAttribute("lines", board.lines(year, unitCode));
    model.addAttribute("run", board.run(score.runId()).orElse(null));
    return "scoring/unit";
  }

  @GetMapping("/scores/{year}/staff")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String staff(@PathVariable int year, Authentication auth, Model model) {
    model.addAttribute("year", year);
    model.addAttribute("staff", board.staffOfYear(year).stream().filter(s -> CurrentUser.maySee(auth, s.unitCode())).toList());
    model.addAttribute("run", board.latestRun(year).orElse(null));
    return "scoring/staff-list";
  }

  @GetMapping("/scores/{year}/staff/{badge}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String staffMember(@PathVariable int year, @PathVariable String badge, Authentication auth, Model model) {
    ScoreBoard.StaffScore score = board.staffOf(year, badge)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, badge + " 没有 " + year + " 年的评分"));
    if (!CurrentUser.maySee(auth, score.unitCode())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN);
    }
    model.addAttribute("year", year);
    model.addAttribute("score", score);
    model.addAttribute("lines", board.lines(year, ScoreBoard.staffSubject(badge)));
    model.addAttribute("namedComplaints", complaints.substantiatedNaming(badge, year));
    return "scoring/staff";
  }

  @PostMapping("/scores/{year}/recompute")
  @PreAuthorize(Access.RUN_COMPETITION)
  String recompute(@PathVariable int year, RedirectAttributes redirect) {
    if (campaigns.ofYear(year).isEmpty()) {
      redirect.addFlashAttribute("error", "没有 " + year + " 年的竞赛活动，无法计算评分");
      return "redirect:/scores/" + year;
    }
    try {
      jobs.start(year, AuditTrail.currentActor());
      redirect.addFlashAttribute("message", "已开始在后台重新计算 " + year + " 年的评分");
    } catch (ScoringAlreadyRunning e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/scores/" + year + "/run";
  }

  @GetMapping("/scores/{year}/run")
  @PreAuthorize(Access.OVERSEE)
  String run(@PathVariable int year, Model model) {
    model.addAttribute("year", year);
    model.addAttribute("run", board.latestRun(year).orElse(null));
    return "scoring/run";
  }

  /** The progress of the year's latest run, for the page that polls it. */
  @GetMapping(value = "/scores/{year}/run.json", produces = "application/json")
  @PreAuthorize(Access.OVERSEE)
  @ResponseBody
  Map<String, Object> progress(@PathVariable int year) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("year", year);
    board.latestRun(year).ifPresentOrElse(r -> {
      body.put("runId", r.id());
      body.put("status", r.status());
      body.put("unitsTotal", r.unitsTotal());
      body.put("unitsDone", r.unitsDone());
      body.put("startedBy", r.startedBy());
      body.put("startedAt", r.startedAt());
      body.put("finishedAt", r.finishedAt());
      body.put("error", r.error());
    }, () -> body.put("status", "NONE"));
    return body;
  }
}
