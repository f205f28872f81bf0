package org.servicestar.security;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

  /**
   * Whether a diagram's candidate group is one the app has: a fixed group, {@code unit-{unitCode}} of a
   * literal code, {@code unit-} followed by an expression ({@code unit-${unitCode}}), or an expression
   * alone (its value is decided at run time).
   */
  public static boolean isCandidateGroup(String group) {
    if (group == null || group.isBlank()) {
      return false;
    }
    String g = group.strip();
    if (FIXED.stream().anyMatch(fixed -> fixed[0].equals(g)) || EXPRESSION.matcher(g).matches()) {
      return true;
    }
    String rest = g.startsWith(UNIT_PREFIX) ? g.substring(UNIT_PREFIX.length()) : null;
    return rest != null && (UNIT_CODE.matcher(rest).matches() || EXPRESSION.matcher(rest).matches());
  }

  /** The known groups and the unit pattern, as a diagram's author reads them. */
  public static String candidateGroupsText() {
    return FIXED.stream().map(fixed -> fixed[0]).collect(Collectors.joining("、")) + " 或 " + UNIT_PREFIX + "单位编码（如 "
        + UNIT_PREFIX + "${unitCode}）";
  }

  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{[^}]+}");
  private static final Pattern UNIT_CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

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
