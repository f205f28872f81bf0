package org.servicestar.sentiment;

/**
 * Where a public-opinion record stands ({@code sentiment.status}). Public because scoring asks
 * whether a negative one was handled ({@link #CLOSED}): it compares with this enum, not a string.
 */
public enum SentimentStatus {
  RECORDED("仅登记"),
  RESPONDING("待回应"),
  RECTIFYING("整改中"),
  CLOSED("已处置");

  private final String label;

  SentimentStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
