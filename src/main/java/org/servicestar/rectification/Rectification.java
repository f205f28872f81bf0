package org.servicestar.rectification;

import java.time.LocalDateTime;

/** A rectification as the ledger holds it. Times are Beijing time. */
public record Rectification(long id, String number, String unitCode, RectificationSource sourceType, String sourceId,
                            String problem, Severity severity, RectificationStatus status, Integer deadlineDays,
                            LocalDateTime dueAt, int returnCount, int extensionCount, String processInstanceId,
                            LocalDateTime openedAt, String openedBy, LocalDateTime closedAt, LocalDateTime updatedAt) {

  /** Not accepted and past its due date. */
  public boolean overdueAt(LocalDateTime now) {
    return status.open() && (status == RectificationStatus.OVERDUE || dueAt != null && dueAt.isBefore(now));
  }

  public String sourcePage() {
    return sourceType.pageOf(sourceId);
  }
}
