package org.servicestar.campaign;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One year of the competition, {@code campaign-{year}}: its phases, weights and publicity length. */
public record Campaign(long id, int campaignYear, String code, String name,
                       LocalDate mobilisationStart, LocalDate mobilisationEnd,
                       LocalDate competitionStart, LocalDate competitionEnd,
                       LocalDate assessmentStart, LocalDate assessmentEnd,
                       int publicityDays, BigDecimal weightInspection, BigDecimal weightDaily,
                       BigDecimal weightSupervision, boolean allUnits, String status,
                       String processInstanceId, boolean suspended) {

  public CampaignPhase phase() {
    return CampaignPhase.valueOf(status);
  }


  public static String codeOf(int year) {
    return "campaign-" + year;
  }
}
