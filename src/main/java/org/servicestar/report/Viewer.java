package org.servicestar.report;

import java.util.Set;

import org.servicestar.security.Access;
import org.servicestar.security.CurrentUser;
import org.springframework.security.core.Authentication;

/**
 * Whose export it is: overseers (office, inspectors, leading group, administrators) get every unit, a
 * unit's lead only the rows of the units they lead; complainants' contacts only for office and inspectors.
 */
record Viewer(String name, boolean all, Set<String> units, boolean contacts) {

  static Viewer of(Authentication auth) {
    return new Viewer(auth == null ? "anonymous" : auth.getName(), Access.oversees(auth),
        CurrentUser.unitCodes(auth), Access.seesContacts(auth));
  }

  boolean sees(String unitCode) {
    return all || units.contains(unitCode);
  }
}
