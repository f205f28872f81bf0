package org.servicestar.commitment;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitTree;
import org.servicestar.web.TextLimits;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /commitments} (DESIGN.md, public): every active unit's published commitments of a year,
 * grouped under their department in the order of the unit tree, so the public can hold them to it.
 */
@Controller
class CommitmentsPageController {

  /** A department and its units (itself included) that published commitments, tree order. */
  record Department(Unit department, List<Entry> entries) {
  }

  /** One unit's commitments: the names above it inside the department ("办税服务厅 · 综合科"), depth for indentation. */
  record Entry(Unit unit, String path, int depth, List<Commitment> commitments, LocalDateTime publishedAt) {
  }

  private static final int MAX_QUERY = 64;

  private final Commitments commitments;
  private final UnitService units;

  CommitmentsPageController(Commitments commitments, UnitService units) {
    this.commitments = commitments;
    this.units = units;
  }

  @GetMapping("/commitments")
  String page(@RequestParam(required = false) Integer year, @RequestParam(required = false) String q,
              HttpServletResponse response, Model model) {
    List<Integer> years = commitments.years();
    int shown = year != null && years.contains(year) ? year : years.isEmpty() ? 0 : years.get(0);
    String query = q == null ? "" : q.strip();
    query = TextLimits.cut(query, MAX_QUERY);
    List<Department> departments = shown == 0 ? List.of() : group(units.all(), commitments.ofYear(shown), query);
    model.addAttribute("years", years);
    model.addAttribute("year", shown);
    model.addAttribute("q", query);
    model.addAttribute("departments", departments);
    model.addAttribute("unitCount", departments.stream().mapToInt(d -> d.entries().size()).sum());
    model.addAttribute("kinds", CommitmentKind.values());
    response.setHeader("Cache-Control", "no-cache");
    return "commitment/public";
  }

  /**
   * Active units with commitments whose name or code contains the query, under their departments; an
   * inactive unit hides everything under it. Each entry names the units between it and its department.
   */
  static List<Department> group(List<Unit> all, Map<String, List<Commitment>> byUnit, String query) {
    UnitTree tree = UnitTree.of(all);
    String needle = query.toLowerCase(Locale.ROOT);
    List<Department> departments = new ArrayList<>();
    all.stream().filter(u -> u.parentId() == null).sorted(Comparator.comparing(Unit::code)).forEach(root -> {
      List<Entry> entries = new ArrayList<>();
      for (UnitTree.Placed placed : tree.subtree(root.code())) {
        Unit unit = placed.unit();
        List<Unit> upwards = tree.upwards(unit.id());
        List<Commitment> texts = byUnit.get(unit.code());
        if (upwards.stream().allMatch(Unit::active) && texts != null && !texts.isEmpty() && matches(unit, needle)) {
          List<String> above = new ArrayList<>();
          upwards.subList(1, Math.max(1, upwards.size() - 1)).forEach(u -> above.add(0, u.name()));
          LocalDateTime at = texts.stream().map(Commitment::publishedAt).max(Comparator.naturalOrder()).orElse(null);
          entries.add(new Entry(unit, String.join(" · ", above), placed.depth(), texts, at));
        }
      }
      if (!entries.isEmpty()) {
        departments.add(new Department(root, entries));
      }
    });
    return departments;
  }

  private static boolean matches(Unit unit, String needle) {
    return needle.isEmpty() || unit.name().toLowerCase(Locale.ROOT).contains(needle)
        || unit.code().toLowerCase(Locale.ROOT).contains(needle);
  }
}
