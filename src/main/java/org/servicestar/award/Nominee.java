package org.servicestar.award;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** A nominee of a category (award_nominee), as it stands now. */
public record Nominee(long id, int campaignYear, String category, String subject, String subjectName, String unitCode,
                      String unitName, BigDecimal score, Integer stars, Integer rankInCategory, boolean tied, String origin,
                      String status, String changeReason, String changedBy, LocalDateTime changedAt, int approveVotes,
                      int rejectVotes, String certificateNo, String parentName) {

  public AwardCategory awardCategory() {
    return AwardCategory.valueOf(category);
  }

  public String statusLabel() {
    return NomineeStatus.label(status);
  }

  /** The unit a nominee belongs to, as the results print it: a person's unit, a unit's parent (null for a top unit). */
  public String belongsTo() {
    return awardCategory().forStaff() ? unitName : parentName;
  }

  /** Where the nominee's score is explained, down to its records. */
  public String scoreLink() {
    return awardCategory().forStaff() ? "/scores/" + campaignYear + "/staff/" + subject
        : "/scores/" + campaignYear + "/units/" + subject;
  }
}
