package org.servicestar.complaint;

import java.time.LocalDateTime;

/** A complaint or bad review as stored. The contact is protected: only office and inspectors see it. */
public record Complaint(long id, String number, String unitCode, String originalUnitCode, String source, String channel,
                        String content, String contactName, String contactPhone, String clientRef, Long ratingId,
                        String status, String triageOutcome, String rejectReason, String mergedInto,
                        Boolean substantiated, String category, String severity, String findings, String reply,
                        String satisfaction, Integer vetoClause, boolean reviewExcluded, String exclusionReason,
                        String processInstanceId, LocalDateTime createdAt, LocalDateTime updatedAt) {

  /** Where the complaint stands, in the words the office uses. */
  public String statusLabel() {
    return ComplaintStatus.valueOf(status).label();
  }
}
