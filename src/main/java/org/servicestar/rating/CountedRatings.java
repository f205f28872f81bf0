package org.servicestar.rating;

/**
 * Which ratings count — the rating feature's rule, for every query that counts ratings: a rating
 * excluded by the office, or a bad review excluded after its complaint's appeal was upheld, counts
 * nowhere (not in figures, dashboards, exports or scores). The rule decides by the rating's own flag
 * and its complaint's, so a query takes {@link #from()} as its rating table and the predicates below,
 * with its own aliases.
 *
 * <p>SQL rather than a Java predicate, because a city's million ratings are grouped in the database;
 * {@link RatingRepository.Listed#countsNowhere()} says the same of one listed rating.
 */
public final class CountedRatings {

  private final String rating;
  private final String complaint;

  private CountedRatings(String rating, String complaint) {
    this.rating = rating;
    this.complaint = complaint;
  }

  /**
   * The rule with the rating table as {@code ratingAlias}, and its complaint as {@code complaintAlias}
   * (callers that read other columns of the complaint name it; others take any alias not otherwise used).
   */
  public static CountedRatings as(String ratingAlias, String complaintAlias) {
    return new CountedRatings(identifier(ratingAlias), identifier(complaintAlias));
  }

  /** The table expression, for a {@code from}: every rating, with the complaint that may exclude it. */
  public String from() {
    return "rating " + rating + " left join complaint " + complaint + " on " + complaint + ".number = " + rating + ".complaint_number";
  }

  /** True for a rating that counts. */
  public String counts() {
    return "not " + countsNowhere();
  }

  /** True for a rating that counts nowhere. */
  public String countsNowhere() {
    return "(" + rating + ".excluded or coalesce(" + complaint + ".review_excluded, false))";
  }

  private static String identifier(String alias) {
    if (alias == null || !alias.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("not an SQL alias: " + alias);
    }
    return alias;
  }
}
