package org.servicestar.campaign;

import java.time.LocalDateTime;

/** A unit's implementation plan of a campaign (动员部署), as it stands now. */
public record CampaignPlan(int campaignYear, String unitCode, String unitName, String status,
                           String selfInspection, String goodPractice, String problems, String planText,
                           LocalDateTime submittedAt, String submittedBy, LocalDateTime reviewedAt, String reviewedBy,
                           String reviewComment, int returnCount, LocalDateTime missingAt,
                           LocalDateTime commitmentsMissingAt) {

  public String statusLabel() {
    return switch (status) {
      case "PENDING" -> "未提交";
      case "SUBMITTED" -> "待审核";
      case "RETURNED" -> "已退回";
      case "APPROVED" -> "已通过";
      default -> status;
    };
  }

  /** The phase ended without an approved plan: shown to the office, the unit stays in the competition. */
  public boolean flaggedMissing() {
    return missingAt != null;
  }

  /** The competition phase ended with the unit's commitments (三亮) unpublished: its task closed, the unit flagged. */
  public boolean flaggedCommitmentsMissing() {
    return commitmentsMissingAt != null;
  }
}
