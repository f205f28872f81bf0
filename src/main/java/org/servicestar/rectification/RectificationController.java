package org.servicestar.rectification;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.servicestar.web.EvidenceFiles;
import org.servicestar.web.InvalidInputException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
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
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The rectification ledger (整改台账) {@code /rectifications} and each rectification's page
 * {@code /rectifications/{number}}: details, timeline, evidence files. The office, the inspectors and
 * the leading group see all; a unit's leads see their own unit's and upload its evidence.
 */
@Controller
@RequestMapping("/rectifications")
class RectificationController {

  private final RectificationLedger ledger;
  private final RectificationEvidence evidence;
  private final RectificationTimeline timeline;
  private final UnitService units;
  private final VetoRecords vetoes;
  private final RectifyTasks rectifyTasks;
  private final Clock clock;

  RectificationController(RectificationLedger ledger, RectificationEvidence evidence, RectificationTimeline timeline,
                          UnitService units, VetoRecords vetoes, RectifyTasks rectifyTasks, Clock clock) {
    this.rectifyTasks = rectifyTasks;
    this.clock = clock;
    this.ledger = ledger;
    this.evidence = evidence;
    this.timeline = timeline;
    this.units = units;
    this.vetoes = vetoes;
  }

  @GetMapping
  @PreAuthorize(Access.SIGNED_IN)
  String list(@RequestParam(required = false) String unit, @RequestParam(required = false) String status,
              Authentication auth, Model model) {
    boolean all = Access.oversees(auth);
    Set<String> led = CurrentUser.unitCodes(auth);
    model.addAttribute("noAccess", !all && led.isEmpty());
    RectificationStatus wanted = RectificationStatus.parse(status);
    List<Unit> visibleUnits = units.all().stream().filter(u -> all || led.contains(u.code())).toList();
    model.addAttribute("rows", ledger.list(all ? null : led, unit, wanted));
    model.addAttribute("now", LocalDateTime.now(clock));
    model.addAttribute("unit", unit == null ? "" : unit.strip());
    model.addAttribute("status", wanted == null ? "" : wanted.name());
    model.addAttribute("statuses", RectificationStatus.values());
    model.addAttribute("units", visibleUnits);
    model.addAttribute("unitNames", unitNames());
    return "rectification/list";
  }

  @GetMapping("/{number}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String show(@PathVariable String number, Authentication auth, Model model) {
    Rectification rectification = visible(number, auth);
    model.addAttribute("r", rectification);
    model.addAttribute("now", LocalDateTime.now(clock));
    model.addAttribute("unitName", units.byCode(rectification.unitCode()).map(Unit::name).orElse(rectification.unitCode()));
    model.addAttribute("timeline", timeline.of(rectification));
    model.addAttribute("openTasks", timeline.openTasks(rectification));
    model.addAttribute("files", evidence.of(rectification));
    model.addAttribute("vetoes", vetoes.ofSource(VetoSourceType.RECTIFICATION, rectification.number()));
    model.addAttribute("mayUpload", mayUpload(auth, rectification));
    model.addAttribute("mayRectify", rectifyTasks.mayRectify(auth, rectification));
    model.addAttribute("maxMegabytes", RectificationEvidence.MAX_BYTES / 1024 / 1024);
    return "rectification/show";
  }

  /**
   * One file, or several at once from the phone page (all or none stored); {@code back=rectify}
   * returns to that page ({@code /rectifications/{number}/rectify}).
   */
  @PostMapping("/{number}/evidence")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String upload(@PathVariable String number, @RequestParam(required = false) MultipartFile file,
                @RequestParam(required = false) String note, @RequestParam(required = false) String back,
                HttpServletRequest request, Authentication auth, RedirectAttributes redirect) throws IOException {
    Rectification rectification = visible(number, auth);
    if (!mayUpload(auth, rectification)) {
      throw new AccessDeniedException(rectification.status().open()
          ? "只有 " + rectification.unitCode() + " 的负责人可以上传证据" : "整改已验收，不能再上传证据");
    }
    List<MultipartFile> files = request instanceof MultipartHttpServletRequest multipart ? multipart.getFiles("file") : List.of();
    try {
      List<RectificationEvidence.EvidenceInfo> added = new ArrayList<>();
      if (files.size() > 1) {
        List<RectificationEvidence.Upload> uploads = new ArrayList<>();
        for (MultipartFile f : files) {
          uploads.add(new RectificationEvidence.Upload(f.getOriginalFilename(), f.getBytes()));
        }
        added.addAll(evidence.addAll(number, uploads, note, auth.getName()));
      } else {
        added.add(evidence.add(number, file == null ? null : file.getOriginalFilename(), file == null ? null : file.getBytes(), note,
            auth.getName()));
      }
      redirect.addFlashAttribute("message", "已上传 " + added.stream().map(a -> a.fileName() + "（" + a.size() + "）")
          .collect(Collectors.joining("、")));
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
    }
    return "redirect:/rectifications/" + rectification.number() + ("rectify".equals(back) ? "/rectify" : "") + "#evidence";
  }

  @GetMapping("/{number}/evidence/{id}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  ResponseEntity<byte[]> download(@PathVariable String number, @PathVariable long id, Authentication auth) {
    Rectification rectification = visible(number, auth);
    RectificationEvidence.EvidenceFile file = evidence.file(rectification, id).orElseThrow(() -> new NoSuchRectificationException(number + " 的证据 " + id));
    return EvidenceFiles.download(file.info().fileName(), file.info().contentType(), file.content());
  }

  private Rectification visible(String number, Authentication auth) {
    Rectification rectification = ledger.require(number);
    if (!CurrentUser.maySee(auth, rectification.unitCode())) {
      throw new AccessDeniedException("整改 " + number + " 仅对领导小组、办公室、督查组和 " + rectification.unitCode() + " 的负责人开放");
    }
    return rectification;
  }

  /** Only the leads of the unit concerned upload evidence, while the rectification is open. */
  private static boolean mayUpload(Authentication auth, Rectification rectification) {
    return rectification.status().open() && CurrentUser.leads(auth, rectification.unitCode());
  }

  private Map<String, String> unitNames() {
    return units.all().stream().collect(Collectors.toMap(Unit::code, Unit::name, (a, b) -> a));
  }
}
