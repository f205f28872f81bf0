package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The StarRating table (bpmn/star-rating.dmn) at its edges: each threshold reached exactly, and just
 * missed; and {@link StarRatings.Table}, which evaluates a version only at its thresholds, giving the
 * engine's own answer for every score, for the shipped table and for tables an administrator might deploy.
 */
class StarRatingTest {

  private static DmnEngine dmn;
  private static DmnDecision decision;

  @BeforeAll
  static void parse() throws IOException {
    dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = Files.newInputStream(Path.of("bpmn/star-rating.dmn"))) {
      decision = dmn.parseDecision(StarRatings.DECISION, in);
    }
  }

  @ParameterizedTest(name = "{0} → {1} stars")
  @CsvSource({"100, 5", "95, 5", "94.99, 4", "90, 4", "89.99, 3", "85, 3", "84.99, 2", "80, 2", "79.99, 1", "70, 1",
      "69.99, 0", "0, 0"})
  void starsFromTheScore(double score, int stars) {
    Object result = dmn.evaluateDecisionTable(decision, Variables.createVariables().putValue(StarRatings.INPUT, score))
        .getSingleResult().getEntry(StarRatings.OUTPUT);
    assertThat(((Number) result).intValue()).isEqualTo(stars);
    assertThat(StarRatings.Table.of(dmn, decision).stars(BigDecimal.valueOf(score))).isEqualTo(stars);
  }

  @Test
  void theShippedTableIsWorkedOutAtItsThresholdsAndAgreesWithTheEngineOnEveryScore() {
    StarRatings.Table table = StarRatings.Table.of(dmn, decision);
    assertThat(table.precomputed()).isTrue();
    List<BigDecimal> scores = new ArrayList<>();
    for (int cents = 0; cents <= 100_00; cents++) {
      scores.add(BigDecimal.valueOf(cents, 2));
    }
    agree(decision, table, scores);
  }

  /** The first table overlaps at exactly 80 (UNIQUE refuses to answer there): the same refusal, only there. */
  @Test
  void editedTablesOfThresholdsRangesListsAndNegationsAgreeWithTheEngine() {
    String ranges = dmnXml("UNIQUE", "score", "double", new String[][] {
        {"[97.5..100]", "5"}, {"[92..97.5)", "4"}, {"]85.25..92[", "3"}, {"85.25, 80", "2"}, {"(70..85.25)", "1"},
        {"not([70..100])", "0"}});
    String reversed = dmnXml("FIRST", "score", "double", new String[][] {
        {"< 60", "0"}, {"<= 75.5", "1"}, {"> 99.99", "5"}, {"= 88", "4"}, {"-", "2"}});
    String collect = dmnXml("COLLECT\" aggregation=\"MAX", "score", "double", new String[][] {
        {">= 50", "1"}, {">= 90", "3"}, {"> 90.01", "4"}, {"", "0"}});
    String gaps = dmnXml("FIRST", "score", "double", new String[][] {{">= 90", "5"}, {"[60..70]", "2"}});
    for (String xml : List.of(ranges, reversed, collect, gaps)) {
      DmnDecision edited = parse(xml);
      StarRatings.Table table = StarRatings.Table.of(dmn, edited);
      assertThat(table.precomputed()).as(xml).isTrue();
      agree(edited, table, around(List.of("0", "50", "60", "70", "75.5", "80", "85.25", "88", "90", "90.01", "92", "97.5", "99.99", "100")));
    }
  }

  @Test
  void aTableThatDoesMoreThanCompareTheScoreIsEvaluatedScoreByScore() {
    String doubled = dmnXml("FIRST", "score * 2", "double", new String[][] {{">= 180", "5"}, {">= 140", "1"}, {"", "0"}});
    String integer = dmnXml("FIRST", "score", "integer", new String[][] {{">= 90", "5"}, {"", "0"}});
    String computed = dmnXml("FIRST", "score", "double", new String[][] {{">= 90", "floor(score / 20)"}, {"", "0"}});
    for (String xml : List.of(doubled, integer, computed)) {
      DmnDecision edited = parse(xml);
      StarRatings.Table table = StarRatings.Table.of(dmn, edited);
      assertThat(table.precomputed()).as(xml).isFalse();
    }
    DmnDecision edited = parse(doubled);
    agree(edited, StarRatings.Table.of(dmn, edited), around(List.of("70", "90")));
  }

  private static void agree(DmnDecision d, StarRatings.Table table, List<BigDecimal> scores) {
    for (BigDecimal score : scores) {
      DmnDecisionRuleResult result;
      try {
        result = dmn.evaluateDecisionTable(d, Variables.createVariables().putValue(StarRatings.INPUT, score.doubleValue())).getFirstResult();
      } catch (RuntimeException refused) {
        assertThatThrownBy(() -> table.stars(score)).as("score " + score).isInstanceOf(refused.getClass());
        continue;
      }
      Object value = result == null ? null : result.getEntry(StarRatings.OUTPUT);
      int expected = value instanceof Number n ? Math.max(0, Math.min(5, n.intValue())) : 0;
      assertThat(table.stars(score)).as("score " + score).isEqualTo(expected);
    }
  }

  /** Every half point from 0 to 100, and each given number with its neighbours a cent away. */
  private static List<BigDecimal> around(List<String> numbers) {
    TreeSet<BigDecimal> scores = new TreeSet<>();
    for (int halves = 0; halves <= 200; halves++) {
      scores.add(BigDecimal.valueOf(halves * 50L, 2));
    }
    BigDecimal cent = new BigDecimal("0.01");
    for (String n : numbers) {
      BigDecimal b = new BigDecimal(n).setScale(2);
      scores.addAll(List.of(b.subtract(cent), b, b.add(cent)));
    }
    return new ArrayList<>(scores);
  }

  private static DmnDecision parse(String xml) {
    return dmn.parseDecision(StarRatings.DECISION, new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /** A StarRating table as an administrator might redeploy it: rows of {input entry, output entry}. */
  static String dmnXml(String hitPolicy, String inputExpression, String inputType, String[][] rows) {
    StringBuilder rules = new StringBuilder();
    for (int i = 0; i < rows.length; i++) {
      rules.append("""
          <rule id="Rule_%d"><inputEntry id="In_%d"><text>%s</text></inputEntry><outputEntry id="Out_%d"><text>%s</text></outputEntry></rule>
          """.formatted(i, i, rows[i][0].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), i, rows[i][1]));
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn"
                     id="Definitions_StarRating" name="评星定档" namespace="http://servicestar.org/dmn">
          <decision id="StarRating" name="评星定档" camunda:historyTimeToLive="1825">
            <decisionTable id="DecisionTable_StarRating" hitPolicy="%s">
              <input id="Input_Score" label="年度得分" camunda:inputVariable="score">
                <inputExpression id="InputExpression_Score" typeRef="%s"><text>%s</text></inputExpression>
              </input>
              <output id="Output_Stars" label="星级" name="stars" typeRef="integer" />
              %s
            </decisionTable>
          </decision>
        </definitions>
        """.formatted(hitPolicy, inputType, inputExpression, rules);
  }
}
