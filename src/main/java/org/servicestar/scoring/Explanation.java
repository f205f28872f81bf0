package org.servicestar.scoring;

import java.math.BigDecimal;
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
 * {@code ["TOTAL","年度总分",null,null,70.64,null]}: the property names repeated on every line were a
 * fifth of the 9 MB a city's run writes (and more rows went to TOAST, compressed); V25 turned the
 * stored objects into arrays. The numbers are kept exactly as {@link ScoreCalculator} computed them (two
 * decimals for every score and share; inputs such as a level or a count as they are), and shown as kept:
 * a page that rounded them again could show a line that differs from its sum.
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

  Explanation add(String component, String label, BigDecimal raw, BigDecimal weight, BigDecimal points, String link) {
    lines.add(new Line(component, label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL), raw, weight, points, link));
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

}
