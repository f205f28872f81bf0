package org.servicestar.unit;

import java.util.Map;

import org.servicestar.security.Access;
import org.servicestar.web.InvalidInputException;
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

/** The office's pages for staff. */
@Controller
@RequestMapping("/staff")
class StaffController {

  private final StaffService staff;
  private final UnitService units;

  StaffController(StaffService staff, UnitService units) {
    this.staff = staff;
    this.units = units;
  }

  @GetMapping
  @PreAuthorize(Access.OVERSEE)
  String list(Model model) {
    model.addAttribute("staff", staff.all());
    return "unit/staff-list";
  }

  @GetMapping("/new")
  @PreAuthorize(Access.RUN_COMPETITION)
  String newStaff(@RequestParam(required = false) String unitCode, Model model) {
    return form(model, new StaffService.StaffDraft(unitCode, "", "", false, ""), null, Map.of());
  }

  @PostMapping
  @PreAuthorize(Access.RUN_COMPETITION)
  String create(@RequestParam(required = false) String unitCode, @RequestParam String name, @RequestParam String badgeNo,
                @RequestParam(defaultValue = "false") boolean partyMember, @RequestParam(required = false) String position,
                Model model, RedirectAttributes redirect) {
    StaffService.StaffDraft draft = new StaffService.StaffDraft(unitCode, name, badgeNo, partyMember, position);
    try {
      Staff created = staff.create(draft);
      redirect.addFlashAttribute("message", "已添加工作人员 " + created.name() + "（工号 " + created.badgeNo() + "）");
      return "redirect:/staff/" + created.badgeNo();
    } catch (InvalidInputException e) {
      return form(model, draft, null, e.fieldErrors());
    }
  }

  @GetMapping("/{badgeNo}")
  @PreAuthorize(Access.OVERSEE)
  String show(@PathVariable String badgeNo, Model model) {
    Staff s = staff.byBadge(badgeNo);
    return form(model, new StaffService.StaffDraft(s.unitCode(), s.name(), s.badgeNo(), s.partyMember(), s.position()), s, Map.of());
  }

  @PostMapping("/{badgeNo}")
  @PreAuthorize(Access.RUN_COMPETITION)
  String update(@PathVariable String badgeNo, @RequestParam int version, @RequestParam(required = false) String unitCode,
                @RequestParam String name, @RequestParam(defaultValue = "false") boolean partyMember,
                @RequestParam(required = false) String position, @RequestParam(defaultValue = "true") boolean active,
                Model model, RedirectAttributes redirect) {
    StaffService.StaffDraft draft = new StaffService.StaffDraft(unitCode, name, badgeNo, partyMember, position);
    try {
      staff.update(badgeNo, version, draft, active);
      redirect.addFlashAttribute("message", active ? "已保存" : "已停用（离岗）");
      return "redirect:/staff/" + badgeNo;
    } catch (InvalidInputException e) {
      return form(model, draft, staff.byBadge(badgeNo), e.fieldErrors());
    } catch (OptimisticLockingFailureException e) {
      redirect.addFlashAttribute("error", e.getMessage());
      return "redirect:/staff/" + badgeNo;
    }
  }

  private String form(Model model, StaffService.StaffDraft draft, Staff existing, Map<String, String> errors) {
    model.addAttribute("draft", draft);
    model.addAttribute("existing", existing);
    model.addAttribute("errors", errors);
    model.addAttribute("units", units.active());
    return "unit/staff-form";
  }
}
