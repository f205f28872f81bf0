package org.servicestar.scoring;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.impl.DmnExpressionImpl;
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
 * standalone DMN engine with Camunda's default settings: through DecisionService each evaluation writes
 * history rows (2–24 s of inserts for a city's 2 000 distinct totals).
 *
 * <p>Even in memory, FEEL parses every input entry again at every evaluation (0.4 s warm, several
 * seconds cold, for a city). So a version is evaluated at few scores only, once, when it is first seen
 * ({@link Table}), and every total is then looked up in Java.
 */
@Component
class StarRatings {

  static final String DECISION = "StarRating";
  static final String INPUT = "score";
  static final String OUTPUT = "stars";

  private final RepositoryService repository;
  private final DmnEngine dmn;
  /** The latest version's table, by decision definition id: a deployed version never changes, a redeploy gets a new id. */
  private final AtomicReference<Map.Entry<String, Table>> latestTable = new AtomicReference<>();

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
    Map.Entry<String, Table> cached = latestTable.get();
    Table table;
    if (cached != null && cached.getKey().equals(latest.getId())) {
      table = cached.getValue();
    } else {
      table = Table.of(dmn, dmn.parseDecision(DECISION, repository.getDecisionModel(latest.getId())));
      latestTable.set(Map.entry(latest.getId(), table));
    }
    Map<BigDecimal, Integer> stars = new HashMap<>();
    for (BigDecimal score : new TreeSet<>(scores)) {
      stars.put(score, table.stars(score));
    }
    return new Stars(stars, latest.getVersion());
  }

  /**
   * One version of the decision as a function of the score. When every input entry only compares the
   * score with number literals (thresholds, ranges, lists, {@code not(…)}) and every output is a
   * literal, the answer can change only at those numbers: the decision is then evaluated, by the DMN
   * engine itself, at each of them and once between each two neighbours, and a score takes the answer
   * of its number or of its gap. Any other table — an edit this reading doesn't understand — is
   * evaluated score by score, so whatever an administrator deploys is honoured exactly.
   */
  static final class Table {

    private static final String NUMBER = "-?\\d+(?:\\.\\d+)?";
    private static final String TEST = "(?:(?:<=|>=|<|>|=)?\\s*" + NUMBER + "|[\\[(\\]]\\s*" + NUMBER + "\\s*\\.\\.\\s*" + NUMBER + "\\s*[\\])\\[])";
    private static final String TESTS = TEST + "(?:\\s*,\\s*" + TEST + ")*";
    private static final Pattern UNARY_TESTS = Pattern.compile("\\s*(?:-|not\\(\\s*" + TESTS + "\\s*\\)|" + TESTS + ")?\\s*");
    private static final Pattern CONSTANT = Pattern.compile("\\s*(?:" + NUMBER + "|\"[^\"]*\"|true|false|null)?\\s*");
    private static final Pattern NUMBERS = Pattern.compile(NUMBER);
    private static final Set<String> FEEL = Set.of(DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE.toLowerCase(Locale.ROOT),
        DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_ALTERNATIVE, DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN12.toLowerCase(Locale.ROOT),
        DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN13.toLowerCase(Locale.ROOT),
        DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN14.toLowerCase(Locale.ROOT),
        DefaultDmnEngineConfiguration.FEEL_EXPRESSION_LANGUAGE_DMN15.toLowerCase(Locale.ROOT));
    /** Marks an answer the engine refused to give at a sample: the scores there are evaluated one by one, and fail as before. */
    private static final int UNKNOWN = -1;

    private final DmnEngine dmn;
    private final DmnDecision decision;
    /** Sorted; null when the table is not made of number thresholds. */
    private final BigDecimal[] thresholds;
    private final int[] atThreshold;
    /** {@code between[i]}: the answer below {@code thresholds[i]} and above the one before (the last: above all). */
    private final int[] between;

    private Table(DmnEngine dmn, DmnDecision decision, BigDecimal[] thresholds) {
      this.dmn = dmn;
      this.decision = decision;
      this.thresholds = thresholds;
      if (thresholds == null) {
        this.atThreshold = null;
        this.between = null;
        return;
      }
      int n = thresholds.length;
      this.atThreshold = new int[n];
      this.between = new int[n + 1];
      for (int i = 0; i < n; i++) {
        atThreshold[i] = sample(thresholds[i]);
        between[i] = sample(i == 0 ? thresholds[0].subtract(BigDecimal.ONE)
            : thresholds[i - 1].add(thresholds[i]).divide(BigDecimal.valueOf(2)));
      }
      between[n] = sample(n == 0 ? BigDecimal.ZERO : thresholds[n - 1].add(BigDecimal.ONE));
    }

    static Table of(DmnEngine dmn, DmnDecision decision) {
      return new Table(dmn, decision, thresholds(decision));
    }

    /** Whether the answers were worked out once at the thresholds (else every score is evaluated). */
    boolean precomputed() {
      return thresholds != null;
    }

    int stars(BigDecimal score) {
      if (thresholds == null) {
        return evaluate(score);
      }
      // the value the decision sees: the score as a double, read back as the shortest decimal of that double
      int i = Arrays.binarySearch(thresholds, BigDecimal.valueOf(score.doubleValue()));
      int stars = i >= 0 ? atThreshold[i] : between[-i - 1];
      return stars == UNKNOWN ? evaluate(score) : stars;
    }

    private int sample(BigDecimal score) {
      try {
        return evaluate(score);
      } catch (RuntimeException e) {
        return UNKNOWN;
      }
    }

    private int evaluate(BigDecimal score) {
      DmnDecisionRuleResult result = dmn.evaluateDecisionTable(decision,
          Variables.createVariables().putValue(INPUT, score.doubleValue())).getFirstResult();
      return clamp(result == null ? null : result.getEntry(OUTPUT));
    }

    /** The numbers the table compares the score with, or null when it does anything else with it. */
    private static BigDecimal[] thresholds(DmnDecision decision) {
      if (!(decision.getDecisionLogic() instanceof DmnDecisionTableImpl table) || !decision.getRequiredDecisions().isEmpty()
          || table.getInputs().size() != 1) {
        return null;
      }
      DmnDecisionTableInputImpl input = table.getInputs().get(0);
      DmnExpressionImpl inputExpression = input.getExpression();
      if (inputExpression == null || !INPUT.equals(trim(inputExpression.getExpression())) || !feel(inputExpression)
          || inputExpression.getTypeDefinition() == null || !"double".equals(inputExpression.getTypeDefinition().getTypeName())) {
        return null;
      }
      TreeSet<BigDecimal> numbers = new TreeSet<>();
      for (DmnDecisionTableRuleImpl rule : table.getRules()) {
        if (!all(rule.getConditions(), UNARY_TESTS) || !all(rule.getConclusions(), CONSTANT)) {
          return null;
        }
        for (DmnExpressionImpl condition : rule.getConditions()) {
          Matcher m = NUMBERS.matcher(trim(condition.getExpression()));
          while (m.find()) {
            BigDecimal number = new BigDecimal(m.group());
            // a literal finer than a double can tell apart is beyond this reading
            if (BigDecimal.valueOf(number.doubleValue()).compareTo(number) != 0) {
              return null;
            }
            numbers.add(number);
          }
        }
      }
      return numbers.toArray(new BigDecimal[0]);
    }

    private static boolean all(List<DmnExpressionImpl> expressions, Pattern form) {
      return expressions.stream().allMatch(e -> feel(e) && form.matcher(trim(e.getExpression())).matches());
    }

    private static boolean feel(DmnExpressionImpl expression) {
      String language = expression.getExpressionLanguage();
      return language == null || FEEL.contains(language.toLowerCase(Locale.ROOT));
    }

    private static String trim(String text) {
      return text == null ? "" : text.trim();
    }
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
