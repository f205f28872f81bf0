package org.servicestar.security;

import java.util.List;
import java.util.Optional;

/** The Camunda group ids of DESIGN.md (a public contract: Tasklist filters and diagrams use them). */
public final class Groups {

  public static final String LEADING_GROUP = "leading-group";
  public static final String OFFICE = "competition-office";
  public static final String INSPECTORS = "inspectors";
  public static final String ADMIN = "camunda-admin";

  /** Leads of one unit: {@code unit-{unitCode}}. */
  public static final String UNIT_PREFIX = "unit-";

  /** Spring Security authority of a group member, e.g. {@code GROUP_competition-office}. */
  public static final String AUTHORITY_PREFIX = "GROUP_";

  /** The groups every installation has, with their Chinese names. */
  static final List<String[]> FIXED = List.of(
      new String[] {LEADING_GROUP, "领导小组"},
      new String[] {OFFICE, "领导小组办公室"},
      new String[] {INSPECTORS, "督查考核组"},
      new String[] {ADMIN, "系统管理员"});

  private Groups() {
  }

  public static String ofUnit(String unitCode) {
    return UNIT_PREFIX + unitCode;
  }

  public static Optional<String> unitCodeOf(String groupId) {
    return groupId != null && groupId.startsWith(UNIT_PREFIX)
        ? Optional.of(groupId.substring(UNIT_PREFIX.length()))
        : Optional.empty();
  }

  public static String authority(String groupId) {
    return AUTHORITY_PREFIX + groupId;
  }
}
