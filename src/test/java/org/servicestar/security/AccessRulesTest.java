package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.expression.EvaluationContext;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.util.SimpleMethodInvocation;

/**
 * The rules of {@link Access} are written once: each {@code @PreAuthorize} constant, evaluated as Spring
 * Security evaluates it, calls the Java rule of the same name and answers as it does for every kind of
 * person; templates name existing rules; and no code outside this package spells a {@code GROUP_} authority.
 * (ArchitectureTest checks that every {@code @PreAuthorize} uses these constants; AuthorizationMatrixTest
 * that the rules let each role reach exactly its endpoints.)
 */
class AccessRulesTest {

  private static final Pattern RULE = Pattern.compile("@access\\.(\\w+)\\(authentication\\)");

  /** People of every kind, the anonymous visitor and someone in no group included. */
  private static final Map<String, Authentication> PEOPLE = new LinkedHashMap<>();

  static {
    PEOPLE.put("anonymous", new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
    PEOPLE.put("no group", person());
    for (String[] group : Groups.FIXED) {
      PEOPLE.put(group[0], person(group[0]));
    }
    PEOPLE.put("lead of sx-a", person(Groups.ofUnit("sx-a")));
    PEOPLE.put("inspector and lead", person(Groups.INSPECTORS, Groups.ofUnit("sx-a")));
  }

  private static Authentication person(String... groups) {
    return UsernamePasswordAuthenticationToken.authenticated("someone", null,
        Stream.of(groups).map(Groups::authority).map(SimpleGrantedAuthority::new).toList());
  }

  @Test
  void eachPreAuthorizeConstantCallsItsRuleAndAnswersAsTheRuleDoes() throws Exception {
    try (GenericApplicationContext context = new GenericApplicationContext()) {
      context.registerBean("access", Access.class);
      context.refresh();
      DefaultMethodSecurityExpressionHandler handler = new DefaultMethodSecurityExpressionHandler();
      handler.setApplicationContext(context);

      List<Field> constants = Stream.of(Access.class.getFields())
          .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class).toList();
      assertThat(constants).extracting(Field::getName)
          .contains("RUN_COMPETITION", "OVERSEE", "VIEW_COMPETITION", "RULE_VETOES", "ADMINISTER", "SIGNED_IN");
      for (Field constant : constants) {
        String expression = (String) constant.get(null);
        Matcher call = RULE.matcher(expression);
        assertThat(call.matches()).as(constant.getName() + " = " + expression + " calls one rule of Access").isTrue();
        Method rule = Access.class.getMethod(call.group(1), Authentication.class);
        assertThat(Modifier.isStatic(rule.getModifiers()) && rule.getReturnType() == boolean.class).isTrue();

        List<String> allowed = new ArrayList<>();
        for (Map.Entry<String, Authentication> person : PEOPLE.entrySet()) {
          EvaluationContext evaluation = handler.createEvaluationContext(person::getValue,
              new SimpleMethodInvocation(this, Object.class.getMethod("toString")));
          boolean byExpression = ExpressionUtils.evaluateAsBoolean(handler.getExpressionParser().parseExpression(expression), evaluation);
          boolean byJava = (boolean) rule.invoke(null, person.getValue());
          assertThat(byExpression).as(constant.getName() + " for " + person.getKey()).isEqualTo(byJava);
          if (byJava) {
            allowed.add(person.getKey());
          }
        }
        assertThat(allowed).as(constant.getName() + " lets some in and keeps some out").isNotEmpty().hasSizeLessThan(PEOPLE.size());
      }
    }
  }

  @Test
  void theRulesAreTheRolesOfDesignMd() {
    assertThat(allowed(Access::runsCompetition)).containsExactly("competition-office", "camunda-admin");
    assertThat(allowed(Access::oversees)).containsExactly("leading-group", "competition-office", "inspectors", "camunda-admin",
        "inspector and lead");
    assertThat(allowed(Access::viewsCompetition)).containsExactly("leading-group", "competition-office", "inspectors",
        "camunda-admin", "lead of sx-a", "inspector and lead");
    assertThat(allowed(Access::rulesVetoes)).containsExactly("leading-group");
    assertThat(allowed(Access::administers)).containsExactly("camunda-admin");
    assertThat(allowed(Access::signedIn)).doesNotContain("anonymous").contains("no group");
    assertThat(CurrentUser.maySee(PEOPLE.get("lead of sx-a"), "sx-a")).isTrue();
    assertThat(CurrentUser.maySee(PEOPLE.get("lead of sx-a"), "sx-b")).isFalse();
    assertThat(CurrentUser.mayAppeal(PEOPLE.get("competition-office"), "sx-b")).isTrue();
    assertThat(CurrentUser.mayAppeal(PEOPLE.get("inspectors"), "sx-a")).isFalse();
  }

  private static List<String> allowed(java.util.function.Predicate<Authentication> rule) {
    return PEOPLE.entrySet().stream().filter(p -> rule.test(p.getValue())).map(Map.Entry::getKey).toList();
  }

  /** An authority string as code would spell it: {@code GROUP_} and a group id (not LEADING_GROUP_DECIDED). */
  private static final Pattern AUTHORITY = Pattern.compile("(?<![A-Za-z0-9_])GROUP_[a-z]");

  @Test
  void noCodeOutsideSecurityAndNoTemplateSpellsAGroupAuthority() throws IOException {
    List<String> found = new ArrayList<>();
    Path security = Path.of("src/main/java/org/servicestar/security");
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/main/resources/templates"))) {
      assertThat(root).isDirectory();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(security)).toList()) {
          List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
          for (int i = 0; i < lines.size(); i++) {
            if (AUTHORITY.matcher(lines.get(i)).find()) {
              found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
          }
        }
      }
    }
    assertThat(found).as("role checks name a rule of org.servicestar.security.Access instead").isEmpty();
  }

  @Test
  void templatesNameRulesThatExist() throws IOException {
    Pattern authorize = Pattern.compile("sec:authorize=\"([^\"]*)\"");
    TreeSet<String> unknown = new TreeSet<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
        Matcher attribute = authorize.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (attribute.find()) {
          String expression = attribute.group(1).replaceFirst("^!", "");
          checked++;
          Matcher call = RULE.matcher(expression);
          if (expression.equals("isAuthenticated()")) {
            continue;
          }
          if (!call.matches() || Stream.of(Access.class.getMethods()).noneMatch(m -> m.getName().equals(call.group(1)))) {
            unknown.add(file + ": " + attribute.group(1));
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(10);
    assertThat(unknown).as("sec:authorize that is not isAuthenticated() or a rule of Access").isEmpty();
  }
}
