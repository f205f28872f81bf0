package org.servicestar.calendar;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.servicestar.security.Access;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrators' page for the working-day calendar ({@code /admin/**} is theirs in SecurityConfig too, by the same rule). */
@Controller
@PreAuthorize(Access.ADMINISTER)
@RequestMapping("/admin/calendar")
class CalendarAdminController {

  private final CalendarService calendars;
  private final Workdays workdays;

  CalendarAdminController(CalendarService calendars, Workdays workdays) {
    this.calendars = calendars;
    this.workdays = workdays;
  }

  @GetMapping
  String page(Model model) {
    // Straight from the database, not this node's copy: the page must show what an upload just did.
    List<CalendarRepository.YearSummary> years = calendars.summaries();
    int thisYear = workdays.today().getYear();
    SortedSet<Integer> missingSoon = new TreeSet<>();
    for (int year = thisYear; year <= thisYear + 1; year++) {
      int y = year;
      if (years.stream().noneMatch(s -> s.year() == y)) {
        missingSoon.add(year);
      }
    }
    SortedSet<Integer> assumed = new TreeSet<>(workdays.assumedYears());
    assumed.removeIf(y -> years.stream().anyMatch(s -> s.year() == y) || missingSoon.contains(y));
    model.addAttribute("years", years);
    model.addAttribute("thisYear", thisYear);
    model.addAttribute("missingSoon", missingSoon);
    model.addAttribute("assumedYears", assumed);
    return "calendar/admin";
  }

  @PostMapping
  String upload(@RequestParam(name = "file", required = false) MultipartFile file,
      @RequestParam(name = "year", required = false) String year,
      Principal principal, RedirectAttributes redirect) {
    try {
      Integer expectedYear = parseYear(year);
      if (file == null || file.isEmpty()) {
        throw new CalendarFileException("请选择要上传的文件（文件为空或未选择）。");
      }
      String user = principal != null ? principal.getName() : "unknown";
      CalendarFile saved = calendars.upload(file.getOriginalFilename(), file.getBytes(), expectedYear, user);
      redirect.addFlashAttribute("message", "已保存 " + saved.year() + " 年的工作日历（" + saved.format().label + "）：休息日 "
          + saved.holidays() + " 天，调休上班 " + saved.makeUpWorkdays() + " 天。本节点立即生效，其他节点在几分钟内生效。");
    } catch (CalendarFileException e) {
      redirect.addFlashAttribute("error", "未保存。" + e.getMessage());
    } catch (IOException e) {
      redirect.addFlashAttribute("error", "未保存：无法读取上传的文件（" + e.getMessage() + "）。");
    }
    return "redirect:/admin/calendar";
  }

  private static Integer parseYear(String year) {
    if (year == null || year.isBlank()) {
      return null;
    }
    try {
      int value = Integer.parseInt(year.strip());
      if (value >= CalendarFileParser.MIN_YEAR && value <= CalendarFileParser.MAX_YEAR) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CalendarFileException("年份“" + year.strip() + "”无效，应为四位数字，如 2027；也可不填，按文件内容判断。");
  }
}
