package org.servicestar.scoring;

import java.util.Set;

import org.servicestar.engine.DecisionReads;

/** What the CompetitionCampaign's scoring service task exchanges with {@code computeScoresDelegate}. */
public final class ScoringIds {

  public static final String DELEGATE = "computeScoresDelegate";
  public static final String DECISION = StarRatings.DECISION;
  /** StarRatings evaluates the latest StarRating with the year's score and reads the stars. */
  public static final DecisionReads STAR_RATING_READS = new DecisionReads(DECISION, Set.of(StarRatings.INPUT), Set.of(StarRatings.OUTPUT), false);

  public static final class Vars {
    /** In: the campaign's year (Integer). */
    public static final String CAMPAIGN_YEAR = "campaignYear";
    /** Out: the id of the scoring_run that computed the results (Long). */
    public static final String SCORING_RUN_ID = "scoringRunId";
    /** Out: how many units were scored (Integer). */
    public static final String SCORED_UNITS = "scoredUnits";

    private Vars() {
    }
  }

  private ScoringIds() {
  }
}
