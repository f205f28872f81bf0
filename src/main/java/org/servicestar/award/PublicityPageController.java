package org.servicestar.award;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TooManyRequestsException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /publicity/{year}} (DESIGN.md, public): the approved nominees under publicity with the
 * objection form, the form's answer and the objector's own look-up. Plain HTML forms that work on a
 * phone without JavaScript; the hotline and scripts use the JSON twin in ObjectionApiController.
 */
@Controller
class PublicityPageController {

  /** The form as the objector filled it in, shown again beside the problems. */
  record Form(String nomineeId, String name, String phone, String content, String clientRef) {
  }

  private final PublishedAwards awards;
  private final ObjectionIntake intake;
  private final Clock clock;

  PublicityPageController(PublishedAwards awards, ObjectionIntake intake, Clock clock) {
    this.clock = clock;
    this.awards = awards;
    this.intake = intake;
  }

  @GetMapping("/publicity/{year:\\d{4}}")
  String page(@PathVariable int year, HttpServletResponse response, Model model) {
    noStore(response);
    return render(year, emptyForm(), Map.of(), null, response, model);
  }

  @PostMapping(path = "/publicity/{year:\\d{4}}/objections", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  String object(@PathVariable int year, @RequestParam(required = false) String nomineeId,
                @RequestParam(required = false) String name, @RequestParam(required = false) String phone,
                @RequestParam(required = false) String content, @RequestParam(required = false) String clientRef,
                HttpServletRequest request, HttpServletResponse response, Model model) {
    noStore(response);
    Form form = new Form(nomineeId, name, phone, content,
        clientRef == null || clientRef.isBlank() ? emptyForm().clientRef() : clientRef);
    ObjectionIntake.Submission submission = new ObjectionIntake.Submission(nomineeId, name, phone, content, clientRef);
    try {
      ObjectionIntake.Receipt receipt = submitOnce(intake, year, submission, request.getRemoteAddr());
      model.addAttribute("year", year);
      model.addAttribute("number", receipt.number());
      model.addAttribute("duplicate", receipt.duplicate());
      return "award/public/objection-received";
    } catch (InvalidInputException e) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return render(year, form, e.fieldErrors(), null, response, model);
    } catch (ObjectionIntake.Refused e) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return render(year, form, Map.of(), e.getMessage(), response, model);
    } catch (TooManyRequestsException e) {
      response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
      response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
      return render(year, form, Map.of(), e.getMessage(), response, model);
    }
  }

  /** The objector's look-up: the number from the thank-you page and the phone they left. */
  @GetMapping("/publicity/{year:\\d{4}}/objections/{number}")
  String status(@PathVariable int year, @PathVariable String number, @RequestParam(required = false) String phone,
                HttpServletResponse response, Model model) {
    noStore(response);
    Optional<ObjectionIntake.Status> status = intake.status(year, number, phone);
    model.addAttribute("year", year);
    model.addAttribute("number", number.length() > 20 ? number.substring(0, 20) : number);
    model.addAttribute("asked", phone != null && !phone.isBlank());
    model.addAttribute("status", status.orElse(null));
    if (status.isEmpty()) {
      // Same answer for an unknown number and a wrong phone: never confirm that someone else objected.
      response.setStatus(HttpStatus.NOT_FOUND.value());
    }
    return "award/public/objection-status";
  }

  /** The look-up form on the publicity page sends the number as a parameter. */
  @GetMapping("/publicity/{year:\\d{4}}/objections")
  String lookUp(@PathVariable int year, @RequestParam(required = false) String number, @RequestParam(required = false) String phone,
                HttpServletResponse response, Model model) {
    return status(year, number == null ? "" : number.strip(), phone, response, model);
  }

  /** Stores once; the same clientRef sent twice at the same moment: the other request stored it. */
  static ObjectionIntake.Receipt submitOnce(ObjectionIntake intake, int year, ObjectionIntake.Submission submission,
                                           String clientAddress) {
    try {
      return intake.submit(year, submission, clientAddress);
    } catch (DuplicateKeyException e) {
      return intake.submit(year, submission, clientAddress);
    }
  }

  private String render(int year, Form form, Map<String, String> errors, String refusal, HttpServletResponse response,
                        Model model) {
    model.addAttribute("year", year);
    Optional<PublishedAwards.Round> round = awards.round(year).filter(PublishedAwards.Round::publicityOrLater);
    if (round.isEmpty()) {
      response.setStatus(HttpStatus.NOT_FOUND.value());
      model.addAttribute("message", "该年度评优尚未进入公示");
      model.addAttribute("refusal", refusal);
      return "award/public/notice";
    }
    if (!round.get().inPublicity()) {
      model.addAttribute("message", "公示期已结束，见评选结果");
      model.addAttribute("resultsLink", true);
      model.addAttribute("refusal", refusal);
      return "award/public/notice";
    }
    PublishedAwards.Round r = round.get();
    List<PublishedAwards.Group> groups = awards.underPublicity(r);
    model.addAttribute("round", r);
    model.addAttribute("groups", groups);
    model.addAttribute("nominees", groups.stream().flatMap(g -> g.nominees().stream()).toList());
    model.addAttribute("withdrawn", awards.withdrawn(r));
    model.addAttribute("start", r.publicityStart() == null ? null : ObjectionIntake.day(r.publicityStart()));
    model.addAttribute("end", r.publicityEnd() == null ? null : ObjectionIntake.day(r.publicityEnd()));
    boolean open = r.acceptsObjectionsOn(LocalDate.now(clock));
    model.addAttribute("open", open);
    model.addAttribute("closedMessage", open ? null : ObjectionIntake.closedMessage(r));
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("refusal", refusal);
    model.addAttribute("maxContent", ObjectionIntake.MAX_CONTENT);
    return "award/public/publicity";
  }

  private static Form emptyForm() {
    // A fresh reference per page: pressing "submit" twice, or reloading the answer, stores one objection.
    return new Form(null, null, null, null, "gs-" + java.util.UUID.randomUUID());
  }

  private static void noStore(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
  }
}
