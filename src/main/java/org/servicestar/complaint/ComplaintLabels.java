package org.servicestar.complaint;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The words the office uses for a complaint's codes: what the verification found, how bad it was, how
 * the citizen felt at the return visit, and each step of its timeline. The codes are what the forms
 * send and the database keeps; pages and exports show these.
 */
public final class ComplaintLabels {

  /** In the order of the verification form. */
  public static final Map<String, String> CATEGORIES = ordered("ATTITUDE", "服务态度", "OVERDUE", "超时办理",
      "DISCIPLINE", "工作纪律", "INTEGRITY", "廉洁自律", "ENVIRONMENT", "服务环境", "OTHER", "其他");

  private static final Map<String, String> SEVERITIES = Map.of("LOW", "轻微", "MEDIUM", "一般", "HIGH", "严重");

  private static final Map<String, String> SATISFACTIONS = Map.of("SATISFIED", "满意", "BASICALLY_SATISFIED", "基本满意",
      "DISSATISFIED", "不满意");

  private static final Map<String, String> STEPS = Arrays.stream(ComplaintEventKind.values())
      .collect(Collectors.toUnmodifiableMap(Enum::name, ComplaintEventKind::label));

  private ComplaintLabels() {
  }

  public static String category(String code) {
    return label(CATEGORIES, code);
  }

  public static String severity(String code) {
    return label(SEVERITIES, code);
  }

  public static String satisfaction(String code) {
    return label(SATISFACTIONS, code);
  }

  /** A timeline step; a code this list does not know yet is shown as it is rather than hidden. */
  public static String step(String code) {
    return label(STEPS, code);
  }

  private static Map<String, String> ordered(String... codesAndLabels) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < codesAndLabels.length; i += 2) {
      labels.put(codesAndLabels[i], codesAndLabels[i + 1]);
    }
    return Collections.unmodifiableMap(labels);
  }

  private static String label(Map<String, String> labels, String code) {
    return code == null ? null : labels.getOrDefault(code, code);
  }
}
