package org.servicestar.rectification;

import java.util.Set;
import java.util.TreeSet;

import org.servicestar.security.Groups;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who may see a rectification: the office, the inspectors, the leading group, administrators, and the leads of the
 * unit concerned (members of {@code unit-{unitCode}}). Only those leads upload evidence.
 */
final class RectificationAccess {

  // Administrators too: they see everything elsewhere (DESIGN.md), and the ledger's links lead here.
  private static final Set<String> OVERSEERS = Set.of(Groups.authority(Groups.OFFICE), Groups.authority(Groups.INSPECTORS),
      Groups.authority(Groups.LEADING_GROUP), Groups.authority(Groups.ADMIN));
  private static final String UNIT_AUTHORITY = Groups.authority(Groups.UNIT_PREFIX);

  private RectificationAccess() {
  }

  /** Sees every unit's rectifications. */
  static boolean oversees(Authentication auth) {
    return auth != null && auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(OVERSEERS::contains);
  }

  /** The units whose leads the user is. */
  static Set<String> unitsLed(Authentication auth) {
    Set<String> units = new TreeSet<>();
    if (auth != null) {
      for (GrantedAuthority authority : auth.getAuthorities()) {
        String name = authority.getAuthority();
        if (name != null && name.startsWith(UNIT_AUTHORITY) && name.length() > UNIT_AUTHORITY.length()) {
          units.add(name.substring(UNIT_AUTHORITY.length()));
        }
      }
    }
    return units;
  }

  static boolean maySee(Authentication auth, Rectification rectification) {
    return oversees(auth) || unitsLed(auth).contains(rectification.unitCode());
  }

  static boolean mayUpload(Authentication auth, Rectification rectification) {
    return rectification.status().open() && unitsLed(auth).contains(rectification.unitCode());
  }
}
