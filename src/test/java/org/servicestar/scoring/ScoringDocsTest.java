package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/competition.md says what the code does: its scoring-method block is {@link ScoringMethod}'s
 * statements word for word (the rules page shows the same list), every rule is named with its default,
 * and no rule key is named that the code doesn't have (a retired rule left in the docs fails here).
 */
class ScoringDocsTest {

  private static final Path DOCS = Path.of("docs/competition.md");
  private static final Pattern RULE_KEY = Pattern.compile("`((?:daily|opinion|deduct|inspection|supervision|blend|staff|contest)\\.[A-Za-z0-9.]+)`");

  private static String scoringSection() throws IOException {
    String docs = Files.readString(DOCS);
    int start = docs.indexOf("## Scoring");
    int end = docs.indexOf("\n## ", start + 1);
    assertThat(start).as("docs/competition.md has a Scoring section").isNotNegative();
    return docs.substring(start, end < 0 ? docs.length() : end);
  }

  @Test
  void theDocsStateTheMethodAsTheCodeAndTheRulesPageDo() throws IOException {
    String section = scoringSection();
    int begin = section.indexOf("<!-- scoring-method: begin");
    int end = section.indexOf("<!-- scoring-method: end -->");
    assertThat(begin).as("the scoring-method block").isNotNegative();
    List<String> statements = new ArrayList<>();
    for (String line : section.substring(section.indexOf('\n', begin) + 1, end).split("\n")) {
      if (!line.isBlank()) {
        statements.add(line.replaceFirst("^\\d+\\. ", ""));
      }
    }
    assertThat(statements).containsExactlyElementsOf(ScoringMethod.STATEMENTS);
  }

  @Test
  void everyRuleIsNamedWithItsDefaultAndNoOtherIs() throws IOException {
    String section = scoringSection();
    for (ScoringRules.Rule rule : ScoringRules.ALL) {
      String defaultValue = ScoringRules.plain(rule.defaultValue());
      Pattern named = Pattern.compile("`" + Pattern.quote(rule.key()) + "`[^0-9`]{0,12}" + Pattern.quote(defaultValue) + "(?!\\.?[0-9])");
      assertThat(named.matcher(section).find()).as("docs name `%s` with its default %s", rule.key(), defaultValue).isTrue();
    }
    Matcher keys = RULE_KEY.matcher(section);
    while (keys.find()) {
      assertThat(ScoringRules.byKey(keys.group(1))).as("rule `%s` named in the docs exists", keys.group(1)).isPresent();
    }
  }
}
