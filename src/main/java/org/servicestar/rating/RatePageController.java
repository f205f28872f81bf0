package org.servicestar.rating;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.servicestar.unit.Staff;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.PublicAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public's pages for a window (DESIGN.md {@code GET /rate/{unitCode}}): the mobile rating page its
 * QR code opens, the thank-you, the QR code itself and the printable A6 card. Plain HTML forms: they
 * work without JavaScript. A window that is unknown or inactive gets a clear page, not a stack trace.
 */
@Controller
class RatePageController {

  /** The form as the rater filled it in, shown again beside the problems. */
  record Form(String level, String staffBadge, String comment, String contactName, String contactPhone, String ref) {
  }

  private final UnitService units;
  private final StaffService staff;
  private final RatingIntake intake;
  private final ObjectProvider<PublishedCommitments> commitments;
  private final PublicAddress publicAddress;

  RatePageController(UnitService units, StaffService staff, RatingIntake intake, ObjectProvider<PublishedCommitments> commitments,
                     PublicAddress publicAddress) {
    this.units = units;
    this.staff = staff;
    this.intake = intake;
    this.commitments = commitments;
    this.publicAddress = publicAddress;
  }

  /** The absolute address of a window's rating page: what its QR code holds. */
  String rateUrl(String unitCode) {
    return publicAddress.link("/rate/" + unitCode);
  }

  @GetMapping("/rate/{unitCode}")
  String page(@PathVariable String unitCode, HttpServletRequest request, HttpServletResponse response, Model model) {
    Optional<Unit> unit = activeUnit(unitCode);
    if (unit.isEmpty()) {
      return unavailable(unitCode, response, model);
    }
    RaterCookie.ensure(request, response);
    noStore(response);
    return page(unit.get(), new Form(null, null, null, null, null, "qr-" + RatingHashes.randomToken(12)), Map.of(), null, model);
  }

  @PostMapping("/rate/{unitCode}")
  String rate(@PathVariable String unitCode, @RequestParam(required = false) String level,
              @RequestParam(required = false) String staffBadge, @RequestParam(required = false) String comment,
              @RequestParam(required = false) String contactName, @RequestParam(required = false) String contactPhone,
              @RequestParam(required = false) String ref, HttpServletRequest request, HttpServletResponse response, Model model) {
    Optional<Unit> unit = activeUnit(unitCode);
    if (unit.isEmpty()) {
      return unavailable(unitCode, response, model);
    }
    String token = RaterCookie.ensure(request, response);
    noStore(response);
    Form form = new Form(level, staffBadge, comment, contactName, contactPhone,
        ref != null && RatingRules.CLIENT_REF.matcher(ref).matches() ? ref : "qr-" + RatingHashes.randomToken(12));
    Map<String, String> typeErrors = new LinkedHashMap<>();
    Integer lvl = null;
    if (level != null && !level.isBlank()) {
      lvl = RatingLevel.parse(level).orElse(null);
      if (lvl == null) {
        typeErrors.put("level", "请选择五个评价等级之一");
      }
    }
    RatingDraft draft = new RatingDraft(unit.get().code(), lvl, RatingChannel.QR.name(), blankToNull(staffBadge), comment,
        contactName, contactPhone, form.ref(), null, null);
    RatingIntake.Outcome outcome = intake.submit(Sender.anonymous(request.getRemoteAddr(), token),
        new RatingIntake.Incoming(draft, typeErrors, null));
    if (outcome.status() != RatingIntake.Status.REFUSED) {
      return "redirect:/rate/" + unit.get().code() + "/thanks" + (RatingLevel.isBad(lvl) ? "?bad" : "");
    }
    Refusal refusal = outcome.refusal();
    response.setStatus(refusal.kind().httpStatus());
    if (refusal.kind() == Refusal.Kind.INVALID) {
      if (refusal.fields().containsKey("level")) {
        // "level" is what the JSON API calls it; the page says it plainly.
        Map<String, String> fields = new LinkedHashMap<>(refusal.fields());
        fields.put("level", "请选择您的评价：非常满意、满意、基本满意、不满意或非常不满意");
        return page(unit.get(), form, fields, null, model);
      }
      return page(unit.get(), form, refusal.fields(), null, model);
    }
    return page(unit.get(), form, Map.of(), refusal.message(), model);
  }

