package org.servicestar.veto;

import java.util.function.Function;
import java.util.stream.Collectors;

import org.servicestar.security.Access;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /vetoes}: the veto records; the leading group confirms or annuls them with a reason. */
@Controller
@RequestMapping("/vetoes")
class VetoController {

  private final VetoRecords vetoes;
  private final UnitService units;

  VetoController(VetoRecords vetoes, UnitService units) {
    this.vetoes = vetoes;
    this.units = units;
  }

  @GetMapping
  @PreAuthorize(Access.OVERSEE)
  String list(@RequestParam(required = false) String unit, @RequestParam(required = false) String status, Model model) {
    VetoStatus wanted = VetoStatus.parse(status);
    model.addAttribute("records", vetoes.list(unit, wanted));
    model.addAttribute("unit", unit == null ? "" : unit.strip());
    model.addAttribute("status", wanted == null ? "" : wanted.name());
    model.addAttribute("statuses", VetoStatus.values());
    model.addAttribute("clauses", VetoClause.values());
    model.addAttribute("units", units.all());
    model.addAttribute("unitNames", units.all().stream().collect(Collectors.toMap(Unit::code, Unit::name, (a, b) -> a)));
    return "veto/list";
  }

  @PostMapping("/{id}/confirm")
  @PreAuthorize(Access.RULE_VETOES)
  String confirm(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
    return rule(id, redirect, r -> vetoes.confirm(id, reason), "已确认否决记录 #" + id + "：该单位取消本年度评优资格");
  }

  @PostMapping("/{id}/annul")
  @PreAuthorize(Access.RULE_VETOES)
  String annul(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
    return rule(id, redirect, r -> vetoes.annul(id, reason), "已撤销否决记录 #" + id);
  }

  private String rule(long id, RedirectAttributes redirect, Function<Long, VetoRecord> ruling, String done) {
    try {
      ruling.apply(id);
      redirect.addFlashAttribute("message", done);
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("error", "否决记录 #" + id + "：" + String.join("；", e.fieldErrors().values()));
    }
    return "redirect:/vetoes#veto-" + id;
  }
}
