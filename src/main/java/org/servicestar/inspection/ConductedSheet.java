package org.servicestar.inspection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.servicestar.rectification.Severity;
import org.servicestar.web.TextLimits;

/**
 * What an inspector submitted in Task_ConductInspection, checked against the inspection's own sheet
 * (its maxima come from the snapshot in the database, never from the form). Every problem is named —
 * the item or the finding and why — in one refusal, so the inspector fixes them all at once.
 */
record ConductedSheet(List<Score> scores, String summary, List<Finding> findings) {

  record Score(int position, BigDecimal score, String remark) {
  }

  record Finding(int position, String description, Severity severity, boolean needsRectification, boolean seriousImageHarm) {
  }

  static final int MAX_REMARK = 1000;
  static final int MAX_SUMMARY = 4000;
  static final int MAX_DESCRIPTION = 2000;
  static final int MAX_FINDINGS = 100;

  boolean rectificationsNeeded() {
    return findings.stream().anyMatch(Finding::needsRectification);
  }

  boolean seriousImageHarmFound() {
    return findings.stream().anyMatch(Finding::seriousImageHarm);
  }

  BigDecimal total() {
    return scores.stream().map(Score::score).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  static ConductedSheet check(List<InspectionItem> sheet, Object itemsValue, Object summaryValue, Object findingsValue) {
    List<String> problems = new ArrayList<>();
    List<Score> scores = scores(sheet, SheetJson.rows(itemsValue, "评分表"), problems);
    String summary = summaryValue == null ? null : summaryValue.toString().strip();
    if (!TextLimits.fits(summary, MAX_SUMMARY)) {
      problems.add(TextLimits.tooLong("检查总体情况", MAX_SUMMARY, summary));
    }
    List<Finding> findings = findings(SheetJson.rows(findingsValue, "问题清单"), problems);
    if (!problems.isEmpty()) {
      throw new InspectionInputRefused(String.join("；", problems));
    }
    return new ConductedSheet(scores, summary == null || summary.isEmpty() ? null : summary, findings);
  }

  private static List<Score> scores(List<InspectionItem> sheet, List<Map<String, Object>> rows, List<String> problems) {
    if (rows.size() != sheet.size()) {
      problems.add("评分表应有 " + sheet.size() + " 项，收到 " + rows.size() + " 项；请刷新任务后重新填写");
      return List.of();
    }
    Map<Integer, Map<String, Object>> byPosition = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      // Rows carry their position; a client that dropped it sends them in the sheet's order.
      Integer position = integer(rows.get(i).get("position"));
      byPosition.put(position != null ? position : sheet.get(i).position(), rows.get(i));
    }
    List<Score> scores = new ArrayList<>();
    for (int i = 0; i < sheet.size(); i++) {
      InspectionItem item = sheet.get(i);
      Map<String, Object> row = byPosition.getOrDefault(item.position(), rows.get(i));
      String name = "第 " + (i + 1) + " 项“" + item.label() + "”（" + item.dimension().label() + "）";
      BigDecimal score;
      try {
        score = decimal(row.get("score"));
      } catch (NumberFormatException e) {
        problems.add(name + "的得分不是数字");
        continue;
      }
      if (score == null) {
        problems.add(name + "未打分");
        continue;
      }
      if (score.signum() < 0) {
        problems.add(name + "的得分不能为负数");
      } else if (score.compareTo(item.maxScore()) > 0) {
        problems.add(name + "的得分 " + score.stripTrailingZeros().toPlainString() + " 超过满分 "
            + item.maxScore().stripTrailingZeros().toPlainString());
      } else if (score.stripTrailingZeros().scale() > 2) {
        problems.add(name + "的得分最多保留两位小数");
      }
      String remark = text(row.get("remark"));
      if (!TextLimits.fits(remark, MAX_REMARK)) {
        problems.add(TextLimits.tooLong(name + "的备注", MAX_REMARK, remark));
      }
      scores.add(new Score(item.position(), score, remark));
    }
    return scores;
  }

  private static List<Finding> findings(List<Map<String, Object>> rows, List<String> problems) {
    List<Finding> findings = new ArrayList<>();
    int n = 0;
    for (Map<String, Object> row : rows) {
      String description = text(row.get("description"));
      String severityText = text(row.get("severity"));
      boolean needsRectification = yes(row.get("needsRectification"));
      boolean imageHarm = yes(row.get("seriousImageHarm"));
      if (description == null && severityText == null && !needsRectification && !imageHarm) {
        continue; // a blank row the inspector added and left empty
      }
      n++;
      String name = "第 " + n + " 个问题";
      if (description == null) {
        problems.add(name + "：请填写问题描述");
      } else if (!TextLimits.fits(description, MAX_DESCRIPTION)) {
        problems.add(TextLimits.tooLong(name + "：问题描述", MAX_DESCRIPTION, description));
      }
      Severity severity = Severity.parse(severityText);
      if (severity == null) {
        problems.add(name + "：请选择严重程度（一般、较重或严重）");
      }
      findings.add(new Finding(n, description, severity, needsRectification, imageHarm));
    }
    if (n > MAX_FINDINGS) {
      problems.add("一次检查最多记录 " + MAX_FINDINGS + " 个问题");
    }
    return findings;
  }

  private static BigDecimal decimal(Object value) {
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    return new BigDecimal(value.toString().strip());
  }

  private static Integer integer(Object value) {
    try {
      return value == null ? null : new BigDecimal(value.toString().strip()).intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static String text(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString().strip();
  }

  /** A form-js checkbox gives a boolean; the REST API may send "true". */
  private static boolean yes(Object value) {
    return Boolean.TRUE.equals(value) || "true".equals(value);
  }
}
