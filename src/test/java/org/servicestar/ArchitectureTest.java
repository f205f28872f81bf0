package org.servicestar;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.base.HasDescription;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.servicestar.security.Access;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Package by feature, checked: features don't depend on each other in circles, and nothing depends on the demo.
 * Role checks name the rules of {@link Access} (AccessRulesTest checks the rules themselves and the GROUP_ strings).
 */
@AnalyzeClasses(packages = "org.servicestar", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule featuresAreFreeOfCycles = slices().matching("org.servicestar.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule nothingDependsOnTheDemo = noClasses().that().resideOutsideOfPackage("org.servicestar.demo..")
      .should().dependOnClassesThat().resideInAPackage("org.servicestar.demo..");

  @ArchTest
  static final ArchRule delegatesAreSpringBeansNotClassNames = noClasses().should()
      .dependOnClassesThat().haveFullyQualifiedName("org.camunda.bpm.engine.impl.context.Context")
      .because("delegates get the engine's services injected as Spring beans");

  /** The expressions of Access's constants: a @PreAuthorize with any other text copies a rule instead of naming it. */
  private static final Set<String> ACCESS_RULES = Arrays.stream(Access.class.getFields())
      .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
      .map(ArchitectureTest::value).collect(Collectors.toSet());

  @ArchTest
  static final ArchRule preAuthorizeNamesAnAccessRule = classes().should(new ArchCondition<JavaClass>(
      "name the rule of each @PreAuthorize (on the class and its methods) with a constant of Access") {
    @Override
    public void check(JavaClass javaClass, ConditionEvents events) {
      Stream.concat(Stream.<HasAnnotations<?>>of(javaClass), javaClass.getMethods().stream()).forEach(element ->
          element.tryGetAnnotationOfType(PreAuthorize.class).map(PreAuthorize::value)
              .filter(expression -> !ACCESS_RULES.contains(expression))
              .ifPresent(expression -> events.add(SimpleConditionEvent.violated(element,
                  ((HasDescription) element).getDescription() + " has @PreAuthorize(\"" + expression
                      + "\"), not a rule of Access"))));
    }
  }).because("one place per rule (CONVENTIONS.md): a page's flag and its endpoint's annotation use the same rule");

  @ArchTest
  static final ArchRule urlRulesNameAccessRulesToo = noClasses().should()
      .callMethod(AuthorizeHttpRequestsConfigurer.AuthorizedUrl.class, "hasAuthority", String.class)
      .orShould().callMethod(AuthorizeHttpRequestsConfigurer.AuthorizedUrl.class, "hasAnyAuthority", String[].class)
      .orShould().callMethod(AuthorizeHttpRequestsConfigurer.AuthorizedUrl.class, "hasRole", String.class)
      .orShould().callMethod(AuthorizeHttpRequestsConfigurer.AuthorizedUrl.class, "hasAnyRole", String[].class)
      .because("SecurityConfig's URL rules name Access's rules: .access(Access.url(Access::administers))");

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
