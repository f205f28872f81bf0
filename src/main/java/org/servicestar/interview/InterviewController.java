package org.servicestar.interview;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.servicestar.web.EvidenceFiles;
import org.servicestar.web.InvalidInputException;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /interviews}: the 约谈 cases. The office, the inspectors and the leading group see all; a
 * window's leads see their own window's. The office uploads the interview's record (files) while the
 * interview is not yet recorded; everyone who sees the case opens them.
 */
@Controller
@RequestMapping("/interviews")
class InterviewController {

  /** One step of a case's timeline: when, who, what, details. */
  record Step(LocalDateTime at, String actor, String what, String detail) {
  }

  private final Interviews interviews;
  private final InterviewEvidence evidence;

  InterviewController(Interviews interviews, InterviewEvidence evidence) {
    this.interviews = interviews;
    this.evidence = evidence;
  }

  @GetMapping
  @PreAuthorize(Access.VIEW_COMPETITION)
  String list(@RequestParam(required = false) String status, Authentication auth, Model model) {
    InterviewStatus wanted = InterviewStatus.parse(status);
    model.addAttribute("cases", interviews.recent(500).stream().filter(c -> CurrentUser.maySee(auth, c.unitCode()))
        .filter(c -> wanted == null || c.status() == wanted).toList());
    model.addAttribute("status", wanted);
    return "interview/list";
  }

  @GetMapping("/{number}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String show(@PathVariable String number, Authentication auth, Model model) {
    InterviewCase c = visible(number, auth);
    List<InterviewEvidence.EvidenceInfo> files = evidence.of(c);
    model.addAttribute("c", c);
    model.addAttribute("files", files);
    model.addAttribute("timeline", timeline(c, files));
    model.addAttribute("mayUpload", mayUpload(auth, c));
    return "interview/show";
  }

  @PostMapping("/{number}/evidence")
  @PreAuthorize(Access.RUN_COMPETITION)
  String upload(@PathVariable String number, @RequestParam(required = false) MultipartFile file,
                @RequestParam(required = false) String note, Authentication auth, RedirectAttributes redirect) throws IOException {
    InterviewCase c = visible(number, auth);
    try {
      InterviewEvidence.EvidenceInfo added = evidence.add(c, file == null ? null : file.getOriginalFilename(),
          file == null ? null : file.getBytes(), note, auth.getName());
      redirect.addFlashAttribute("message", "已上传 " + added.fileName() + "（" + added.size() + "）");
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
    }
    return "redirect:/interviews/" + c.number() + "#evidence";
  }

  @GetMapping("/{number}/evidence/{id}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  ResponseEntity<byte[]> download(@PathVariable String number, @PathVariable long id, Authentication auth) {
    InterviewCase c = visible(number, auth);
    InterviewEvidence.EvidenceFile file = evidence.file(c, id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "约谈 " + number + " 没有文件 " + id));
    return EvidenceFiles.download(file.info().fileName(), file.info().contentType(), file.content());
  }

  private InterviewCase visible(String number, Authentication auth) {
    InterviewCase c = interviews.byNumber(number)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有编号为 " + number + " 的约谈"));
    if (!CurrentUser.maySee(auth, c.unitCode())) {
      throw new AccessDeniedException("约谈 " + number + " 仅对领导小组、办公室、督查组和 " + c.unitCode() + " 的负责人开放");
    }
    return c;
  }

  /** The office uploads the interview's record until the interview is recorded. */
  private static boolean mayUpload(Authentication auth, InterviewCase c) {
    return Access.runsCompetition(auth) && c.status() == InterviewStatus.AWAITING_INTERVIEW;
  }

  /** Who did what when, oldest first. */
  static List<Step> timeline(InterviewCase c, List<InterviewEvidence.EvidenceInfo> files) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(c.openedAt(), "系统", "立案", c.flagText() + "（" + c.flagPlace() + "），待办公室约谈"));
    for (InterviewEvidence.EvidenceInfo f : files) {
      steps.add(new Step(f.uploadedAt(), f.uploadedBy(), "上传约谈记录", f.fileName() + "（" + f.size() + "）"
          + (f.note() == null ? "" : "：" + f.note())));
    }
    if (c.heldAt() != null) {
      steps.add(new Step(c.heldAt(), c.heldBy(), "记录约谈", "约谈日期 " + c.heldOn() + "；参加人员：" + c.participants()));
    }
    if (c.confirmedAt() != null) {
      steps.add(new Step(c.confirmedAt(), c.confirmedBy(), "确认整改承诺",
          (c.confirmationNote() == null ? "" : c.confirmationNote() + "；") + "跟踪 " + c.followYear() + "年" + c.followMonth() + "月排名"));
    }
    if (c.checkedAt() != null) {
      steps.add(new Step(c.checkedAt(), "系统", "核对跟踪月排名", c.statusLabel() + "：" + c.followPlace()));
    }
    steps.sort(Comparator.comparing(Step::at));
    return steps;
  }
}
