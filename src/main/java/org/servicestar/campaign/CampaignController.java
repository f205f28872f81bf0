package org.servicestar.campaign;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Access;
import org.servicestar.web.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The campaigns: the office starts a year and runs it (early phase change, suspend, resume); others look on. */
@Controller
class CampaignController {

  private static final Map<String, String> CATEGORY_LABELS = Map.of("HALL", "优质服务大厅", "SECTION", "优质服务科室队所",
      "WINDOW", "优质服务窗口", "STAFF", "优质服务标兵", "COLLECTIVE", "先进集体", "MODEL", "两争当标兵");

  private final CampaignService campaigns;
  private final CampaignProcess process;
  private final CampaignPlans plans;
  private final AuditTrail audit;
  private final Clock clock;

  CampaignController(CampaignService campaigns, CampaignProcess process, CampaignPlans plans, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.campaigns = campaigns;
    this.process = process;
    this.plans = plans;
    this.audit = audit;
  }

  @GetMapping("/campaigns")
  @PreAuthorize(Access.OVERSEE)
  String list(Model model) {
    List<Campaign> all = campaigns.all();
    model.addAttribute("campaigns", all);
    model.addAttribute("missing", plans.missingPerYear());
    return "campaign/list";
  }

  @GetMapping("/campaigns/new")
  @PreAuthorize(Access.RUN_COMPETITION)
  String newCampaign(Model model) {
    int year = LocalDate.now(clock).getYear() + 1;
    Map<String, String> values = new HashMap<>(Map.of("year", String.valueOf(year), "name", year + " 年度优质服务竞赛活动",
        "mobilisationStart", year + "-01-04", "mobilisationEnd", year + "-02-28", "competitionStart", year + "-03-01",
        "competitionEnd", year + "-11-30", "assessmentStart", year + "-12-01", "assessmentEnd", year + "-12-31"));
    values.putAll(Map.of("publicityDays", "5", "weightInspection", "40", "weightDaily", "40", "weightSupervision", "20",
        "quota.HALL", "1", "quota.SECTION", "2", "quota.WINDOW", "5", "quota.STAFF", "10", "quota.COLLECTIVE", "2", "quota.MODEL", "3"));
    return form(model, values, Map.of());
  }

  @PostMapping("/campaigns")
  @PreAuthorize(Access.RUN_COMPETITION)
  String create(@RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
    Map<String, String> values = form.toSingleValueMap();
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Map<String, Integer> quotas = new LinkedHashMap<>();
    for (String category : CampaignService.AWARD_CATEGORIES) {
      Integer quota = integer(values.get("quota." + category), "quotas", errors);
      quotas.put(category, quota == null ? 0 : quota);
    }
    List<String> unitCodes = CampaignService.unitCodesOf(values.get("unitCodes"));
    Integer year = integer(values.get("year"), "year", errors);
    Integer publicity = integer(values.get("publicityDays"), "publicityDays", errors);
    CampaignService.CampaignDraft draft = new CampaignService.CampaignDraft(year == null ? 0 : year, values.get("name"),
        date(values, "mobilisationStart", errors), date(values, "mobilisationEnd", errors),
        date(values, "competitionStart", errors), date(values, "competitionEnd", errors),
        date(values, "assessmentStart", errors), date(values, "assessmentEnd", errors),
        publicity == null ? 0 : publicity, decimal(values, "weightInspection", errors), decimal(values, "weightDaily", errors),
        decimal(values, "weightSupervision", errors), quotas, unitCodes.isEmpty() ? null : unitCodes);
    try {
      errors.throwIfAny();
      Campaign campaign = process.start(draft);
      redirect.addFlashAttribute("message", "已发起 " + campaign.name() + "：各参赛单位已收到“提交实施方案”任务。");
      return "redirect:/campaigns/" + campaign.campaignYear();
    } catch (InvalidInputException e) {
      return form(model, values, e.fieldErrors());
    }
  }

