package org.servicestar.award;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The award vote's configuration: the rule that approves a nominee, and how many working days the
 * leading group has to vote (a reminder goes out a working day before the vote closes; a member who
 * has not voted by then has not approved).
 */
@ConfigurationProperties("servicestar.awards")
public record AwardProperties(@DefaultValue("MAJORITY_OF_MEMBERS") ApprovalRule approvalRule,
                              @DefaultValue("5") int voteWorkingDays) {

  public AwardProperties {
    if (voteWorkingDays < 1 || voteWorkingDays > 30) {
      throw new IllegalArgumentException("servicestar.awards.vote-working-days must be 1–30, not " + voteWorkingDays);
    }
  }
}
