package org.servicestar.security;

/** Who may do what in the app's own pages, as {@code @PreAuthorize} expressions (Tasklist follows Camunda's authorizations). */
public final class Access {

  /** The office and administrators maintain master data. */
  public static final String MANAGE_MASTER_DATA = "hasAnyAuthority('GROUP_competition-office','GROUP_camunda-admin')";

  /** The people who run or oversee the competition may look at it. */
  public static final String VIEW_MASTER_DATA =
      "hasAnyAuthority('GROUP_competition-office','GROUP_camunda-admin','GROUP_leading-group','GROUP_inspectors')";

  /** Overseers see the whole competition, a unit's leads the same pages for their own unit (CurrentUser.maySee). */
  public static final String VIEW_COMPETITION = VIEW_MASTER_DATA
      + " or authentication.authorities.?[authority.startsWith('GROUP_unit-')].size() > 0";

  private Access() {
  }
}
