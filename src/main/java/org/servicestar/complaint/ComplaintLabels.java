package org.servicestar.complaint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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

  private static final Map<String, String> STEPS = Map.ofEntries(
      Map.entry("RECEIVED", "收到"), Map.entry("ACCEPTED", "受理"), Map.entry("REJECTED", "不予受理"),
      Map.entry("MOVED", "转交其他单位"), Map.entry("MERGED", "并入其他投诉"), Map.entry("DUPLICATE_MERGED", "并入重复投诉"),
      Map.entry("SUBSTANTIATED", "核实：属实"), Map.entry("NOT_SUBSTANTIATED", "核实：不属实"),
      Map.entry("VETO_CHECKED", "一票否决判定"), Map.entry("RECTIFICATION_STARTED", "开始整改"),
      Map.entry("RECTIFICATION_DONE", "整改验收"), Map.entry("REPLIED", "答复投诉人"), Map.entry("RETURN_VISIT", "回访"),
      Map.entry("APPEAL_FILED", "单位申诉"), Map.entry("APPEAL_UPHELD", "申诉成立"), Map.entry("APPEAL_REJECTED", "申诉驳回"),
      Map.entry("LEADING_GROUP_DECIDED", "领导小组决定"), Map.entry("CLOSED", "办结"),
      Map.entry("PROCESS_NOT_STARTED", "办理流程未能启动，待自动重试"), Map.entry("PROCESS_STARTED", "办理流程已启动"));

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
