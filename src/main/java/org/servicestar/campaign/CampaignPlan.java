package org.servicestar.campaign;

import java.time.LocalDateTime;

/** A unit's implementation plan of a campaign (动员部署), as it stands now. */
public record CampaignPlan(int campaignYear, String unitCode, String unitName, String status,
                           String selfInspection, String goodPractice, String problems, String planText,
                           LocalDateTime submittedAt, String submittedBy, LocalDateTime reviewedAt, String reviewedBy,
                           String reviewComment, int returnCount, LocalDateTime missingAt,
                           LocalDateTime commitmentsMissingAt) {

  public String statusLabel() {
    for (PlanStatus s : PlanStatus.values()) {
      if (s.name().equals(status)) {
        return s.label();
      }
    }
    return status;
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
