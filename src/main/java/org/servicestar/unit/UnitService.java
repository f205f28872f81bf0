package org.servicestar.unit;

import java.util.List;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.security.UnitGroups;
import org.servicestar.web.InvalidInputException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The unit tree. Every unit has a group {@code unit-{code}} for its leads, created with it. Units are
 * deactivated, never deleted: ratings, complaints and results of past years keep pointing at them.
 */
@Service
public class UnitService {

  /** What a person enters for a unit; the parent is named by its code. */
  public record UnitDraft(String code, String name, UnitType type, String parentCode) {
  }

  private static final int MAX_NAME = 200;

  private final UnitRepository units;
  private final UnitGroups groups;
  private final AuditTrail audit;

  UnitService(UnitRepository units, UnitGroups groups, AuditTrail audit) {
    this.units = units;
    this.groups = groups;
    this.audit = audit;
  }

  public List<Unit> all() {
    return units.findAll();
  }

  /** Every unit (the inactive ones too) as a tree, for walks up and down it. */
  public UnitTree tree() {
    return UnitTree.of(units.findAll());
  }

  public List<Unit> active() {
    return units.findActive();
  }

  public Optional<Unit> byCode(String code) {
    return units.findByCode(code);
  }

  public Unit require(String code) {
    return units.findByCode(code).orElseThrow(() -> InvalidInputException.of("unitCode", "没有编码为 " + code + " 的单位"));
  }

  @Transactional
  public Unit create(UnitDraft draft) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String code = draft.code() == null ? null : draft.code().trim();
    String codeProblem = UnitCodes.problemWith(code);
    if (codeProblem != null) {
      errors.add("code", codeProblem);
    } else if (units.findByCode(code).isPresent()) {
      errors.add("code", "单位编码 " + code + " 已被使用");
    }
    String name = checkName(draft.name(), errors);
    Long parentId = checkParent(draft.type(), draft.parentCode(), errors);
    errors.throwIfAny();
    long id;
    try {
      id = units.insert(code, name, draft.type(), parentId);
    } catch (DuplicateKeyException e) {
      throw InvalidInputException.of("code", "单位编码 " + code + " 已被使用");
    }
    groups.ensure(code, name);
    audit.record("UNIT_CREATED", "unit:" + code, draft.type() + " " + name + (draft.parentCode() == null ? "" : " ← " + draft.parentCode()));
    return units.findById(id).orElseThrow();
  }

  /** Renames or moves a unit; {@code version} is the one the editor saw, so two editors don't overwrite each other. */
  @Transactional
  public Unit update(String code, int version, String name, String parentCode) {
    Unit unit = require(code);
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String newName = checkName(name, errors);
    Long parentId = checkParent(unit.type(), parentCode, errors);
    if (parentId != null && isSelfOrDescendant(parentId, unit.id())) {
      errors.add("parentCode", "上级单位不能是本单位或其下级单位");
    }
    errors.throwIfAny();
    if (!units.update(unit.id(), version, newName, parentId, unit.active())) {
      throw new OptimisticLockingFailureException("单位 " + code + " 已被他人修改，请刷新后重试");
    }
    groups.ensure(code, newName);
    audit.record("UNIT_UPDATED", "unit:" + code, unit.name() + " → " + newName + "; 上级 " + unit.parentCode() + " → " + parentCode);
    return require(code);
  }

  @Transactional
  public Unit setActive(String code, int version, boolean active) {
    Unit unit = require(code);
    if (!active && units.countActiveChildren(unit.id()) > 0) {
      throw InvalidInputException.of("active", "单位 " + code + " 还有启用的下级单位，请先停用下级单位");
    }
    if (active && unit.parentId() != null && !units.findById(unit.parentId()).orElseThrow().active()) {
      throw InvalidInputException.of("active", "上级单位 " + unit.parentCode() + " 已停用，请先启用上级单位");
    }
    if (!units.update(unit.id(), version, unit.name(), unit.parentId(), active)) {
      throw new OptimisticLockingFailureException("单位 " + code + " 已被他人修改，请刷新后重试");
    }
    audit.record(active ? "UNIT_ACTIVATED" : "UNIT_DEACTIVATED", "unit:" + code, unit.name());
    return require(code);
  }

  private static String checkName(String name, InvalidInputException.Collector errors) {
    String checked = StaffService.checkText(name, "name", "单位名称", MAX_NAME, true, errors);
    return checked == null ? "" : checked;
  }

  private Long checkParent(UnitType type, String parentCode, InvalidInputException.Collector errors) {
    if (type == null) {
      errors.add("type", "请选择单位类型（部门、服务大厅、科室队所、窗口）");
      return null;
    }
    boolean noParent = parentCode == null || parentCode.isBlank();
    if (type == UnitType.DEPARTMENT) {
      errors.check(noParent, "parentCode", "部门是最上级单位，不能有上级单位");
      return null;
    }
    if (noParent) {
      errors.add("parentCode", type.label() + "必须有上级单位");
      return null;
    }
    Optional<Unit> parent = units.findByCode(parentCode.trim());
    if (parent.isEmpty()) {
      errors.add("parentCode", "没有编码为 " + parentCode.trim() + " 的上级单位");
      return null;
    }
    if (!type.allowedParents().contains(parent.get().type())) {
      errors.add("parentCode", type.label() + "的上级不能是" + parent.get().type().label());
    } else if (!parent.get().active()) {
      errors.add("parentCode", "上级单位 " + parentCode.trim() + " 已停用");
    }
    return parent.get().id();
  }

  private boolean isSelfOrDescendant(long candidateId, long unitId) {
    Long current = candidateId;
    while (current != null) {
      if (current == unitId) {
        return true;
      }
      current = units.findById(current).map(Unit::parentId).orElse(null);
    }
    return false;
  }
}
