package org.servicestar.award;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /results/{year}} (DESIGN.md, public): the published awards per category, each with its
 * printable certificate, and the whole list as a workbook. Nothing shows before publication.
 */
@Controller
class ResultsPageController {

  static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  private final PublishedAwards awards;
  private final AwardCertificates certificates;

  ResultsPageController(PublishedAwards awards, AwardCertificates certificates) {
    this.awards = awards;
    this.certificates = certificates;
  }

  @GetMapping("/results/{year:\\d{4}}")
  String page(@PathVariable int year, HttpServletResponse response, Model model) {
    model.addAttribute("year", year);
    Optional<PublishedAwards.Round> round = published(year);
    if (round.isEmpty()) {
      response.setStatus(HttpStatus.NOT_FOUND.value());
      model.addAttribute("message", year + " 年度评选结果尚未公布");
      model.addAttribute("publicityLink", awards.round(year).filter(PublishedAwards.Round::inPublicity).isPresent());
      return "award/public/notice";
    }
    response.setHeader("Cache-Control", "no-cache");
    model.addAttribute("round", round.get());
    model.addAttribute("groups", awards.awarded(round.get()));
    model.addAttribute("published", round.get().publishedAt() == null ? null : ObjectionIntake.day(round.get().publishedAt().toLocalDate()));
    model.addAttribute("issuer", certificates.issuer());
    return "award/public/results";
  }

  @GetMapping("/results/{year:\\d{4}}.xlsx")
  ResponseEntity<byte[]> workbook(@PathVariable int year) {
    Optional<PublishedAwards.Round> round = published(year);
    if (round.isEmpty()) {
      return notFound();
    }
    return ResponseEntity.ok().contentType(XLSX)
        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(year + "年优质服务竞赛评选结果.xlsx"))
        .cacheControl(CacheControl.noCache())
        .body(ResultsWorkbook.xlsx(year, awards.awarded(round.get())));
  }

  @GetMapping("/results/{year:\\d{4}}/certificates/{certificateNo:[A-Za-z0-9_-]{1,32}}.pdf")
  ResponseEntity<byte[]> certificate(@PathVariable int year, @PathVariable String certificateNo) {
    Optional<PublishedAwards.Round> round = published(year);
    Optional<PublishedAwards.Nominee> award = round.flatMap(r -> awards.awardedByCertificate(r, certificateNo));
    if (award.isEmpty()) {
      return notFound();
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
            .filename("荣誉证书-" + certificateNo + ".pdf", StandardCharsets.UTF_8).build().toString())
        .cacheControl(CacheControl.noCache())
        .body(certificates.pdf(award.get(), round.get().publishedAt()));
  }

  private Optional<PublishedAwards.Round> published(int year) {
    return awards.round(year).filter(PublishedAwards.Round::published);
  }

  private static String attachment(String filename) {
    return ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString();
  }

  private static ResponseEntity<byte[]> notFound() {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .body("尚未公布，或没有这一项".getBytes(StandardCharsets.UTF_8));
  }
}
