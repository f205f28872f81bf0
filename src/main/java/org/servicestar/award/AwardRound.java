package org.servicestar.award;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/** A year's award approval (award_round). */
public record AwardRound(int campaignYear, String processInstanceId, String status, String approvalRule, String voters,
                         LocalDateTime votingOpenedAt, LocalDateTime votingClosedAt, LocalDate publicityStart,
                         LocalDate publicityEnd, LocalDateTime publishedAt, String publishedBy) {

  public List<String> voterList() {
    return voters == null || voters.isBlank() ? List.of() : Arrays.asList(voters.split(","));
  }

  public String statusLabel() {
    return switch (status) {
      case "NOMINATING" -> "提名";
      case "VOTING" -> "领导小组表决";
      case "PUBLICITY" -> "公示";
      case "FINALIZING" -> "公示结束，待公布";
      case "PUBLISHED" -> "已公布";
      default -> status;
    };
  }
}
