package org.servicestar.rating;

import java.util.List;

/**
 * The hook for a unit's published service commitments (三亮·亮承诺), shown on its rating page so the
 * public can hold it to them. There is no commitments table yet: until the campaign feature (issue 5,
 * {@code Task_PublishCommitments}) provides a Spring bean implementing this interface, the rating page
 * says that none are published.
 */
public interface PublishedCommitments {

  /** One published commitment: a short title and its text. */
  record Commitment(String title, String text) {
  }

  /** The commitments the unit has published and that are in force, in the order to show them. */
  List<Commitment> of(String unitCode);
}
