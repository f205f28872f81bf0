package org.servicestar.rating;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.servicestar.security.Access;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.PublicAddress;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The office's ratings pages: the figures of a unit and its sub-units over a period (office, leading
 * group, inspectors), the QR codes and cards of its windows, the latest ratings, the rating pads' keys,
 * and the typing-in of paper forms (评议表), suggestion-box entries (意见箱) and hotline ratings.
 */
@Controller
class RatingsController {

  static final int LATEST = 50;
  static final List<RatingChannel> OFFICE_CHANNELS = List.of(RatingChannel.FORM, RatingChannel.BOX, RatingChannel.HOTLINE);

  /** One row of the QR code table: a unit of the subtree and its depth under the chosen unit. */
  record UnitRow(Unit unit, int depth) {
  }

  /** The entry form as typed. */
  record Entry(String unitCode, String channel, String level, String ratedDate, String staffBadge, String comment,
               String contactName, String contactPhone, String serial) {
  }

  private final RatingFigures figures;
  private final RatingLedger ledger;
  private final RatingDevices devices;
  private final RatingIntake intake;
  private final UnitService units;
  private final Clock clock;
  private final PublicAddress publicAddress;
  /** The Excel import needs the unit feature's ImportTable; until it is there, its links are not shown. */
  private final boolean importAvailable;

  RatingsController(RatingFigures figures, RatingLedger ledger, RatingDevices devices, RatingIntake intake, UnitService units,
                    Clock clock, PublicAddress publicAddress, ListableBeanFactory beans) {
    this.figures = figures;
    this.ledger = ledger;
    this.devices = devices;
    this.intake = intake;
    this.units = units;
    this.clock = clock;
    this.publicAddress = publicAddress;
    this.importAvailable = beans.containsBeanDefinition("ratingImportController");
  }

  @org.springframework.web.bind.annotation.ModelAttribute("importAvailable")
  boolean importAvailable() {
    return importAvailable;
  }

  /** The overview links to each window's printable card: it warns when the cards would point to localhost. */
  @org.springframework.web.bind.annotation.ModelAttribute("publicAddress")
  PublicAddress publicAddress() {
    return publicAddress;
  }

  @GetMapping("/ratings")
  @PreAuthorize(Access.OVERSEE)
  String overview(@RequestParam(required = false) String unit, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, Model model) {
    LocalDate today = LocalDate.now(clock);
    String code = RatingRules.trim(unit);
    Map<String, String> errors = new LinkedHashMap<>();
    LocalDate fromDay = date(from, today.withDayOfYear(1), "from", errors);
    LocalDate toDay = date(to, today, "to", errors);
    model.addAttribute("unit", code);
    model.addAttribute("from", fromDay);
    model.addAttribute("to", toDay);
    model.addAttribute("units", units.all());
    model.addAttribute("levels", RatingLevel.choices());
    model.addAttribute("channels", RatingChannel.values());
    if (errors.isEmpty()) {
      try {
        RatingFigures.Figures f = figures.of(code, fromDay, toDay);
        model.addAttribute("figures", f);
        model.addAttribute("basicallySatisfiedRate", f.basicallySatisfiedRate().map(r -> r + " %").orElse("—"));
        model.addAttribute("satisfiedRate", f.satisfiedRate().map(r -> r + " %").orElse("—"));
        model.addAttribute("latest", ledger.latest(code, fromDay, toDay, LATEST));
        model.addAttribute("subtree", code == null ? List.of() : subtree(code));
      } catch (InvalidInputException e) {
        errors.putAll(e.fieldErrors());
      }
    }
    model.addAttribute("errors", errors);
    return "rating/overview";
  }

  @PostMapping("/ratings/{id}/exclude")
  @PreAuthorize(Access.RUN_COMPETITION)
  String exclude(@PathVariable long id, @RequestParam(required = false) String reason, @RequestParam(required = false) String back,
                 RedirectAttributes redirect) {
    try {
      ledger.exclude(id, reason);
      redirect.addFlashAttribute("message", "评价 #" + id + " 已排除，不再计入任何统计");
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
    }
    return "redirect:/ratings" + (back != null && back.startsWith("?") && !back.contains("\n") ? back : "");
  }

  // ---- rating pads ----

  @GetMapping("/ratings/devices")
  @PreAuthorize(Access.RUN_COMPETITION)
  String devices(HttpServletResponse response, Model model) {
    // The page may carry a new key (once): never cached.
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("devices", devices.all());
    model.addAttribute("units", units.active());
    if (!model.containsAttribute("errors")) {
      model.addAttribute("errors", Map.of());
    }
    return "rating/devices";
  }

  @PostMapping("/ratings/devices")
  @PreAuthorize(Access.RUN_COMPETITION)
  String issue(@RequestParam(required = false) String unitCode, @RequestParam(required = false) String label,
               RedirectAttributes redirect) {
    try {
      RatingDevices.Issued issued = devices.issue(unitCode, label);
      redirect.addFlashAttribute("issued", issued);
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("errors", e.fieldErrors());
      redirect.addFlashAttribute("unitCode", unitCode);
      redirect.addFlashAttribute("label", label);
    }
    return "redirect:/ratings/devices";
  }

