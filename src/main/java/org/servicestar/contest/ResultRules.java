package org.servicestar.contest;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.servicestar.unit.Staff;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitTree;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;

/**
 * What makes a result valid, whether typed on the page or read from a file. A staff member may compete
 * for their own unit or for a unit above it (a hall sends its windows' best), so the badge's unit must
 * be the result's unit or lie in its subtree; with a badge and no unit, the staff member's own unit is taken.
 */
final class ResultRules {

  /** A result as entered: all text, parsed here so the page and the import say the same things. */
  record Draft(String unitCode, String staffBadge, String rank, String points, String remark) {
  }

  /** A result that passed the checks. */
  record Checked(String unitCode, String staffBadge, Integer rank, BigDecimal points, String remark) {

    String participant() {
      return ResultRow.participantKey(unitCode, staffBadge);
    }
  }

  /** Reads units and staff; one per operation, so an import of many rows asks the database once per code. */
  interface Lookup {
    Optional<Unit> unit(String code);

    Optional<Staff> staff(String badge);
  }

  static final int MAX_REMARK = 500;
  private static final Pattern RANK = Pattern.compile("\\d{1,6}");
  private static final Pattern POINTS = Pattern.compile("\\d{1,3}(\\.\\d{1,2})?");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private ResultRules() {
  }

  /**
   * Checks one result; {@code taken} holds the participants already in the contest (or earlier in the
   * file). Returns null when there were errors (they are in {@code errors}).
   */
  static Checked check(Draft draft, Lookup lookup, Set<String> taken, InvalidInputException.Collector errors) {
    int before = errors.errors().size();
    String badge = blankToNull(draft.staffBadge());
    String code = blankToNull(draft.unitCode());
    Optional<Staff> staff = Optional.empty();
    if (badge != null) {
      staff = lookup.staff(badge);
      if (staff.isEmpty()) {
        errors.add("staffBadge", "没有工号为 " + badge + " 的工作人员");
      } else if (code == null) {
        code = staff.get().unitCode();
      }
    }
    Optional<Unit> unit = Optional.empty();
    if (code == null) {
      errors.check(badge != null, "unitCode", "请填写单位编码（填了工号时可不填，取其所在单位）");
    } else {
      unit = lookup.unit(code);
      if (unit.isEmpty()) {
        errors.add("unitCode", "没有编码为 " + code + " 的单位");
      } else if (!unit.get().active()) {
        errors.add("unitCode", "单位 " + code + " 已停用");
      }
    }
    if (unit.isPresent() && staff.isPresent() && !withinSubtree(staff.get().unitCode(), unit.get().code(), lookup)) {
      errors.add("staffBadge", "工号 " + badge + "（" + staff.get().name() + "）属于单位 " + staff.get().unitCode()
          + "，不在 " + unit.get().code() + " 及其下级单位中");
    }
    Integer rank = null;
    String rankText = blankToNull(draft.rank());
    if (rankText != null) {
      if (RANK.matcher(rankText).matches() && Integer.parseInt(rankText) >= 1) {
        rank = Integer.parseInt(rankText);
      } else {
        errors.add("rank", "名次“" + rankText + "”须为不小于 1 的整数");
      }
    }
    BigDecimal points = null;
    String pointsText = blankToNull(draft.points());
    if (pointsText != null) {
      if (POINTS.matcher(pointsText).matches() && new BigDecimal(pointsText).compareTo(HUNDRED) <= 0) {
        points = new BigDecimal(pointsText);
      } else {
        errors.add("points", "得分“" + pointsText + "”须为 0–100 的数，最多两位小数");
      }
    }
    errors.check(rankText != null || pointsText != null, "result", "请填写名次或得分（至少一项）");
    String remark = blankToNull(draft.remark());
    if (remark != null) {
      errors.check(TextLimits.fits(remark, MAX_REMARK), "remark", TextLimits.tooLong("备注", MAX_REMARK, remark));
      errors.check(remark.chars().noneMatch(Character::isISOControl), "remark", "备注不能包含控制字符");
    }
    if (code != null && unit.isPresent()) {
      String key = ResultRow.participantKey(code, badge);
      errors.check(!taken.contains(key), badge != null ? "staffBadge" : "unitCode",
          badge != null ? "工号 " + badge + " 已在本次比赛中有成绩" : "单位 " + code + " 已在本次比赛中有成绩");
    }
    return errors.errors().size() > before ? null : new Checked(code, badge, rank, points, remark);
  }

  /** Whether {@code inner} is {@code outer} or lies below it in the unit tree. */
  static boolean withinSubtree(String inner, String outer, Lookup lookup) {
    return inner.equals(outer) || lookup.unit(inner).map(u -> UnitTree.within(u, outer, lookup::unit)).orElse(false);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
