package org.servicestar.inspection;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** One inspection as the inspection table holds it. Times are Beijing time. */
record Inspection(long id, String number, int campaignYear, String unitCode, InspectionType inspectionType, String status,
                  String processInstanceId, BigDecimal totalScore, BigDecimal maxScore, BigDecimal scorePct, String summary,
                  String inspector, String startedBy, LocalDateTime startedAt, LocalDateTime conductedAt, String note) {

  public boolean done() {
    return InspectionStatus.DONE.name().equals(status);
  }

  public String statusLabel() {
    return InspectionStatus.valueOf(status).label();
  }
}
