package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The StarRating table (bpmn/star-rating.dmn) at its edges: each threshold reached exactly, and just missed. */
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
  }
}