  private String form(Model model, Map<String, String> values, Map<String, String> errors) {
    model.addAttribute("values", values);
    model.addAttribute("errors", errors);
    model.addAttribute("categories", CATEGORY_LABELS);
    model.addAttribute("categoryOrder", CampaignService.AWARD_CATEGORIES);
    return "campaign/new";
  }

  @GetMapping("/campaigns/{year}")
  @PreAuthorize(Access.OVERSEE)
  String show(@PathVariable int year, Model model) {
    Campaign campaign = campaigns.ofYear(year)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有 " + year + " 年的竞赛活动"));
    List<CampaignPlan> yearPlans = plans.ofYear(year);
    model.addAttribute("campaign", campaign);
    model.addAttribute("running", process.isRunning(campaign));
    model.addAttribute("quotas", campaigns.quotasOf(campaign.id()));
    model.addAttribute("categories", CATEGORY_LABELS);
    model.addAttribute("participants", campaigns.participantsOf(campaign));
    model.addAttribute("plans", yearPlans);
    model.addAttribute("plansApproved", yearPlans.stream().filter(p -> PlanStatus.APPROVED.name().equals(p.status())).count());
    model.addAttribute("plansMissing", yearPlans.stream().filter(CampaignPlan::flaggedMissing).count());
    model.addAttribute("commitmentsMissing", yearPlans.stream().filter(CampaignPlan::flaggedCommitmentsMissing).count());
    // The award approval's steps too (award-{year}): who nominated, changed, voted, objected, verified, published.
    List<AuditTrail.Entry> history = new java.util.ArrayList<>(audit.of(campaign.code(), 100));
    history.addAll(audit.of("award-" + year, 200));
    history.sort(java.util.Comparator.comparing(AuditTrail.Entry::at).reversed());
    model.addAttribute("history", history);
    return "campaign/show";
  }

  /** Ends the current phase early: without a reason 400 naming the field {@code reason}, nothing changed. */
  @PostMapping("/campaigns/{year}/advance")
  @PreAuthorize(Access.RUN_COMPETITION)
  String advance(@PathVariable int year, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
    String why = CampaignProcess.checkedReason(reason);
    try {
      process.advance(year, why);
      redirect.addFlashAttribute("message", "已进入下一阶段。");
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
    }
    return "redirect:/campaigns/" + year;
  }

  @PostMapping("/campaigns/{year}/{action:start|suspend|resume}")
  @PreAuthorize(Access.RUN_COMPETITION)
  String act(@PathVariable int year, @PathVariable String action, RedirectAttributes redirect) {
    try {
      switch (action) {
        case "start" -> process.startExisting(year);
        case "suspend" -> process.suspend(year);
        default -> process.resume(year);
      }
      redirect.addFlashAttribute("message", switch (action) {
        case "start" -> "活动已开始运行：各参赛单位已收到“提交实施方案”任务。";
        case "suspend" -> "活动已暂停：任务不能办理，定时器不会触发，恢复后继续，什么都不会丢失。";
        default -> "活动已恢复；暂停期间到期的阶段现在转入下一阶段。";
      });
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
    }
    return "redirect:/campaigns/" + year;
  }

  private static Integer integer(String text, String field, InvalidInputException.Collector errors) {
    try {
      return text == null || text.isBlank() ? null : Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      errors.add(field, "“" + text + "”不是整数");
      return null;
    }
  }

  private static BigDecimal decimal(Map<String, String> values, String field, InvalidInputException.Collector errors) {
    String text = values.get(field);
    try {
      return text == null || text.isBlank() ? null : new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      errors.add("weights", "“" + text + "”不是数字");
      return null;
    }
  }

  private static LocalDate date(Map<String, String> values, String field, InvalidInputException.Collector errors) {
    String text = values.get(field);
    try {
      return text == null || text.isBlank() ? null : LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      errors.add(field, "日期格式应为 年-月-日，如 2027-03-31");
      return null;
    }
  }
}