  @GetMapping("/rate/{unitCode}/thanks")
  String thanks(@PathVariable String unitCode, @RequestParam(required = false) String bad, HttpServletResponse response,
                Model model) {
    Optional<Unit> unit = activeUnit(unitCode);
    if (unit.isEmpty()) {
      return unavailable(unitCode, response, model);
    }
    model.addAttribute("unit", unit.get());
    model.addAttribute("bad", bad != null);
    model.addAttribute("assets", RatingConfiguration.PUBLIC_ASSETS);
    return "rating/thanks";
  }

  @GetMapping(path = "/rate/{unitCode}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
  ResponseEntity<byte[]> qr(@PathVariable String unitCode, @RequestParam(defaultValue = "" + QrCodes.DEFAULT_SIZE) int size) {
    if (activeUnit(unitCode).isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).build();
    }
    return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(1)).cachePublic())
        .body(QrCodes.png(rateUrl(unitCode), size));
  }

  /** A printable A6 card with the window's name, code and QR code (linked from the office's /ratings page). */
  @GetMapping("/rate/{unitCode}/card")
  String card(@PathVariable String unitCode, HttpServletResponse response, Model model) {
    Optional<Unit> unit = activeUnit(unitCode);
    if (unit.isEmpty()) {
      return unavailable(unitCode, response, model);
    }
    model.addAttribute("unit", unit.get());
    model.addAttribute("path", ancestors(unit.get()));
    model.addAttribute("url", rateUrl(unit.get().code()));
    model.addAttribute("addressMissing", !publicAddress.configured());
    model.addAttribute("levels", RatingLevel.choices());
    model.addAttribute("assets", RatingConfiguration.PUBLIC_ASSETS);
    return "rating/card";
  }

  private String page(Unit unit, Form form, Map<String, String> errors, String limitMessage, Model model) {
    model.addAttribute("unit", unit);
    model.addAttribute("path", ancestors(unit));
    model.addAttribute("staff", staff.ofUnit(unit.code()).stream().filter(Staff::active).toList());
    model.addAttribute("commitments", commitments.getIfAvailable(() -> code -> List.of()).of(unit.code()));
    model.addAttribute("levels", RatingLevel.choices());
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("limitMessage", limitMessage);
    model.addAttribute("maxComment", RatingRules.MAX_COMMENT);
    model.addAttribute("assets", RatingConfiguration.PUBLIC_ASSETS);
    return "rating/rate";
  }

  private String unavailable(String unitCode, HttpServletResponse response, Model model) {
    response.setStatus(HttpStatus.NOT_FOUND.value());
    Optional<Unit> unit = unitCode.length() > 64 ? Optional.empty() : units.byCode(unitCode);
    model.addAttribute("code", unitCode.length() > 64 ? unitCode.substring(0, 64) + "…" : unitCode);
    model.addAttribute("inactive", unit.isPresent());
    model.addAttribute("unitName", unit.map(Unit::name).orElse(null));
    model.addAttribute("assets", RatingConfiguration.PUBLIC_ASSETS);
    return "rating/unavailable";
  }

  private Optional<Unit> activeUnit(String unitCode) {
    if (unitCode == null || unitCode.length() > 64) {
      return Optional.empty();
    }
    return units.byCode(unitCode).filter(Unit::active);
  }

  /** The names above the unit, top first: "市税务局 · 办税服务厅". */
  private String ancestors(Unit unit) {
    List<String> names = new ArrayList<>();
    String parent = unit.parentCode();
    for (int depth = 0; parent != null && depth < 16; depth++) {
      Optional<Unit> p = units.byCode(parent);
      if (p.isEmpty()) {
        break;
      }
      names.add(p.get().name());
      parent = p.get().parentCode();
    }
    Collections.reverse(names);
    return String.join(" · ", names);
  }

  private static void noStore(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
