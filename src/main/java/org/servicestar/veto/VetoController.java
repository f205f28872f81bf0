package org.servicestar.veto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Access;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.EvidenceFiles;
import org.servicestar.web.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
 * {@code /vetoes}: the veto records with their ruling's state; {@code /vetoes/{id}}: one record, its
 * evidence, every member's vote and reason, and the member's own Tasklist task; {@code /vetoes/new}: the
 * office files a veto by hand. The leading group rules in Tasklist (process VetoRuling), not here.
 */
@Controller
@RequestMapping("/vetoes")
class VetoController {

  private final VetoRecords vetoes;
  private final VetoRulings rulings;
  private final VetoFiling filing;
  private final UnitService units;
  private final TaskService tasks;

  VetoController(VetoRecords vetoes, VetoRulings rulings, VetoFiling filing, UnitService units, TaskService tasks) {
    this.vetoes = vetoes;
    this.rulings = rulings;
    this.filing = filing;
    this.units = units;
    this.tasks = tasks;
  }

  @GetMapping
  @PreAuthorize(Access.OVERSEE)
  String list(@RequestParam(required = false) String unit, @RequestParam(required = false) String status, Model model) {
    VetoStatus wanted = VetoStatus.parse(status);
    List<VetoRecord> records = vetoes.list(unit, wanted);
    Map<Long, VetoRulings.State> states = new LinkedHashMap<>();
    records.forEach(r -> states.put(r.id(), rulings.state(r.id())));
    model.addAttribute("records", records);
    model.addAttribute("states", states);
    model.addAttribute("unit", unit == null ? "" : unit.strip());
    model.addAttribute("status", wanted == null ? "" : wanted.name());
    model.addAttribute("statuses", VetoStatus.values());
    model.addAttribute("clauses", VetoClause.values());
    model.addAttribute("units", units.all());
    model.addAttribute("unitNames", unitNames());
    return "veto/list";
  }

  @GetMapping("/{id}")
  @PreAuthorize(Access.OVERSEE)
  String show(@PathVariable long id, Authentication auth, Model model) {
    VetoRecord record = vetoes.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有编号为 " + id + " 的否决记录"));
    VetoRulings.State state = rulings.state(id);
    List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(VetoRulingIds.businessKey(id)).active().list();
    List<Task> mine = new ArrayList<>();
    for (Task t : open) {
      if (auth != null && auth.getName().equals(t.getAssignee())) {
        mine.add(t);
      }
    }
    model.addAttribute("r", record);
    model.addAttribute("state", state);
    model.addAttribute("openTasks", open);
    model.addAttribute("myTasks", mine);
    model.addAttribute("evidence", filing.evidenceOf(id));
    model.addAttribute("unitNames", unitNames());
    return "veto/show";
  }

  @GetMapping("/{id}/evidence/{fileId}")
  @PreAuthorize(Access.OVERSEE)
  ResponseEntity<byte[]> evidence(@PathVariable long id, @PathVariable long fileId) {
    VetoFiling.EvidenceInfo info = filing.evidenceOf(id).stream().filter(e -> e.id() == fileId).findFirst()
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    byte[] content = filing.content(id, fileId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    return EvidenceFiles.download(info.fileName(), info.contentType(), content);
  }

  @GetMapping("/new")
  @PreAuthorize(Access.RUN_COMPETITION)
  String newVeto(Model model) {
    return form(model, Map.of(), Map.of());
  }

  @PostMapping
  @PreAuthorize(Access.RUN_COMPETITION)
  Object file(@RequestParam(required = false) String unitCode, @RequestParam(required = false) String clause,
              @RequestParam(required = false) String facts, @RequestParam(required = false) String sourceDocument,
              @RequestParam(name = "evidence", required = false) List<MultipartFile> evidence, Model model,
              RedirectAttributes redirect) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("unitCode", unitCode == null ? "" : unitCode);
    values.put("clause", clause == null ? "" : clause);
    values.put("facts", facts == null ? "" : facts);
    values.put("sourceDocument", sourceDocument == null ? "" : sourceDocument);
    try {
      List<VetoFiling.Upload> uploads = new ArrayList<>();
      for (MultipartFile file : evidence == null ? List.<MultipartFile>of() : evidence) {
        if (!file.isEmpty()) {
          uploads.add(new VetoFiling.Upload(file.getOriginalFilename(), file.getBytes()));
        }
      }
      VetoRecord record = filing.file(unitCode, clause, facts, sourceDocument, uploads, AuditTrail.currentActor());
      redirect.addFlashAttribute("message", "已登记否决记录 #" + record.id() + "，领导小组成员已在任务列表中收到裁定任务");
      return "redirect:/vetoes/" + record.id();
    } catch (InvalidInputException e) {
      form(model, values, e.fieldErrors());
      return new org.springframework.web.servlet.ModelAndView("veto/new", model.asMap(), HttpStatus.BAD_REQUEST);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the upload", e);
    }
  }

  private String form(Model model, Map<String, String> values, Map<String, String> errors) {
    model.addAttribute("values", values);
    model.addAttribute("errors", errors);
    model.addAttribute("clauses", VetoClause.values());
    model.addAttribute("units", units.active());
    return "veto/new";
  }

  private Map<String, String> unitNames() {
    return units.all().stream().collect(Collectors.toMap(Unit::code, Unit::name, (a, b) -> a));
  }
}
