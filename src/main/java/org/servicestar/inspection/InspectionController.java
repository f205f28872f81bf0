package org.servicestar.inspection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.servicestar.rectification.Rectification;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.veto.VetoRecord;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The inspections register and each inspection's sheet, findings, rectifications and vetoes. Office,
 * inspectors, leading group and administrators see all; a unit's leads their own units'.
 */
@Controller
class InspectionController {

  /** What the page shows of a finding: where it led. */
  record FindingView(InspectionFinding finding, String sourceId, List<Rectification> rectifications, List<VetoRecord> vetoes) {
  }

  private final Inspections inspections;
  private final UnitService units;
  private final RectificationLedger rectifications;
  private final VetoRecords vetoes;
  private final TaskService taskService;

  InspectionController(Inspections inspections, UnitService units, RectificationLedger rectifications, VetoRecords vetoes,
                       TaskService taskService) {
    this.inspections = inspections;
    this.units = units;
    this.rectifications = rectifications;
    this.vetoes = vetoes;
    this.taskService = taskService;
  }

  @GetMapping("/inspections")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String list(@RequestParam(required = false) Integer year, @RequestParam(required = false) String unit,
              @RequestParam(required = false) String type, @RequestParam(required = false) String status,
              Authentication auth, Model model) {
    Set<String> scope = null;
    if (!Access.oversees(auth)) {
      scope = CurrentUser.unitCodes(auth);
    }
    String unitCode = blankToNull(unit);
    String statusCode = InspectionStatus.OPEN.name().equals(status) || InspectionStatus.DONE.name().equals(status) ? status : null;
    List<Inspection> rows = inspections.list(scope, new Inspections.Filter(year, unitCode, InspectionType.parse(type), statusCode));
    Set<String> visible = scope;
    List<Unit> unitChoices = units.all().stream().filter(u -> visible == null || visible.contains(u.code())).toList();
    model.addAttribute("rows", rows);
    model.addAttribute("unitNames", names(unitChoices));
    model.addAttribute("units", unitChoices);
    model.addAttribute("types", InspectionType.values());
    model.addAttribute("year", year);
    model.addAttribute("unit", unitCode);
    model.addAttribute("type", InspectionType.parse(type) == null ? null : InspectionType.parse(type).name());
    model.addAttribute("status", statusCode);
    return "inspection/list";
  }

  @GetMapping("/inspections/{number}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String show(@PathVariable String number, Authentication auth, Model model) {
    Inspection inspection = inspections.byNumber(number)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有编号为 " + number + " 的检查"));
    if (!CurrentUser.maySee(auth, inspection.unitCode())) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "只能查看本单位的检查记录");
    }
    List<FindingView> findings = inspections.findings(inspection.number()).stream().map(f -> {
      String sourceId = InspectionFinding.sourceId(inspection.number(), f.position());
      return new FindingView(f, sourceId, rectifications.ofSource(StartInspectionRectificationsDelegate.SOURCE_TYPE, sourceId),
          vetoes.ofSource(VetoSourceType.INSPECTION, sourceId));
    }).toList();
    List<Task> openTasks = inspection.processInstanceId() == null || inspection.done() ? List.of()
        : taskService.createTaskQuery().processInstanceId(inspection.processInstanceId()).list();
    model.addAttribute("i", inspection);
    model.addAttribute("unitName", units.byCode(inspection.unitCode()).map(Unit::name).orElse(inspection.unitCode()));
    model.addAttribute("items", inspections.items(inspection.id()));
    model.addAttribute("findings", findings);
    model.addAttribute("openTasks", openTasks);
    model.addAttribute("mayWork", Access.worksInspections(auth));
    return "inspection/show";
  }

  /** A finding's own address (the source id of its rectification and veto record): its place on the inspection's page. */
  @GetMapping("/inspections/{number:JC-\\d{4}-\\d{6}}/{position:\\d+}")
  @PreAuthorize(Access.SIGNED_IN)
  String finding(@PathVariable String number, @PathVariable int position) {
    return "redirect:/inspections/" + number + "#finding-" + position;
  }

  private static Map<String, String> names(List<Unit> units) {
    Map<String, String> names = new HashMap<>();
    units.forEach(u -> names.put(u.code(), u.name()));
    return names;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
