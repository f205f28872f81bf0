package org.servicestar.veto;

import java.time.LocalDateTime;

/**
 * One fact that may veto a unit: the unit, the clause, the case it rests on, and the leading
 * group's ruling. Only {@link VetoStatus#CONFIRMED} records count in the assessment.
 */
public record VetoRecord(long id, String unitCode, int clause, VetoSourceType sourceType, String sourceId, String evidence,
                         VetoStatus status, LocalDateTime recordedAt, String recordedBy, LocalDateTime ruledAt, String ruledBy,
                         String rulingReason, String rulingProcessId) {

  public VetoClause clauseInfo() {
    return VetoClause.of(clause).orElseThrow();
  }

  /** The page of the case the record rests on, or null. */
  public String sourcePage() {
    return sourceType.pageOf(sourceId);
  }

  public boolean pending() {
    return status == VetoStatus.PENDING;
  }

  public boolean counts() {
    return status == VetoStatus.CONFIRMED;
  }
}
