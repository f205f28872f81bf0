package org.servicestar.unit;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BiFunction;

import org.servicestar.security.Access;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** The office's page for importing many units or staff at once from an Excel or CSV file. */
@Controller
@RequestMapping("/import")
@PreAuthorize(Access.RUN_COMPETITION)
class ImportController {

  private final MasterDataImport imports;

  ImportController(MasterDataImport imports) {
    this.imports = imports;
  }

  @GetMapping
  String page(Model model) {
    return page(model, null, null);
  }

  @PostMapping("/units")
  String units(@RequestParam(name = "file", required = false) MultipartFile file, Model model) {
    return page(model, "units", run(file, ImportReport.Kind.UNITS, imports::importUnits));
  }

  @PostMapping("/staff")
  String staff(@RequestParam(name = "file", required = false) MultipartFile file, Model model) {
    return page(model, "staff", run(file, ImportReport.Kind.STAFF, imports::importStaff));
  }

  private static ImportReport run(MultipartFile file, ImportReport.Kind kind,
                                  BiFunction<String, InputStream, ImportReport> importer) {
    if (file == null || file.isEmpty()) {
      return ImportReport.fileProblem(kind, "请选择要导入的文件（.xlsx 或 .csv）");
    }
    try (InputStream in = file.getInputStream()) {
      return importer.apply(file.getOriginalFilename(), in);
    } catch (IOException e) {
      return ImportReport.fileProblem(kind, "无法读取上传的文件，请重新上传");
    }
  }

  /** The page shows plain values only: the result (if any) of the form that was just sent. */
  private static String page(Model model, String sent, ImportReport report) {
    model.addAttribute("unitColumns", MasterDataImport.UNIT_COLUMNS);
    model.addAttribute("staffColumns", MasterDataImport.STAFF_COLUMNS);
    model.addAttribute("maxRows", ImportTable.MAX_ROWS);
    model.addAttribute("sent", sent);
    if (report != null) {
      model.addAttribute("ok", report.ok());
      model.addAttribute("summary", report.summary());
      model.addAttribute("problems", report.problems().stream().map(ImportReport.Problem::text).toList());
    }
    return "unit/import";
  }
}
