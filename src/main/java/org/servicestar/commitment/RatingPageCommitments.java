package org.servicestar.commitment;

import java.util.List;

import org.servicestar.rating.PublishedCommitments;
import org.springframework.stereotype.Component;

/** Fills the rating page's hook: a window's rating page shows the commitments it has in force. */
@Component
class RatingPageCommitments implements PublishedCommitments {

  private final Commitments commitments;

  RatingPageCommitments(Commitments commitments) {
    this.commitments = commitments;
  }

  @Override
  public List<Commitment> of(String unitCode) {
    return commitments.inForce(unitCode).stream()
        .map(c -> new Commitment(c.campaignYear() + " 年 · " + c.kind().label(), c.text()))
        .toList();
  }
}
