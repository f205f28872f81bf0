package org.servicestar.scoring;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * Stars from a year score through the deployed {@code StarRating} decision. The latest deployed version
 * is looked up by key at every run, so an administrator's redeploy from Modeler applies to the next
 * run without a rebuild. The deployed model (the XML the engine stores) is evaluated in memory by a
 * standalone DMN engine with Camunda's default settings, once per distinct score: through DecisionService each
 * evaluation writes history rows, which made stars the slowest part of scoring a city (2–24 s of
 * history inserts for 2 000 distinct totals, against milliseconds in memory).
 */
@Component
class StarRatings {

  static final String DECISION = "StarRating";
  static final String INPUT = "score";
  static final String OUTPUT = "stars";

  private final RepositoryService repository;
  private final DmnEngine dmn;
  /** Parsed decisions by decision definition id: a deployed version never changes. */
  private final Map<String, DmnDecision> parsed = new ConcurrentHashMap<>();

  StarRatings(ProcessEngine engine) {
    this.repository = engine.getRepositoryService();
    this.dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
  }

  /** The stars of each distinct score, and the version of the table that gave them. */
  record Stars(Map<BigDecimal, Integer> byScore, int decisionVersion) {
    int of(BigDecimal score) {
      return byScore.get(score);
    }
  }

  Stars of(Collection<BigDecimal> scores) {
    DecisionDefinition latest = repository.createDecisionDefinitionQuery().decisionDefinitionKey(DECISION)
        .latestVersion().singleResult();
    if (latest == null) {
      throw new IllegalStateException("评星定档决策表 " + DECISION + " 未部署");
    }
    DmnDecision decision = parsed.computeIfAbsent(latest.getId(),
        id -> dmn.parseDecision(DECISION, repository.getDecisionModel(id)));
    Map<BigDecimal, Integer> stars = new HashMap<>();
    for (BigDecimal score : new TreeSet<>(scores)) {
      DmnDecisionRuleResult result = dmn.evaluateDecisionTable(decision,
          Variables.createVariables().putValue(INPUT, score.doubleValue())).getFirstResult();
      stars.put(score, clamp(result == null ? null : result.getEntry(OUTPUT)));
    }
    return new Stars(stars, latest.getVersion());
  }

  /** An edited table might answer null, a long or a number outside 0–5: the column allows only 0–5. */
  private static int clamp(Object value) {
    if (value instanceof TypedValue typed) {
      value = typed.getValue();
    }
    int stars = value instanceof Number n ? n.intValue() : 0;
    return Math.max(0, Math.min(5, stars));
  }
}
