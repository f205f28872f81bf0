package org.servicestar.inspection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A campaign's 看听查访 score sheet: the office and administrators change its items and maxima, the
 * leading group and the inspectors read it. Saved all or nothing; each bad row is named.
 */
@Controller
class InspectionSheetController {

  /** Empty rows under the sheet for new items. */
  static final int SPARE_ROWS = 3;

  private final InspectionSheet sheets;
  private final CampaignService campaigns;

  InspectionSheetController(InspectionSheet sheets, CampaignService campaigns) {
    this.sheets = sheets;
    this.campaigns = campaigns;
  }

  @GetMapping("/campaigns/{year}/inspection-sheet")
  @PreAuthorize(Access.OVERSEE)
  String show(@PathVariable int year, Authentication auth, Model model) {
    requireCampaign(year);
    List<InspectionSheet.Row> rows = new ArrayList<>(sheets.of(year).stream()
        .map(i -> new InspectionSheet.Row(i.dimension().name(), i.label(), i.maxScore().stripTrailingZeros().toPlainString()))
        .toList());
    return page(year, rows, Map.of(), auth, model);
  }

  @PostMapping("/campaigns/{year}/inspection-sheet")
  @PreAuthorize(Access.RUN_COMPETITION)
  String save(@PathVariable int year, HttpServletRequest request, Authentication auth, Model model, RedirectAttributes redirect) {
    requireCampaign(year);
    // The raw values: Spring's list binding would split a single label at its commas.
    String[] dimensions = request.getParameterValues("dimension");
    String[] labels = request.getParameterValues("label");
    String[] maxima = request.getParameterValues("maxScore");
    List<InspectionSheet.Row> rows = new ArrayList<>();
    int n = Math.max(size(dimensions), Math.max(size(labels), size(maxima)));
    for (int i = 0; i < n; i++) {
      rows.add(new InspectionSheet.Row(at(dimensions, i), at(labels, i), at(maxima, i)));
    }
    try {
      sheets.replace(year, rows);
    } catch (InvalidInputException e) {
      model.addAttribute("error", "评分表未保存，请改正标出的问题后重新提交。");
      return page(year, rows, e.fieldErrors(), auth, model);
    }
    redirect.addFlashAttribute("message", year + " 年度的看听查访评分表已保存；已开始的检查仍按开始时的评分表打分。");
    return "redirect:/campaigns/" + year + "/inspection-sheet";
  }

  @PostMapping("/campaigns/{year}/inspection-sheet/reset")
  @PreAuthorize(Access.RUN_COMPETITION)
  String reset(@PathVariable int year, RedirectAttributes redirect) {
    requireCampaign(year);
    sheets.reset(year);
    redirect.addFlashAttribute("message", year + " 年度已恢复默认评分表。");
    return "redirect:/campaigns/" + year + "/inspection-sheet";
  }

  private String page(int year, List<InspectionSheet.Row> rows, Map<String, String> errors, Authentication auth, Model model) {
    List<InspectionSheet.Row> withSpare = new ArrayList<>(rows);
    for (int i = 0; i < SPARE_ROWS; i++) {
      withSpare.add(new InspectionSheet.Row(null, null, null));
    }
    model.addAttribute("year", year);
    model.addAttribute("rows", withSpare);
    model.addAttribute("errors", errors);
    model.addAttribute("dimensions", Dimension.values());
    model.addAttribute("isDefault", sheets.isDefault(year));
    model.addAttribute("total", InspectionSheet.total(sheets.of(year)).stripTrailingZeros().toPlainString());
    model.addAttribute("mayEdit", Access.runsCompetition(auth));
    return "inspection/sheet";
  }

  private void requireCampaign(int year) {
    if (campaigns.ofYear(year).isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "没有 " + year + " 年的竞赛活动");
    }
  }

  private static int size(String[] values) {
    return values == null ? 0 : values.length;
  }

  private static String at(String[] values, int i) {
    return values == null || i >= values.length ? null : values[i];
  }
}
