package org.servicestar.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The lines of one subject's score (a unit code or "staff:{badge}"), in the order they are added.
 * Stored as one JSON array per subject in {@code score_explanation}: they are only ever read whole, one
 * subject at a time, and a city's 65 000 lines as rows cost a scoring run more than its million ratings
 * (issue 9). Each line is itself an array of its six values, in the order of {@link Line}'s components,
 * {@code ["TOTAL","年度总分",70.6351,null,70.6400,null]}: the property names repeated on every line were a
 * fifth of the 9 MB a city's run writes (and more rows went to TOAST, compressed); V25 turned the
 * stored objects into arrays.
 */
final class Explanation {

  @JsonFormat(shape = JsonFormat.Shape.ARRAY)
  @JsonPropertyOrder({"component", "label", "rawValue", "weight", "points", "sourceLink"})
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

  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final TypeReference<List<Line>> LINES = new TypeReference<>() {
  };

  /** The stored form of the lines. */
  static String json(List<Line> lines) {
    try {
      return JSON.writeValueAsString(lines);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("score explanation not writable as JSON", e);
    }
  }

  static List<Line> lines(String json) {
    try {
      return JSON.readValue(json, LINES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored score explanation is not valid JSON: " + e.getOriginalMessage(), e);
    }
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
