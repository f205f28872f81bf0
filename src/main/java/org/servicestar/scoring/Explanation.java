package org.servicestar.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The score_line rows of one subject (a unit code or "staff:{badge}"), in the order they are added. */
final class Explanation {

  record Line(String component, String label, BigDecimal rawValue, BigDecimal weight, BigDecimal points, String sourceLink) {
  }

  private static final int MAX_LABEL = 300;

  final String subject;
  final List<Line> lines = new ArrayList<>();

  Explanation(String subject) {
    this.subject = subject;
  }

  Explanation add(String component, String label, Double raw, Double weight, Double points, String link) {
    lines.add(new Line(component, label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL),
        exact(raw), exact(weight), exact(points), link));
    return this;
  }

  private static BigDecimal exact(Double value) {
    return value == null ? null : BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP);
  }

  /** A score as stored and shown: two decimals, half up. */
  static BigDecimal score(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
  }

  /** A number for a label: at most two decimals, no trailing zeros. */
  static String text(double value) {
    return score(value).stripTrailingZeros().toPlainString();
  }
}
