package org.servicestar.scoring;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * Stars from a year score through the deployed {@code StarRating} decision: the latest version is
 * looked up once per run, so an administrator's redeploy from Modeler applies to the next run without
 * a rebuild. Each distinct score is evaluated once (a city has far fewer distinct totals than units,
 * and every evaluation writes a history row).
 */
@Component
class StarRatings {

  static final String DECISION = "StarRating";
  static final String INPUT = "score";
  static final String OUTPUT = "stars";

  private final DecisionService decisions;
  private final RepositoryService repository;

  StarRatings(DecisionService decisions, RepositoryService repository) {
    this.decisions = decisions;
    this.repository = repository;
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
    Map<BigDecimal, Integer> stars = new HashMap<>();
    for (BigDecimal score : new TreeSet<>(scores)) {
      DmnDecisionRuleResult result = decisions.evaluateDecisionTableById(latest.getId())
          .variables(Variables.createVariables().putValue(INPUT, score.doubleValue()))
          .evaluate().getFirstResult();
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
