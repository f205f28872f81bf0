package org.servicestar.contest;

import java.util.List;

import org.springframework.stereotype.Service;

/** The contests' results as the scoring reads them (the weight of contests in a score is the scoring's configuration). */
@Service
public class ContestResults {

  private final ContestRepository contests;

  ContestResults(ContestRepository contests) {
    this.contests = contests;
  }

  /** Every result of the campaign year's contests, by contest date. */
  public List<ContestResult> ofYear(int campaignYear) {
    return contests.resultsOfYear(campaignYear);
  }
}
