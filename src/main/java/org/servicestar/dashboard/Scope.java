package org.servicestar.dashboard;

import java.util.List;
import java.util.Set;

import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.springframework.security.core.Authentication;

/**
 * Whose rows a dashboard shows: every unit for those who oversee the competition, the person's own
 * units for a unit's leads. Decided once per request so that every query filters the same way.
 */
record Scope(boolean allUnits, Set<String> unitCodes) {

  static Scope of(Authentication auth) {
    return new Scope(Access.oversees(auth), CurrentUser.unitCodes(auth));
  }

  boolean includes(String unitCode) {
    return allUnits || unitCodes.contains(unitCode);
  }

  /** The unit codes for an {@code in (:units)} filter; never empty, so the SQL stays valid for someone with no unit. */
  List<String> codes() {
    return unitCodes.isEmpty() ? List.of("") : List.copyOf(unitCodes);
  }

  /**
   * The scope as a condition on {@code column} ({@code " and column in (:units)"}, nothing for every
   * unit; bind {@link #codes} as {@code units}), written into the statement rather than as {@code (:all or …)}: the planner then uses the
   * unit's index for a lead instead of reading a province's rows.
   */
  String condition(String column) {
    return allUnits ? "" : " and " + column + " in (:units)";
  }
}
