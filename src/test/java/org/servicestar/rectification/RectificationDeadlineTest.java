package org.servicestar.rectification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RectificationDeadline table (bpmn/rectification-deadline.dmn), row by row, on Camunda's DMN
 * engine: which rule answers each source and severity, the edge rows (unknown or missing input fall
 * through to the default), and that every rule is reachable.
 */
class RectificationDeadlineTest {

  private static final Path FILE = Path.of("bpmn/rectification-deadline.dmn");
  private static final List<String> matched = new ArrayList<>();
  private static DmnEngine dmn;
  private static DmnDecision decision;

  @BeforeAll
  static void parse() throws IOException {
    DefaultDmnEngineConfiguration configuration = (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    configuration.customPostDecisionTableEvaluationListeners(List.of(new DmnDecisionTableEvaluationListener() {
      @Override
      public void notify(DmnDecisionTableEvaluationEvent event) {
        for (DmnEvaluatedDecisionRule rule : event.getMatchingRules()) {
          matched.add(rule.getId());
        }
      }
    }));
    dmn = configuration.buildEngine();
    try (InputStream in = Files.newInputStream(FILE)) {
      decision = dmn.parseDecision(RectificationIds.Decisions.DEADLINE, in);
    }
  }

  @Test
  void everyRuleAnswersSomeSourceAndSeverity() throws IOException {
    Set<String> reached = new HashSet<>();
    for (String source : List.of("COMPLAINT", "INSPECTION", "SENTIMENT")) {
      for (String severity : List.of("LOW", "MEDIUM", "HIGH")) {
        evaluate(source, severity);
        reached.addAll(matched);
      }
    }
    DmnModelInstance model = Dmn.readModelFromFile(FILE.toFile());
    Set<String> ruleIds = new HashSet<>();
    model.getModelElementsByType(Rule.class).forEach(r -> ruleIds.add(r.getId()));
    assertThat(reached).as("every rule of the table is reachable").isEqualTo(ruleIds);
  }

  @ParameterizedTest(name = "{0} / {1} → {2} working days ({3})")
  @CsvSource(nullValues = "null", value = {
      "COMPLAINT,  HIGH,   5,  Rule_High",
      "INSPECTION, HIGH,   5,  Rule_High",
      "SENTIMENT,  HIGH,   5,  Rule_High",
      "SENTIMENT,  MEDIUM, 5,  Rule_SentimentMedium",
      "COMPLAINT,  MEDIUM, 10, Rule_Medium",
      "INSPECTION, MEDIUM, 10, Rule_Medium",
      "SENTIMENT,  LOW,    10, Rule_Sentiment",
      "COMPLAINT,  LOW,    15, Rule_Default",
      "INSPECTION, LOW,    15, Rule_Default",
      // edge rows: missing or unknown input never fails the process, it gets the general rule
      "null,       HIGH,   5,  Rule_High",
      "null,       MEDIUM, 10, Rule_Medium",
      "SENTIMENT,  null,   10, Rule_Sentiment",
      "COMPLAINT,  null,   15, Rule_Default",
      "null,       null,   15, Rule_Default",
      "RUMOUR,     LOW,    15, Rule_Default",
      "COMPLAINT,  URGENT, 15, Rule_Default",
      "complaint,  high,   15, Rule_Default"})
  void workingDaysFromSourceAndSeverity(String sourceType, String severity, int days, String rule) {
    assertThat(evaluate(sourceType, severity)).isEqualTo(days);
    assertThat(matched).containsExactly(rule);
  }

  @Test
  void theDecisionIsWhatTheProcessExpects() throws IOException {
    DmnModelInstance model = Dmn.readModelFromFile(FILE.toFile());
    Decision table = model.getModelElementById(RectificationIds.Decisions.DEADLINE);
    assertThat(table).isNotNull();
    assertThat(table.getCamundaHistoryTimeToLiveString()).isNotBlank();
    DecisionTable decisionTable = (DecisionTable) table.getExpression();
    assertThat(decisionTable.getHitPolicy()).isEqualTo(HitPolicy.FIRST);
    assertThat(decisionTable.getOutputs()).singleElement().satisfies(o -> assertThat(o.getName()).isEqualTo(RectificationIds.Vars.DEADLINE_DAYS));
    // the last row is the catch-all default of 15 working days
    List<Rule> rules = new ArrayList<>(decisionTable.getRules());
    Rule last = rules.get(rules.size() - 1);
    assertThat(last.getInputEntries()).allSatisfy(e -> assertThat(e.getTextContent().strip()).isEmpty());
    assertThat(last.getOutputEntries()).singleElement().satisfies(e -> assertThat(e.getTextContent().strip()).isEqualTo("15"));
  }

  private static Object evaluate(String sourceType, String severity) {
    matched.clear();
    Map<String, Object> variables = new HashMap<>();
    variables.put("sourceType", sourceType);
    variables.put("severity", severity);
    DmnDecisionResult result = dmn.evaluateDecision(decision, variables);
    return result.getSingleResult().getSingleEntry();
  }
}
