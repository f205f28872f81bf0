package org.servicestar.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** What the logged-in person is, for pages that show each role a different part of a record. */
public final class CurrentUser {

  private CurrentUser() {
  }

  public static boolean inAny(Authentication auth, String... groupIds) {
    if (auth == null) {
      return false;
    }
    Set<String> wanted = Arrays.stream(groupIds).map(Groups::authority).collect(Collectors.toSet());
    return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(wanted::contains);
  }

  /** The units whose lead the person is. */
  public static Set<String> unitCodes(Authentication auth) {
    if (auth == null) {
      return Set.of();
    }
    return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
        .filter(a -> a.startsWith(Groups.AUTHORITY_PREFIX + Groups.UNIT_PREFIX))
        .map(a -> a.substring((Groups.AUTHORITY_PREFIX + Groups.UNIT_PREFIX).length()))
        .collect(Collectors.toSet());
  }

  /** Office, inspectors, leading group and administrators oversee every unit. */
  public static boolean overseesAllUnits(Authentication auth) {
    return inAny(auth, Groups.OFFICE, Groups.INSPECTORS, Groups.LEADING_GROUP, Groups.ADMIN);
  }

  /** Whether the person may read a record of this unit: overseers all, a unit's leads their own. */
  public static boolean maySee(Authentication auth, String unitCode) {
    return overseesAllUnits(auth) || unitCodes(auth).contains(unitCode);
  }

  /** Who may read a complainant's contact: the office and the inspectors (DESIGN.md, issue 3). */
  public static boolean seesContacts(Authentication auth) {
    return inAny(auth, Groups.OFFICE, Groups.INSPECTORS);
  }
}
