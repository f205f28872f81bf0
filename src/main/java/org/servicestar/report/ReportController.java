package org.servicestar.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.servicestar.audit.AuditTrail;
import org.servicestar.complaint.ComplaintStatus;
import org.servicestar.rectification.RectificationSource;
import org.servicestar.rectification.RectificationStatus;
import org.servicestar.security.Access;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * 报表: the .xlsx exports and the printable year report. Overseers get every unit; a unit's lead gets
 * the exports with their own units' rows only, and not the year report (it ranks every unit).
 */
@Controller
class ReportController {

  static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  private final Exports exports;
  private final ExportJobs jobs;
  private final YearReport yearReport;
  private final UnitService units;
  private final AuditTrail audit;
  private final Clock clock;

  ReportController(Exports exports, ExportJobs jobs, YearReport yearReport, UnitService units, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.exports = exports;
    this.jobs = jobs;
    this.yearReport = yearReport;
    this.units = units;
    this.audit = audit;
  }

  @GetMapping("/reports")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String index(@RequestParam(required = false) Integer year, Authentication auth, Model model) {
    Viewer viewer = Viewer.of(auth);
    fill(model, year == null ? LocalDate.now(clock).getYear() : year, viewer);
    return "report/index";
  }

  /** Small exports come straight back; long ones (and the ratings export) go to the background and the progress page. */
  @GetMapping("/reports/export/{kind}.xlsx")
  @PreAuthorize(Access.VIEW_COMPETITION)
  Object export(@PathVariable String kind, @RequestParam int year, @RequestParam(required = false) String unit,
                @RequestParam(required = false) String status, @RequestParam(required = false) String source,
                @RequestParam(defaultValue = "false") boolean background, Authentication auth, Model model) {
    Viewer viewer = Viewer.of(auth);
    ExportKind k = ExportKind.ofPath(kind);
    if (k == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这种报表：" + kind);
    }
    ExportFilter filter = new ExportFilter(year, unit, status, source);
    try {
      exports.check(k, filter);
    } catch (InvalidInputException e) {
      fill(model, year, viewer);
      model.addAttribute("errors", e.fieldErrors());
      return "report/index";
    }
    if (filter.unit() != null && !viewer.sees(filter.unit())) {
      throw new AccessDeniedException("您只能导出自己负责的单位的报表");
    }
    String fileName = k.label() + "-" + filter.fileSuffix() + ".xlsx";
    if (background || exports.estimate(k, filter, viewer) > ExportJobs.BACKGROUND_ABOVE) {
      return "redirect:/reports/jobs/" + jobs.start(k, filter, viewer, fileName);
    }
    byte[] file = Workbooks.xlsx(exports.table(k, filter, viewer));
    audit.record("REPORT_EXPORTED", "report:" + k.path(), fileName);
    return download(fileName, file);
  }

  @GetMapping("/reports/jobs/{id}")
  @PreAuthorize(Access.VIEW_COMPETITION)
  String job(@PathVariable String id, Authentication auth, Model model) {
    model.addAttribute("job", jobs.job(id, Viewer.of(auth).name()).orElseThrow(() -> notFound(id)));
    return "report/job";
  }

  /** The progress the job page polls. */
  @GetMapping(value = "/reports/jobs/{id}.json", produces = "application/json")
  @PreAuthorize(Access.VIEW_COMPETITION)
  @ResponseBody
  Map<String, Object> progress(@PathVariable String id, Authentication auth) {
    ExportJobs.Job job = jobs.job(id, Viewer.of(auth).name()).orElseThrow(() -> notFound(id));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", job.id());
    body.put("status", job.status());
    body.put("rowsTotal", job.rowsTotal());
    body.put("rowsDone", job.rowsDone());
    body.put("fileName", job.fileName());
    body.put("error", job.error());
    return body;
  }

  @GetMapping("/reports/jobs/{id}/file")
  @PreAuthorize(Access.VIEW_COMPETITION)
  ResponseEntity<byte[]> jobFile(@PathVariable String id, Authentication auth) {
    String owner = Viewer.of(auth).name();
    ExportJobs.Job job = jobs.job(id, owner).orElseThrow(() -> notFound(id));
    byte[] file = jobs.file(id, owner).orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "报表还没有生成完"));
    audit.record("REPORT_EXPORTED", "report:" + id, job.fileName());
    return download(job.fileName(), file);
  }

  /** The printable year report for the leading group's meeting (A4, print from the browser). */
  @GetMapping("/reports/{year:\\d{4}}")
  @PreAuthorize(Access.OVERSEE)
  String yearReport(@PathVariable int year, Model model) {
    model.addAttribute("report", yearReport.of(year));
    return "report/year";
  }

  private void fill(Model model, int year, Viewer viewer) {
    model.addAttribute("year", year);
    model.addAttribute("viewer", viewer);
    List<Unit> visible = units.all().stream().filter(u -> viewer.sees(u.code())).toList();
    model.addAttribute("units", visible);
    model.addAttribute("rectificationStatuses", RectificationStatus.values());
    model.addAttribute("rectificationSources", RectificationSource.values());
    model.addAttribute("complaintStatuses", Arrays.asList(ComplaintStatus.values()));
    model.addAttribute("threshold", ExportJobs.BACKGROUND_ABOVE);
  }

  private static ResponseStatusException notFound(String id) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这份导出（或它不是您发起的、已过期）：" + id);
  }

  private static ResponseEntity<byte[]> download(String fileName, byte[] file) {
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
        .contentType(XLSX)
        .body(file);
  }
}
