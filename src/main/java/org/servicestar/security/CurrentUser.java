package org.servicestar.security;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * What the logged-in person is, for pages that show each role a different part of a record: the
 * checks that depend on a record's unit. The rules by role alone are in {@link Access}.
 */
public final class CurrentUser {

  private static final String UNIT_AUTHORITY = Groups.AUTHORITY_PREFIX + Groups.UNIT_PREFIX;

  private CurrentUser() {
  }

  /** Only {@link Access} combines groups into rules. */
  static boolean inAny(Authentication auth, String... groupIds) {
    if (auth == null) {
      return false;
    }
    Set<String> wanted = Arrays.stream(groupIds).map(Groups::authority).collect(Collectors.toSet());
    return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(wanted::contains);
  }

  /** The person's Camunda groups, as Tasklist's {@code ${currentUserGroups()}} has them. */
  public static List<String> groupIds(Authentication auth) {
    if (auth == null) {
      return List.of();
    }
    return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
        .filter(a -> a != null && a.startsWith(Groups.AUTHORITY_PREFIX))
        .map(a -> a.substring(Groups.AUTHORITY_PREFIX.length())).sorted().toList();
  }

  /** The units whose lead the person is. */
  public static Set<String> unitCodes(Authentication auth) {
    if (auth == null) {
      return Set.of();
    }
    return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
        .filter(a -> a != null && a.startsWith(UNIT_AUTHORITY))
        .map(a -> a.substring(UNIT_AUTHORITY.length()))
        .collect(Collectors.toSet());
  }

  /** Whether the person is a lead of this unit. */
  public static boolean leads(Authentication auth, String unitCode) {
    return unitCode != null && unitCodes(auth).contains(unitCode);
  }

  /** Whether the person may read a record of this unit: overseers all, a unit's leads their own. */
  public static boolean maySee(Authentication auth, String unitCode) {
    return Access.oversees(auth) || leads(auth, unitCode);
  }

  /** Whether the person may appeal a review of this unit: its leads, and the office for every unit. */
  public static boolean mayAppeal(Authentication auth, String unitCode) {
    return leads(auth, unitCode) || Access.appealsForEveryUnit(auth);
  }

  /** The person's roles in Chinese, for the start page: 领导小组, 单位负责人（code）… */
  public static List<String> roleNames(Authentication auth) {
    if (auth == null) {
      return List.of();
    }
    Map<String, String> names = Groups.FIXED.stream().collect(Collectors.toMap(g -> Groups.authority(g[0]), g -> g[1]));
    return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).filter(Objects::nonNull)
        .map(a -> names.getOrDefault(a, a.startsWith(UNIT_AUTHORITY) ? "单位负责人（" + a.substring(UNIT_AUTHORITY.length()) + "）" : null))
        .filter(Objects::nonNull).sorted().toList();
  }
}
