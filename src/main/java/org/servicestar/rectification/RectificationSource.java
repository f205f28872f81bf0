package org.servicestar.rectification;

/** What raised a rectification (the {@code sourceType} process variable). */
public enum RectificationSource {
  COMPLAINT("投诉", "/complaints/"),
  INSPECTION("检查", "/inspections/"),
  SENTIMENT("舆情", null);

  private final String label;
  private final String pagePrefix;

  RectificationSource(String label, String pagePrefix) {
    this.label = label;
    this.pagePrefix = pagePrefix;
  }

  public String label() {
    return label;
  }

  /** The app's page of the source case, or null when there is none. */
  public String pageOf(String sourceId) {
    return pagePrefix == null || sourceId == null || sourceId.isBlank() ? null : pagePrefix + sourceId;
  }

  public static RectificationSource parse(String value) {
    if (value == null) {
      return null;
    }
    for (RectificationSource source : values()) {
      if (source.name().equalsIgnoreCase(value.strip())) {
        return source;
      }
    }
    return null;
  }
}
