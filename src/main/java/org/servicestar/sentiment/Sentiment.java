package org.servicestar.sentiment;

import java.time.LocalDateTime;

/** A public-opinion issue (舆情) about a unit. */
public record Sentiment(long id, String number, String unitCode, String source, String link, String summary,
                        String severity, boolean negative, String status, String processInstanceId,
                        String rectificationNumber, String outcome, String recordedBy, LocalDateTime recordedAt,
                        LocalDateTime closedAt) {

  /** Where it was seen. */
  public enum Source {
    MEDIA("媒体"), INTERNET("网络"), PETITION("信访"), OTHER("其他");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public String sourceLabel() {
    try {
      return Source.valueOf(source).label();
    } catch (IllegalArgumentException e) {
      return source;
    }
  }

  public String statusLabel() {
    for (SentimentStatus s : SentimentStatus.values()) {
      if (s.name().equals(status)) {
        return s.label();
      }
    }
    return status;
  }

  public String severityLabel() {
    return switch (severity) {
      case "LOW" -> "一般";
      case "MEDIUM" -> "较重";
      case "HIGH" -> "严重";
      default -> severity;
    };
  }
}
