package org.servicestar.veto;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The veto ruling's configuration: the rule that decides it, and how many working days a round lasts
 * (members who have not ruled are reminded at 09:00 of its last working day).
 */
@ConfigurationProperties("servicestar.vetoes")
public record VetoProperties(@DefaultValue("MAJORITY_OF_MEMBERS") RulingRule rulingRule,
                             @DefaultValue("5") int voteWorkingDays) {

  public VetoProperties {
    if (voteWorkingDays < 1 || voteWorkingDays > 30) {
      throw new IllegalArgumentException("servicestar.vetoes.vote-working-days must be 1–30, not " + voteWorkingDays);
    }
  }
}
