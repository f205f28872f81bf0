package org.servicestar.security;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may do what in the app's own pages (Tasklist and {@code /engine-rest} follow Camunda's authorizations).
 *
 * <p>Each rule is written once, as a static method on the person's {@link Authentication}. The other
 * places name that method: an endpoint with the constant of the same rule ({@code @PreAuthorize(Access.OVERSEE)},
 * which calls this class as the bean {@code @access}), a template with the same expression in
 * {@code sec:authorize}, a page's flag ({@code mayEdit}) by calling the method, and SecurityConfig's URL
 * rules through {@link #url}. Checks that depend on a record's unit ("a unit's leads see their own unit")
 * are in {@link CurrentUser}. No other class spells a {@code GROUP_} authority (ArchitectureTest).
 */
@Component("access")
public class Access {

  /** The office and administrators run the competition: master data, campaigns, contests, ratings, evaluations, scores. */
  public static final String RUN_COMPETITION = "@access.runsCompetition(authentication)";

  /** The office, the inspectors, the leading group and administrators oversee every unit. */
  public static final String OVERSEE = "@access.oversees(authentication)";

  /** The overseers, and a unit's leads the same pages with their own unit's rows ({@link CurrentUser#maySee}). */
  public static final String VIEW_COMPETITION = "@access.viewsCompetition(authentication)";

  /** Only the leading group confirms or annuls a veto. */
  public static final String RULE_VETOES = "@access.rulesVetoes(authentication)";

  /** Administrators: {@code /admin/**}, Cockpit and Camunda Admin. */
  public static final String ADMINISTER = "@access.administers(authentication)";

  /** Anyone logged in; the page itself shows each person their own units' records only. */
  public static final String SIGNED_IN = "@access.signedIn(authentication)";

  private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

  Access() {
  }

  public static boolean runsCompetition(Authentication auth) {
    return CurrentUser.inAny(auth, Groups.OFFICE, Groups.ADMIN);
  }

  public static boolean oversees(Authentication auth) {
    return CurrentUser.inAny(auth, Groups.OFFICE, Groups.INSPECTORS, Groups.LEADING_GROUP, Groups.ADMIN);
  }

  public static boolean viewsCompetition(Authentication auth) {
    return oversees(auth) || !CurrentUser.unitCodes(auth).isEmpty();
  }

  public static boolean rulesVetoes(Authentication auth) {
    return CurrentUser.inAny(auth, Groups.LEADING_GROUP);
  }

  public static boolean administers(Authentication auth) {
    return CurrentUser.inAny(auth, Groups.ADMIN);
  }

  public static boolean signedIn(Authentication auth) {
    return TRUST.isAuthenticated(auth);
  }

  /** Who may read a complainant's contact: the office and the inspectors (DESIGN.md, issue 3). */
  public static boolean seesContacts(Authentication auth) {
    return CurrentUser.inAny(auth, Groups.OFFICE, Groups.INSPECTORS);
  }

  /** Who starts an inspection (明查暗访) in Tasklist: the inspectors and the office (IdentityBootstrap, InspectionStartPermission). */
  public static boolean startsInspections(Authentication auth) {
    return CurrentUser.inAny(auth, Groups.INSPECTORS, Groups.OFFICE);
  }

  /** Who works an inspection's open tasks in Tasklist: the inspectors. */
  public static boolean worksInspections(Authentication auth) {
    return CurrentUser.inAny(auth, Groups.INSPECTORS);
  }

  /** Who appeals a rating's review for any unit: the office (a unit's leads for their own: {@link CurrentUser#mayAppeal}). */
  public static boolean appealsForEveryUnit(Authentication auth) {
    return CurrentUser.inAny(auth, Groups.OFFICE);
  }

  /** A rule as a URL rule of SecurityConfig, e.g. {@code url(Access::administers)} for {@code /admin/**}. */
  static <T> AuthorizationManager<T> url(java.util.function.Predicate<Authentication> rule) {
    return (authentication, object) -> new AuthorizationDecision(rule.test(authentication.get()));
  }
}
