package org.servicestar.complaint;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
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
 * The complaint register and each complaint's timeline (Cockpit's history views are enterprise-only).
 * Office, inspectors and the leading group see every complaint; a unit's leads see their unit's,
 * without the complainant's contact.
 */
@Controller
class ComplaintController {

  private final ComplaintService complaints;
  private final HistoryService historyService;
  private final RectificationLedger rectifications;

  ComplaintController(ComplaintService complaints, HistoryService historyService, RectificationLedger rectifications) {
    this.complaints = complaints;
    this.historyService = historyService;
    this.rectifications = rectifications;
  }

  @GetMapping("/complaints")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String list(@RequestParam(required = false) String unit, @RequestParam(required = false) String status,
              Authentication auth, Model model) {
    Set<String> own = CurrentUser.unitCodes(auth);
    List<Complaint> rows;
    if (Access.oversees(auth)) {
      rows = complaints.recent(blankToNull(unit), blankToNull(status), 500);
    } else {
      rows = own.stream().flatMap(code -> complaints.recent(code, blankToNull(status), 500).stream())
          .sorted(Comparator.comparing(Complaint::id).reversed()).toList();
    }
    model.addAttribute("complaints", rows);
    model.addAttribute("statuses", ComplaintStatus.values());
    model.addAttribute("unit", unit);
    model.addAttribute("status", status);
    return "complaint/list";
  }

  @GetMapping("/complaints/{number}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String show(@PathVariable String number, Authentication auth, Model model) {
    Complaint complaint = visible(number, auth);
    List<HistoricTaskInstance> tasks = complaint.processInstanceId() == null ? List.of()
        : historyService.createHistoricTaskInstanceQuery().processInstanceBusinessKey(number)
            .orderByHistoricActivityInstanceStartTime().asc().list();
    model.addAttribute("complaint", complaint);
    model.addAttribute("events", complaints.timeline(complaint));
    model.addAttribute("rectifications", rectifications.ofSource("COMPLAINT", number));
    model.addAttribute("tasks", tasks);
    model.addAttribute("showContact", Access.seesContacts(auth));
    model.addAttribute("namedStaff", complaints.namedStaff(complaint.staffBadge()));
    model.addAttribute("mayAppeal", "RATING".equals(complaint.source()) && !complaint.reviewExcluded()
        && CurrentUser.mayAppeal(auth, complaint.unitCode()));
    return "complaint/show";
  }

  @PostMapping("/complaints/{number}/appeal")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String appeal(@PathVariable String number, @RequestParam(required = false) String badgeNo,
                @RequestParam(required = false) String reason, Authentication auth, RedirectAttributes redirect) {
    Complaint complaint = visible(number, auth);
    if (!CurrentUser.mayAppeal(auth, complaint.unitCode())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "只有本单位负责人或办公室可以提出申诉");
    }
    try {
      complaints.appeal(number, badgeNo, reason);
      redirect.addFlashAttribute("message", "申诉已提交，督查人员将在 5 个工作日内复核");
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
    }
    return "redirect:/complaints/" + number;
  }

  private Complaint visible(String number, Authentication auth) {
    Complaint complaint = complaints.byNumber(number)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有编号为 " + number + " 的投诉"));
    if (!CurrentUser.maySee(auth, complaint.unitCode())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN);
    }
    return complaint;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
