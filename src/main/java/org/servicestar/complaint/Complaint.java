package org.servicestar.complaint;

import java.time.LocalDateTime;
import java.util.Map;

/** A complaint or bad review as stored. The contact is protected: only office and inspectors see it. */
public record Complaint(long id, String number, String unitCode, String originalUnitCode, String source, String channel,
                        String content, String contactName, String contactPhone, String clientRef, Long ratingId,
                        String status, String triageOutcome, String rejectReason, String mergedInto,
                        Boolean substantiated, String category, String severity, String findings, String reply,
                        String satisfaction, Integer vetoClause, boolean reviewExcluded, String exclusionReason,
                        String processInstanceId, LocalDateTime createdAt, LocalDateTime updatedAt,
                        String staffBadge) {

  /** How complaints come in, as the office says it (Tasklist's triage form and the case page show these, not the codes). */
  static final Map<String, String> CHANNELS = Map.of("ONLINE", "网上", "HOTLINE", "热线", "BOX", "意见箱", "LETTER", "来信",
      "RATING", "差评（服务评价）", "OFFICE", "办公室登记");

  static String channelLabel(String channel) {
    return CHANNELS.getOrDefault(channel, channel);
  }

  public String channelLabel() {
    return channelLabel(channel);
  }

  /** What the verification found, in words: "属实：服务态度 / 一般". */
  public String conclusionLabel() {
    if (substantiated == null) {
      return null;
    }
    return substantiated ? "属实：" + ComplaintLabels.category(category) + " / " + ComplaintLabels.severity(severity) : "不属实";
  }

  public String satisfactionLabel() {
    return ComplaintLabels.satisfaction(satisfaction);
  }

  /** Where the complaint stands, in the words the office uses. */
  public String statusLabel() {
    return ComplaintStatus.valueOf(status).label();
  }
}
