package org.servicestar.complaint;

/**
 * Which complaints count against their unit — the complaint feature's rule, for queries of other
 * features (scoring's deductions): one verified as substantiated, unless the bad review behind it
 * was excluded after the unit's appeal was upheld.
 */
public final class CountedComplaints {

  private CountedComplaints() {
  }

  /** True for a complaint (the table as {@code alias}) that counts against its unit. */
  public static String countAgainstUnit(String alias) {
    if (alias == null || !alias.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("not an SQL alias: " + alias);
    }
    return "(" + alias + ".substantiated = true and " + alias + ".review_excluded = false)";
  }
}