  @PostMapping("/ratings/devices/{id}/revoke")
  @PreAuthorize(Access.RUN_COMPETITION)
  String revoke(@PathVariable long id, RedirectAttributes redirect) {
    try {
      RatingDevice device = devices.revoke(id);
      redirect.addFlashAttribute("message", "已吊销“" + device.unitName() + "”的评价器“" + device.label() + "”的密钥，它提交的评价将被拒收");
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
    }
    return "redirect:/ratings/devices";
  }

  // ---- paper forms, suggestion box, hotline: typed in one by one ----

  @GetMapping("/ratings/entry")
  @PreAuthorize(Access.RUN_COMPETITION)
  String entry(@RequestParam(required = false) String unitCode, @RequestParam(required = false) String channel,
               @RequestParam(required = false) String ratedDate, Model model) {
    Entry entry = new Entry(unitCode, channel == null ? RatingChannel.FORM.name() : channel, null,
        ratedDate == null ? LocalDate.now(clock).toString() : ratedDate, null, null, null, null, null);
    return entryPage(entry, Map.of(), model);
  }

  @PostMapping("/ratings/entry")
  @PreAuthorize(Access.RUN_COMPETITION)
  String enter(Entry entry, Authentication auth, HttpServletRequest request, HttpServletResponse response, Model model,
               RedirectAttributes redirect) {
    Map<String, String> typeErrors = new LinkedHashMap<>();
    Integer level = null;
    if (entry.level() != null && !entry.level().isBlank()) {
      level = RatingLevel.parse(entry.level()).orElse(null);
      if (level == null) {
        typeErrors.put("level", "请选择评价等级");
      }
    }
    RatingChannel channel = RatingChannel.parse(entry.channel()).orElse(null);
    if (channel != null && !channel.byOffice()) {
      typeErrors.put("channel", "这里只能录入评议表、意见箱和热线回访的评价");
    }
    RatingDraft draft = new RatingDraft(entry.unitCode(), level, entry.channel(), entry.staffBadge(), entry.comment(),
        entry.contactName(), entry.contactPhone(), entry.serial(), entry.ratedDate(), null);
    RatingIntake.Outcome outcome = intake.submit(Sender.office(auth.getName(), request.getRemoteAddr()),
        new RatingIntake.Incoming(draft, typeErrors, null));
    switch (outcome.status()) {
      case ACCEPTED -> redirect.addFlashAttribute("message", "已录入评价 #" + outcome.id() + "（" + RatingLevel.label(level) + "）"
          + (outcome.complaintNumber() != null ? "；差评已转为投诉 " + outcome.complaintNumber() : ""));
      case DUPLICATE -> redirect.addFlashAttribute("message", "编号 " + entry.serial().trim() + " 的评价此前已录入（#" + outcome.id() + "），未重复记录");
      default -> {
        response.setStatus(outcome.refusal().kind().httpStatus());
        Map<String, String> errors = outcome.refusal().fields().isEmpty() ? Map.of("form", outcome.refusal().message())
            : renameForEntry(outcome.refusal().fields());
        return entryPage(entry, errors, model);
      }
    }
    // The next form keeps the window, the source and the date: a pile of forms is typed in one after another.
    redirect.addAttribute("unitCode", entry.unitCode().trim());
    redirect.addAttribute("channel", entry.channel().trim());
    if (entry.ratedDate() != null && !entry.ratedDate().isBlank()) {
      redirect.addAttribute("ratedDate", entry.ratedDate().trim());
    }
    return "redirect:/ratings/entry";
  }

  private String entryPage(Entry entry, Map<String, String> errors, Model model) {
    model.addAttribute("entry", entry);
    model.addAttribute("errors", errors);
    model.addAttribute("units", units.active());
    model.addAttribute("channels", OFFICE_CHANNELS);
    model.addAttribute("levels", RatingLevel.choices());
    return "rating/entry";
  }

  /** The API's field names as the entry form calls them. */
  private static Map<String, String> renameForEntry(Map<String, String> fields) {
    Map<String, String> renamed = new LinkedHashMap<>();
    fields.forEach((field, message) -> renamed.put(switch (field) {
      case "ratedAt" -> "ratedDate";
      case "clientRef" -> "serial";
      default -> field;
    }, "clientRef".equals(field) ? "表单编号须为 1–64 位字母、数字或 . _ : -" : message));
    return renamed;
  }

  /** The chosen unit and every unit under it, depth first, in code order. */
  private List<UnitRow> subtree(String code) {
    return units.tree().subtree(code).stream().map(p -> new UnitRow(p.unit(), p.depth())).toList();
  }

  private static LocalDate date(String text, LocalDate fallback, String field, Map<String, String> errors) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      errors.put(field, "日期须为 yyyy-MM-dd 格式，如 2026-03-01");
      return fallback;
    }
  }
}
