package org.servicestar.evaluation;

import java.time.LocalDateTime;

/** One evaluation round of a unit within a campaign. */
public record EvaluationRound(long id, String number, String unitCode, int campaignYear, String status,
                              String processInstanceId, Integer unitScore, String unitReview, String openedBy,
                              LocalDateTime openedAt, LocalDateTime closedAt) {

  public String statusLabel() {
    return "CLOSED".equals(status) ? "已完成" : "评议中";
  }
}
