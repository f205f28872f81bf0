package org.servicestar.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import org.springframework.web.util.HtmlUtils;

/**
 * A horizontal bar chart as inline SVG, drawn on the server so the printed report needs no script:
 * one bar per label, the number written beside each bar (the figure, not just its picture).
 */
final class SvgBars {

  record Bar(String label, BigDecimal value) {
  }

  private static final int LABEL_WIDTH = 180;
  private static final int BAR_WIDTH = 380;
  private static final int ROW = 22;

  private SvgBars() {
  }

  /** {@code max}: the value of a full bar (e.g. 100 for percents), or null for the largest value shown. */
  static String horizontal(List<Bar> bars, BigDecimal max, String suffix) {
    double full = max != null ? max.doubleValue()
        : bars.stream().map(Bar::value).filter(v -> v != null).mapToDouble(BigDecimal::doubleValue).max().orElse(1);
    if (full <= 0) {
      full = 1;
    }
    int height = Math.max(1, bars.size()) * ROW + 4;
    int width = LABEL_WIDTH + BAR_WIDTH + 80;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
        width, height, width, height));
    int y = 2;
    for (Bar bar : bars) {
      double v = bar.value() == null ? 0 : bar.value().doubleValue();
      int w = (int) Math.round(Math.max(0, Math.min(1, v / full)) * BAR_WIDTH);
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">%s</text>", LABEL_WIDTH - 6, y + 15,
          HtmlUtils.htmlEscape(shorten(bar.label()))));
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#b4232a\"/>",
          LABEL_WIDTH, y + 3, w, ROW - 6));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>", LABEL_WIDTH + w + 6, y + 15,
          bar.value() == null ? "—" : HtmlUtils.htmlEscape(bar.value().stripTrailingZeros().toPlainString() + suffix)));
      y += ROW;
    }
    return svg.append("</svg>").toString();
  }

  private static String shorten(String label) {
    return label == null ? "" : label.length() > 14 ? label.substring(0, 13) + "…" : label;
  }
}
