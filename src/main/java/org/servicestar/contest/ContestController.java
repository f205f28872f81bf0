package org.servicestar.contest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.servicestar.unit.ImportTable;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The year's contests (三比): the office and administrators record them and their results; the leading
 * group and inspectors read everything; a unit's leads read their own unit's results only.
 */
@Controller
@RequestMapping("/contests")
class ContestController {


  private final ContestService contests;
  private final ContestImport imports;
  private final UnitService units;
  private final Clock clock;

  ContestController(ContestService contests, ContestImport imports, UnitService units, Clock clock) {
    this.clock = clock;
    this.contests = contests;
    this.imports = imports;
    this.units = units;
  }

  @GetMapping
  @PreAuthorize(Access.VIEW_COMPETITION)
  String list(@RequestParam(required = false) Integer year, Authentication auth, Model model) {
    List<Integer> years = contests.years();
    int thisYear = LocalDate.now(clock).getYear();
    int shown = year != null ? year : years.contains(thisYear) || years.isEmpty() ? thisYear : years.get(0);
    List<Contest> list = contests.ofYear(shown);
    if (!Access.oversees(auth)) {
      // A unit's leads see the contests their unit took part in, nothing of the others.
      list = list.stream().filter(c -> !visibleResults(c.id(), auth).isEmpty()).toList();
    }
    model.addAttribute("years", years);
    model.addAttribute("year", shown);
    model.addAttribute("contests", list);
    model.addAttribute("oversees", Access.oversees(auth));
    model.addAttribute("mayEdit", mayEdit(auth));
    return "contest/list";
  }

  @GetMapping("/new")
  @PreAuthorize(Access.RUN_COMPETITION)
  String newContest(@RequestParam(required = false) Integer year, Model model) {
    int y = year != null ? year : LocalDate.now(clock).getYear();
    return form(new ContestService.ContestDraft(String.valueOf(y), "", ContestKind.SKILL.name(), ""), Map.of(), model);
  }

  @PostMapping
  @PreAuthorize(Access.RUN_COMPETITION)
  String create(@RequestParam(required = false) String campaignYear, @RequestParam(required = false) String name,
                @RequestParam(required = false) String kind, @RequestParam(required = false) String heldOn, Model model,
                RedirectAttributes redirect) {
    ContestService.ContestDraft draft = new ContestService.ContestDraft(campaignYear, name, kind, heldOn);
    try {
      Contest contest = contests.create(draft);
      redirect.addFlashAttribute("message", "已登记比赛“" + contest.name() + "”，请录入或导入成绩");
      return "redirect:/contests/" + contest.id();
    } catch (InvalidInputException e) {
      return form(draft, e.fieldErrors(), model);
    }
  }

  private String form(ContestService.ContestDraft draft, Map<String, String> errors, Model model) {
    model.addAttribute("draft", draft);
    model.addAttribute("errors", errors);
    model.addAttribute("years", contests.years());
    model.addAttribute("kinds", ContestKind.values());
    return "contest/new";
  }

  @GetMapping("/{id}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String show(@PathVariable long id, Authentication auth, Model model) {
    return show(id, auth, null, model);
  }

  private String show(long id, Authentication auth, ContestImport.Report report, Model model) {
    Contest contest = contests.require(id);
    model.addAttribute("contest", contest);
    model.addAttribute("results", visibleResults(id, auth));
    model.addAttribute("oversees", Access.oversees(auth));
    model.addAttribute("mayEdit", mayEdit(auth));
    model.addAttribute("kinds", ContestKind.values());
    model.addAttribute("years", contests.years());
    model.addAttribute("units", units.active());
    model.addAttribute("columns", ContestImport.COLUMNS);
    model.addAttribute("maxRows", ImportTable.MAX_ROWS);
    model.addAttribute("report", report);
    return "contest/show";
  }

  @PostMapping("/{id}")
  @PreAuthorize(Access.RUN_COMPETITION)
  String update(@PathVariable long id, @RequestParam int version, @RequestParam(required = false) String campaignYear,
                @RequestParam(required = false) String name, @RequestParam(required = false) String kind,
                @RequestParam(required = false) String heldOn, RedirectAttributes redirect) {
    return act(id, redirect, "已保存比赛信息",
        () -> contests.update(id, version, new ContestService.ContestDraft(campaignYear, name, kind, heldOn)));
  }

  @PostMapping("/{id}/results")
  @PreAuthorize(Access.RUN_COMPETITION)
  String addResult(@PathVariable long id, @RequestParam int version, @RequestParam(required = false) String unitCode,
                   @RequestParam(required = false) String staffBadge, @RequestParam(required = false) String rank,
                   @RequestParam(required = false) String points, @RequestParam(required = false) String remark,
                   RedirectAttributes redirect) {
    return act(id, redirect, "已添加成绩",
        () -> contests.addResult(id, version, new ResultRules.Draft(unitCode, staffBadge, rank, points, remark)));
  }

  @PostMapping("/{id}/results/{resultId}")
  @PreAuthorize(Access.RUN_COMPETITION)
  String changeResult(@PathVariable long id, @PathVariable long resultId, @RequestParam int version,
                      @RequestParam(required = false) String unitCode, @RequestParam(required = false) String staffBadge,
                      @RequestParam(required = false) String rank, @RequestParam(required = false) String points,
                      @RequestParam(required = false) String remark, RedirectAttributes redirect) {
    return act(id, redirect, "已修改成绩",
        () -> contests.changeResult(id, version, resultId, new ResultRules.Draft(unitCode, staffBadge, rank, points, remark)));
  }

  @PostMapping("/{id}/results/{resultId}/remove")
  @PreAuthorize(Access.RUN_COMPETITION)
  String removeResult(@PathVariable long id, @PathVariable long resultId, @RequestParam int version, RedirectAttributes redirect) {
    return act(id, redirect, "已删除成绩", () -> contests.removeResult(id, version, resultId));
  }

  @PostMapping("/{id}/import")
  @PreAuthorize(Access.RUN_COMPETITION)
  String importResults(@PathVariable long id, @RequestParam int version, @RequestParam(name = "file", required = false) MultipartFile file,
                       Authentication auth, Model model) {
    contests.require(id);
    ContestImport.Report report;
    if (file == null || file.isEmpty()) {
      report = new ContestImport.Report(0, List.of("请选择要导入的文件（.xlsx 或 .csv）"));
    } else {
      try (InputStream in = file.getInputStream()) {
        report = imports.importFile(id, version, file.getOriginalFilename(), in);
      } catch (IOException e) {
        report = new ContestImport.Report(0, List.of("无法读取上传的文件，请重新上传"));
      }
    }
    return show(id, auth, report, model);
  }

  private String act(long id, RedirectAttributes redirect, String done, Runnable action) {
    try {
      action.run();
      redirect.addFlashAttribute("message", done);
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", ContestService.inFieldOrder(e.fieldErrors()));
    } catch (OptimisticLockingFailureException e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/contests/" + id;
  }

  private List<ResultRow> visibleResults(long contestId, Authentication auth) {
    return contests.results(contestId).stream().filter(r -> CurrentUser.maySee(auth, r.unitCode())).toList();
  }

  private static boolean mayEdit(Authentication auth) {
    return Access.runsCompetition(auth);
  }
}
