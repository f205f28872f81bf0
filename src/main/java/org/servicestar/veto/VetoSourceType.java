package org.servicestar.veto;

/** What a veto record rests on: the case whose findings are its evidence. */
public enum VetoSourceType {
  COMPLAINT("投诉", "/complaints/"),
  RECTIFICATION("整改", "/rectifications/"),
  INSPECTION("检查", "/inspections/"),
  OBJECTION("公示异议", null),
  /** Filed by the office by hand from a finding made outside the app; the source id is the document's number. */
  OFFICE("办公室登记", null);

  private final String label;
  private final String pagePrefix;

  VetoSourceType(String label, String pagePrefix) {
    this.label = label;
    this.pagePrefix = pagePrefix;
  }

  public String label() {
    return label;
  }

  /** The app's page of the case, or null when the app has no page for this kind of case. */
  public String pageOf(String sourceId) {
    return pagePrefix == null || sourceId == null ? null : pagePrefix + sourceId;
  }

  /** The source type named by {@code value} (case-insensitive), or null when there is none. */
  public static VetoSourceType parse(String value) {
    if (value == null) {
      return null;
    }
    for (VetoSourceType type : values()) {
      if (type.name().equalsIgnoreCase(value.strip())) {
        return type;
      }
    }
    return null;
  }
}
