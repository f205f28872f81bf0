package org.servicestar.veto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
 * The VetoCheck table (bpmn/veto-check.dmn) at its edges: each of the clauses it decides, the
 * severities just below a veto, and which clause wins when several facts hold (FIRST: the row order).
 */
class VetoCheckDecisionTest {

  private static DmnEngine dmn;
  private static DmnDecision decision;

  @BeforeAll
  static void parse() throws IOException {
    dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = Files.newInputStream(Path.of("bpmn/veto-check.dmn"))) {
      decision = dmn.parseDecision("VetoCheck", in);
    }
  }

  private static Integer clause(String category, String severity, boolean accident, boolean imageHarm) {
    DmnDecisionRuleResult entries = dmn.evaluateDecisionTable(decision, Variables.createVariables()
        .putValue("category", category).putValue("severity", severity)
        .putValue("safetyAccident", accident).putValue("seriousImageHarm", imageHarm)).getFirstResult();
    return entries == null ? null : ((Number) entries.getEntry("vetoClause")).intValue();
  }

  @ParameterizedTest(name = "{0}/{1} → clause {2}")
  @CsvSource(nullValues = "none", value = {
      "DISCIPLINE, HIGH, 1", "INTEGRITY, HIGH, 1", "DISCIPLINE, MEDIUM, none", "INTEGRITY, LOW, none",
      "ATTITUDE, MEDIUM, 3", "ATTITUDE, HIGH, 3", "ATTITUDE, LOW, none",
      "OVERDUE, MEDIUM, 5", "OVERDUE, HIGH, 5", "OVERDUE, LOW, none",
      "ENVIRONMENT, HIGH, none", "OTHER, HIGH, none"})
  void aVerifiedViolationWithoutAccidentOrImageHarm(String category, String severity, Integer expected) {
    assertThat(clause(category, severity, false, false)).isEqualTo(expected);
  }

  @Test
  void aSafetyAccidentVetoesWhateverTheCategoryAndWinsOverEveryOtherClause() {
    assertThat(clause("ENVIRONMENT", "LOW", true, false)).isEqualTo(2);
    assertThat(clause("DISCIPLINE", "HIGH", true, true)).isEqualTo(2);
  }

  @Test
  void seriousImageHarmIsClauseSixUnlessASeriousBreachOfDisciplineComesFirst() {
    assertThat(clause("OTHER", "LOW", false, true)).isEqualTo(6);
    assertThat(clause("ATTITUDE", "HIGH", false, true)).as("6 comes before 3 in the table").isEqualTo(6);
    assertThat(clause("INTEGRITY", "HIGH", false, true)).isEqualTo(1);
  }
}
