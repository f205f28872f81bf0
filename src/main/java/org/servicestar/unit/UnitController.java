package org.servicestar.unit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.servicestar.security.Access;
import org.servicestar.security.UnitGroups;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The office's pages for the unit tree and each unit's leads. */
@Controller
@RequestMapping("/units")
class UnitController {

  /** A unit in the tree listing, with its depth for indentation. */
  record Row(Unit unit, int depth) {
  }

  private final UnitService units;
  private final StaffService staff;
  private final UnitGroups groups;

  UnitController(UnitService units, StaffService staff, UnitGroups groups) {
    this.units = units;
    this.staff = staff;
    this.groups = groups;
  }

  @GetMapping
  @PreAuthorize(Access.OVERSEE)
  String list(Model model) {
    model.addAttribute("rows", tree(units.all()));
    model.addAttribute("types", UnitType.values());
    return "unit/list";
  }

  @GetMapping("/new")
  @PreAuthorize(Access.RUN_COMPETITION)
  String newUnit(@RequestParam(required = false) String parentCode, Model model) {
    model.addAttribute("draft", new UnitService.UnitDraft("", "", null, parentCode));
    return form(model, Map.of());
  }

  @PostMapping
  @PreAuthorize(Access.RUN_COMPETITION)
  String create(@RequestParam String code, @RequestParam String name, @RequestParam(required = false) String type,
                @RequestParam(required = false) String parentCode, Model model, RedirectAttributes redirect) {
    UnitService.UnitDraft draft = new UnitService.UnitDraft(code, name, UnitType.parse(type), parentCode);
    try {
      Unit unit = units.create(draft);
      redirect.addFlashAttribute("message", "已创建单位 " + unit.name() + "（" + unit.code() + "），并创建了负责人组 unit-" + unit.code());
      return "redirect:/units/" + unit.code();
    } catch (InvalidInputException e) {
      model.addAttribute("draft", draft);
      return form(model, e.fieldErrors());
    }
  }

  private String form(Model model, Map<String, String> errors) {
    model.addAttribute("errors", errors);
    model.addAttribute("types", UnitType.values());
    model.addAttribute("parents", units.active().stream().filter(u -> u.type() != UnitType.WINDOW).toList());
    return "unit/new";
  }

  @GetMapping("/{code}")
  @PreAuthorize(Access.OVERSEE)
  String show(@PathVariable String code, Model model) {
    Unit unit = units.require(code);
    model.addAttribute("unit", unit);
    model.addAttribute("children", units.all().stream().filter(u -> Long.valueOf(unit.id()).equals(u.parentId())).toList());
    model.addAttribute("staff", staff.ofUnit(code));
    model.addAttribute("leads", groups.leadsOf(code));
    model.addAttribute("parents", units.active().stream()
        .filter(u -> unit.type().allowedParents().contains(u.type())).toList());
    return "unit/show";
  }

  @PostMapping("/{code}")
  @PreAuthorize(Access.RUN_COMPETITION)
  String update(@PathVariable String code, @RequestParam int version, @RequestParam String name,
                @RequestParam(required = false) String parentCode, RedirectAttributes redirect) {
    return act(code, redirect, () -> units.update(code, version, name, parentCode), "已保存");
  }

  @PostMapping("/{code}/active")
  @PreAuthorize(Access.RUN_COMPETITION)
  String setActive(@PathVariable String code, @RequestParam int version, @RequestParam boolean active,
                   RedirectAttributes redirect) {
    return act(code, redirect, () -> units.setActive(code, version, active), active ? "已启用" : "已停用");
  }

  @PostMapping("/{code}/leads")
  @PreAuthorize(Access.RUN_COMPETITION)
  String addLead(@PathVariable String code, @RequestParam String userId, @RequestParam(required = false) String name,
                 @RequestParam(required = false) String password, @RequestParam(required = false) String email,
                 RedirectAttributes redirect) {
    units.require(code);
    String id = userId == null ? "" : userId.trim();
    if (!id.matches("[A-Za-z0-9._-]{2,64}")) {
      redirect.addFlashAttribute("error", "用户名须为 2–64 位字母、数字、“.”、“_”或“-”");
    } else if (groups.addLead(code, id)) {
      redirect.addFlashAttribute("message", "已将用户 " + id + " 设为本单位负责人");
    } else if (TextLimits.length(password) < 8) {
      redirect.addFlashAttribute("error", "用户 " + id + " 不存在；如要新建账号，请填写姓名和至少 8 位的初始密码");
    } else if (email != null && !email.isBlank() && !email.trim().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      redirect.addFlashAttribute("error", "电子邮箱格式不对：" + email.trim());
    } else {
      groups.createLead(code, id, name == null || name.isBlank() ? id : name.strip(), password, email);
      redirect.addFlashAttribute("message", "已新建账号 " + id + " 并设为本单位负责人");
    }
    return "redirect:/units/" + code;
  }

  @PostMapping("/{code}/leads/{userId}/remove")
  @PreAuthorize(Access.RUN_COMPETITION)
  String removeLead(@PathVariable String code, @PathVariable String userId, RedirectAttributes redirect) {
    units.require(code);
    groups.removeLead(code, userId);
    redirect.addFlashAttribute("message", "已取消 " + userId + " 的本单位负责人身份");
    return "redirect:/units/" + code;
  }

  private String act(String code, RedirectAttributes redirect, Runnable action, String done) {
    try {
      action.run();
      redirect.addFlashAttribute("message", done);
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("errors", e.fieldErrors());
      redirect.addFlashAttribute("error", String.join("；", e.fieldErrors().values()));
    } catch (OptimisticLockingFailureException e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/units/" + code;
  }

  /** Depth-first order of the tree, so the listing reads like the organisation chart. */
  static List<Row> tree(List<Unit> all) {
    Map<Long, List<Unit>> children = all.stream().filter(u -> u.parentId() != null)
        .collect(Collectors.groupingBy(Unit::parentId));
    List<Row> rows = new ArrayList<>();
    all.stream().filter(u -> u.parentId() == null).sorted(Comparator.comparing(Unit::code))
        .forEach(root -> addWithChildren(root, 0, children, rows));
    return rows;
  }

  private static void addWithChildren(Unit unit, int depth, Map<Long, List<Unit>> children, List<Row> rows) {
    rows.add(new Row(unit, depth));
    children.getOrDefault(unit.id(), List.of()).stream().sorted(Comparator.comparing(Unit::code))
        .forEach(child -> addWithChildren(child, depth + 1, children, rows));
  }
}
