package org.servicestar.rectification;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.servicestar.calendar.Workdays;
import org.servicestar.engine.AnswerRefused;
import org.servicestar.engine.FormPage;
import org.servicestar.engine.TaskWork;
import org.servicestar.rectification.RectificationIds.Vars;
import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.servicestar.security.TaskEditRefused;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.RefusedForPeople;
import org.servicestar.web.TaskConflictException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /rectifications/{number}/rectify}: a unit's lead works the rectification's 整改落实 on a
 * phone — reads the finding, photographs and uploads evidence, submits the result or asks for more
 * time. The same task with the same checks as in Tasklist: the fields and their rules come from the
 * task's deployed form, and the page completes the task as the lead through the engine, whose
 * security.CaseIntegrity lets through only that form's fields. Linked from messages and the start page.
 */
@Controller
class RectifyController {

  static final String NO_TASK = "整改 %s 当前没有待办理的整改落实（状态：%s），无需再提交。";

  private final RectificationLedger ledger;
  private final RectificationEvidence evidence;
  private final RectifyTasks rectifyTasks;
  private final TaskWork work;
  private final TaskService tasks;
  private final UnitService units;
  private final Workdays workdays;
  private final Clock clock;

  RectifyController(RectificationLedger ledger, RectificationEvidence evidence, RectifyTasks rectifyTasks, TaskWork work,
                    TaskService tasks, UnitService units, Workdays workdays, Clock clock) {
    this.clock = clock;
    this.ledger = ledger;
    this.evidence = evidence;
    this.rectifyTasks = rectifyTasks;
    this.work = work;
    this.tasks = tasks;
    this.units = units;
    this.workdays = workdays;
  }

  @GetMapping("/rectifications/{number}/rectify")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String page(@PathVariable String number, Authentication auth, Model model) {
    Rectification r = forLead(number, auth);
    Optional<Task> task = taskOf(r, auth);
    FormPage form = task.map(rectifyTasks::form).orElse(null);
    Map<String, String> entered = task.isEmpty() ? Map.of() : form.initial(variables(task.get(), form));
    return show(model, r, task.orElse(null), form, entered, Map.of(), null, auth);
  }

  @PostMapping("/rectifications/{number}/rectify")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String submit(@PathVariable String number, Authentication auth, HttpServletRequest request, HttpServletResponse response,
                Model model, RedirectAttributes redirect) {
    Rectification r = forLead(number, auth);
    Optional<Task> open = taskOf(r, auth);
    if (open.isEmpty()) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return show(model, r, null, null, Map.of(), Map.of(), NO_TASK.formatted(r.number(), r.status().label()), auth);
    }
    Task task = open.get();
    FormPage form = rectifyTasks.form(task);
    if (!form.unsupported().isEmpty()) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return show(model, r, task, form, Map.of(), Map.of(), "请在任务列表中办理。", auth);
    }
    FormPage.Reading reading = form.read(request.getParameterMap(), Set.of(csrfParameter(request)), workdays.today());
    if (!reading.problems().isEmpty()) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return show(model, r, task, form, reading.entered(), reading.problems(), null, auth);
    }
    try {
      work.claimAndComplete(auth.getName(), task.getId(), task.getAssignee(), reading.answers());
    } catch (AnswerRefused e) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return show(model, r, task, form, reading.entered(), e.problems(), null, auth);
    } catch (TaskConflictException e) {
      response.setStatus(HttpStatus.CONFLICT.value());
      return show(model, r, taskOf(r, auth).orElse(null), form, reading.entered(), Map.of(), e.getMessage(), auth);
    } catch (AuthorizationException e) {
      response.setStatus(HttpStatus.FORBIDDEN.value());
      return show(model, r, task, form, reading.entered(), Map.of(), e instanceof TaskEditRefused
          ? e.getMessage() : "您没有办理这项任务的权限。", auth);
    } catch (ProcessEngineException e) {
      if (!(e instanceof RefusedForPeople)) {
        throw e;
      }
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return show(model, r, task, form, reading.entered(), Map.of(), e.getMessage(), auth);
    }
    Rectification after = ledger.require(r.number());
    redirect.addFlashAttribute("message", "已提交。整改 " + after.number() + " 现为“" + after.status().label() + "”。");
    return "redirect:/rectifications/" + after.number() + "/rectify";
  }

  /** The unit's leads work its rectification; anybody else is refused, an unknown number is named. */
  private Rectification forLead(String number, Authentication auth) {
    Rectification r = ledger.byNumber(number).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
        "没有编号为 " + (number.length() > 40 ? number.substring(0, 40) + "…" : number) + " 的整改，请检查链接是否完整。"));
    if (!CurrentUser.leads(auth, r.unitCode())) {
      throw new AccessDeniedException("整改 " + r.number() + " 由 " + r.unitCode() + " 的负责人办理");
    }
    return r;
  }

  /** The open 整改落实, refused (403) to a lead who is not among its candidates (the office may have reassigned it). */
  private Optional<Task> taskOf(Rectification r, Authentication auth) {
    Optional<Task> task = rectifyTasks.open(r);
    if (task.isPresent() && !rectifyTasks.mayWork(auth.getName(), task.get())) {
      throw new AccessDeniedException("整改 " + r.number() + " 的待办不在 " + auth.getName() + " 的办理组中");
    }
    return task;
  }

  private Function<String, Object> variables(Task task, FormPage form) {
    Map<String, Object> values = tasks.getVariables(task.getId(), form.inputs().stream().map(FormPage.Input::key).toList());
    return values::get;
  }

  private String show(Model model, Rectification r, Task task, FormPage form, Map<String, String> entered,
                      Map<String, String> problems, String error, Authentication auth) {
    model.addAttribute("r", r);
    model.addAttribute("unitName", units.byCode(r.unitCode()).map(Unit::name).orElse(r.unitCode()));
    model.addAttribute("now", LocalDateTime.now(clock));
    model.addAttribute("workingDaysLeft", r.dueAt() == null ? null : workdays.workingDaysBetween(workdays.today(), r.dueAt().toLocalDate()));
    model.addAttribute("files", evidence.of(r));
    model.addAttribute("maxMegabytes", RectificationEvidence.MAX_BYTES / 1024 / 1024);
    model.addAttribute("task", task);
    model.addAttribute("claimedByOther", task != null && task.getAssignee() != null && !task.getAssignee().equals(auth.getName())
        ? task.getAssignee() : null);
    model.addAttribute("form", form);
    model.addAttribute("entered", entered);
    Map<String, Boolean> shown = new LinkedHashMap<>();
    if (form != null) {
      form.inputs().forEach(input -> shown.put(input.key(), form.shown(input, entered)));
    }
    model.addAttribute("shown", shown);
    model.addAttribute("problems", problems);
    if (error != null) {
      model.addAttribute("error", error);
    }
    model.addAttribute("returnComment", task == null || r.returnCount() == 0 ? null
        : tasks.getVariable(task.getId(), Vars.ACCEPTANCE_COMMENT));
    return "rectification/rectify";
  }

  private static String csrfParameter(HttpServletRequest request) {
    return request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token ? token.getParameterName() : "_csrf";
  }
}
