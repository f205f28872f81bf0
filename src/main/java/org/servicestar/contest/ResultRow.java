package org.servicestar.contest;

import java.math.BigDecimal;

/** A result as the contest's page shows it, with the unit's and the staff member's names. */
record ResultRow(long id, long contestId, String unitCode, String unitName, String staffBadge, String staffName,
                 Integer resultRank, BigDecimal points, String remark) {

  /** Who took part: a staff member counts once per contest, a unit (without staff) once. */
  String participant() {
    return participantKey(unitCode, staffBadge);
  }

  static String participantKey(String unitCode, String staffBadge) {
    return staffBadge != null ? "staff:" + staffBadge : "unit:" + unitCode;
  }

  String describe() {
    return (staffBadge != null ? staffName + "（工号 " + staffBadge + "）@" : "") + unitCode
        + (resultRank != null ? " 第" + resultRank + "名" : "") + (points != null ? " " + points.toPlainString() + "分" : "");
  }
}
