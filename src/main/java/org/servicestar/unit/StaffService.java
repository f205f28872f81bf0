package org.servicestar.unit;

import java.util.List;
import java.util.regex.Pattern;

import org.servicestar.audit.AuditTrail;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff of the units. Like units, staff are deactivated (they left), never deleted. */
@Service
public class StaffService {

  /** What a person enters for a member of staff. */
  public record StaffDraft(String unitCode, String name, String badgeNo, boolean partyMember, String position) {
  }

  private static final Pattern BADGE = Pattern.compile("[A-Za-z0-9-]{1,32}");

  private final StaffRepository staff;
  private final UnitService units;
  private final AuditTrail audit;

  StaffService(StaffRepository staff, UnitService units, AuditTrail audit) {
    this.staff = staff;
    this.units = units;
    this.audit = audit;
  }

  public List<Staff> all() {
    return staff.findAll();
  }

  public List<Staff> ofUnit(String unitCode) {
    return staff.findByUnit(units.require(unitCode).id());
  }

  public Staff byBadge(String badgeNo) {
    return staff.findByBadge(badgeNo).orElseThrow(() -> InvalidInputException.of("badgeNo", "没有工号为 " + badgeNo + " 的工作人员"));
  }

  @Transactional
  public Staff create(StaffDraft draft) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String badge = draft.badgeNo() == null ? "" : draft.badgeNo().trim();
    errors.check(BADGE.matcher(badge).matches(), "badgeNo", "工号须为 1–32 位字母、数字或“-”");
    if (errors.isEmpty() && staff.findByBadge(badge).isPresent()) {
      errors.add("badgeNo", "工号 " + badge + " 已被使用");
    }
    Unit unit = checkUnit(draft.unitCode(), errors);
    String name = checkText(draft.name(), "name", "姓名", 100, true, errors);
    String position = checkText(draft.position(), "position", "岗位", 100, false, errors);
    errors.throwIfAny();
    try {
      staff.insert(unit.id(), name, badge, draft.partyMember(), position);
    } catch (DuplicateKeyException e) {
      throw InvalidInputException.of("badgeNo", "工号 " + badge + " 已被使用");
    }
    audit.record("STAFF_CREATED", "staff:" + badge, name + " @ " + unit.code());
    return byBadge(badge);
  }

  @Transactional
  public Staff update(String badgeNo, int version, StaffDraft draft, boolean active) {
    Staff current = byBadge(badgeNo);
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Unit unit = checkUnit(draft.unitCode(), errors);
    String name = checkText(draft.name(), "name", "姓名", 100, true, errors);
    String position = checkText(draft.position(), "position", "岗位", 100, false, errors);
    errors.throwIfAny();
    if (!staff.update(current.id(), version, unit.id(), name, draft.partyMember(), position, active)) {
      throw new OptimisticLockingFailureException("工作人员 " + badgeNo + " 已被他人修改，请刷新后重试");
    }
    audit.record(active ? "STAFF_UPDATED" : "STAFF_DEACTIVATED", "staff:" + badgeNo,
        current.name() + "@" + current.unitCode() + " → " + name + "@" + unit.code());
    return byBadge(badgeNo);
  }

  private Unit checkUnit(String unitCode, InvalidInputException.Collector errors) {
    if (unitCode == null || unitCode.isBlank()) {
      errors.add("unitCode", "请选择所在单位");
      return null;
    }
    Unit unit = units.byCode(unitCode.trim()).orElse(null);
    if (unit == null) {
      errors.add("unitCode", "没有编码为 " + unitCode.trim() + " 的单位");
    } else if (!unit.active()) {
      errors.add("unitCode", "单位 " + unit.code() + " 已停用");
    }
    return unit;
  }

  static String checkText(String value, String field, String label, int max, boolean required,
                          InvalidInputException.Collector errors) {
    String v = value == null ? "" : value.strip();
    if (required) {
      errors.check(!v.isEmpty(), field, label + "不能为空");
    }
    errors.check(TextLimits.fits(v, max), field, TextLimits.tooLong(label, max, v));
    errors.check(v.chars().noneMatch(Character::isISOControl), field, label + "不能包含控制字符");
    return v.isEmpty() ? null : v;
  }
}
