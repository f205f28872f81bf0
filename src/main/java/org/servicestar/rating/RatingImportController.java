package org.servicestar.rating;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import org.servicestar.security.Access;
import org.servicestar.unit.ImportTable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** The office's page for importing paper forms, box entries and hotline ratings from Excel. */
@Controller("ratingImportController")
@RequestMapping("/ratings/import")
@PreAuthorize(Access.RUN_COMPETITION)
class RatingImportController {

  private final RatingImport imports;

  RatingImportController(RatingImport imports) {
    this.imports = imports;
  }

  @GetMapping
  String page(Model model) {
    return page(model, null);
  }

  @PostMapping
  String upload(@RequestParam(name = "file", required = false) MultipartFile file, Authentication auth, HttpServletRequest request,
                Model model) {
    RatingImport.Report report;
    if (file == null || file.isEmpty()) {
      report = new RatingImport.Report(0, 0, 0, 0, java.util.List.of("请选择要导入的文件（.xlsx 或 .csv）"));
    } else {
      try (InputStream in = file.getInputStream()) {
        report = imports.importFile(file.getOriginalFilename(), in, Sender.office(auth.getName(), request.getRemoteAddr()));
      } catch (IOException e) {
        report = new RatingImport.Report(0, 0, 0, 0, java.util.List.of("无法读取上传的文件，请重新上传"));
      }
    }
    return page(model, report);
  }

  private static String page(Model model, RatingImport.Report report) {
    model.addAttribute("columns", RatingImport.COLUMNS);
    model.addAttribute("maxRows", ImportTable.MAX_ROWS);
    model.addAttribute("report", report);
    return "rating/import";
  }
}
