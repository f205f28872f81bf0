package org.servicestar.evaluation;

import java.time.LocalDateTime;

/** One evaluation round of a unit within a campaign. */
public record EvaluationRound(long id, String number, String unitCode, int campaignYear, String status,
                              String processInstanceId, Integer unitScore, String unitReview, String openedBy,
                              LocalDateTime openedAt, LocalDateTime closedAt, int yearRound) {

  /**
   * A unit has one round a year (V30): {@code year_round} 1. Rounds opened twice before that rule are kept
   * as 2, 3…, shown as duplicates and left out of the scores.
   */
  public static final int THE_YEARS_ROUND = 1;

  public boolean duplicate() {
    return yearRound != THE_YEARS_ROUND;
  }

  public String statusLabel() {
    String state = "CLOSED".equals(status) ? "已完成" : "评议中";
    return duplicate() ? state + "（同年重复的一轮，不计分）" : state;
  }
}
