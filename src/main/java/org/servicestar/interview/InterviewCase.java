package org.servicestar.interview;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;

/** One 约谈 case: the window, the two months it was last, the interview, the lead's confirmation, the follow-up month. */
public record InterviewCase(long id, String number, String unitCode, String unitName, int flagYear, int flagMonth,
                            Integer flagRank, Integer flagRanked, BigDecimal flagRate, InterviewStatus status,
                            String processInstanceId, LocalDateTime openedAt, LocalDate heldOn, String participants,
                            String causes, String commitments, String heldBy, LocalDateTime heldAt, String confirmedBy,
                            LocalDateTime confirmedAt, String confirmationNote, Integer followYear, Integer followMonth,
                            Integer followRank, Integer followRanked, BigDecimal followRate, LocalDateTime checkedAt) {

  public YearMonth flagged() {
    return YearMonth.of(flagYear, flagMonth);
  }

  /** "2026年2–3月连续末位" (across a year: "2025年12月–2026年1月"). */
  public String flagText() {
    YearMonth before = flagged().minusMonths(1);
    return before.getYear() == flagYear ? flagYear + "年" + before.getMonthValue() + "–" + flagMonth + "月连续末位"
        : before.getYear() + "年" + before.getMonthValue() + "月–" + flagYear + "年" + flagMonth + "月连续末位";
  }

  public YearMonth followUp() {
    return followYear == null ? null : YearMonth.of(followYear, followMonth);
  }

  public String statusLabel() {
    return status.label();
  }

  /** "3月第 12/12 名，满意率 40.0%". */
  public String flagPlace() {
    return flagRank == null ? "—" : flagMonth + "月第 " + flagRank + "/" + flagRanked + " 名，满意率 " + flagRate.toPlainString() + "%";
  }

  /** The follow-up month's place, or null before the check. */
  public String followPlace() {
    if (checkedAt == null) {
      return null;
    }
    return followRank == null ? followMonth + "月评价不足，不排名"
        : followMonth + "月第 " + followRank + "/" + followRanked + " 名，满意率 " + followRate.toPlainString() + "%";
  }
}
