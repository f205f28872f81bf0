package org.servicestar;

import static com.tngtech.archunit.core.domain.JavaConstructor.CONSTRUCTOR_NAME;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.base.HasDescription;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.servicestar.calendar.Workdays;
import org.servicestar.security.Access;
import org.servicestar.time.AppClock;
import org.servicestar.time.JvmZone;
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

  /**
   * Every "now" comes from the {@link java.time.Clock} bean (AppClock, the engine's time in
   * {@code servicestar.zone}): the system clock or the host's zone would date records differently on a UTC
   * server, and a process test that moves the engine's clock would not move them.
   */
  @ArchTest
  static final ArchRule timeComesFromTheClockBean = classes()
      .that().doNotHaveFullyQualifiedName(AppClock.class.getName())
      .and().doNotHaveFullyQualifiedName(JvmZone.class.getName())
      .should(new ArchCondition<JavaClass>("not ask the system clock, the engine's ClockUtil or the host's zone") {
        @Override
        public void check(JavaClass javaClass, ConditionEvents events) {
          javaClass.getCodeUnitCallsFromSelf().stream().filter(ArchitectureTest::readsHostTime).forEach(call ->
              events.add(SimpleConditionEvent.violated(call, call.getDescription())));
        }
      })
      .because("one clock (CONVENTIONS.md): inject java.time.Clock and call now(clock)");

  @ArchTest
  static final ArchRule theZoneIsTheClocks = noClasses().that().resideOutsideOfPackages("org.servicestar.calendar..",
          "org.servicestar.demo..")
      .should().accessField(Workdays.class, "ZONE")
      .because("servicestar.zone may differ from the default: ask the Clock bean (clock.getZone()) or workdays.zone()");

  private static final Set<Class<?>> TEMPORALS = Set.of(LocalDate.class, LocalDateTime.class, LocalTime.class,
      Instant.class, OffsetDateTime.class, ZonedDateTime.class, Year.class, YearMonth.class);

  private static boolean readsHostTime(JavaCall<?> call) {
    String owner = call.getTargetOwner().getName();
    String name = call.getName();
    List<String> parameters = call.getTarget().getRawParameterTypes().stream().map(JavaClass::getName).toList();
    boolean clockArgument = parameters.equals(List.of(Clock.class.getName()));
    return TEMPORALS.stream().anyMatch(t -> t.getName().equals(owner)) && name.equals("now") && !clockArgument
        || owner.equals(Clock.class.getName()) && Set.of("systemDefaultZone", "systemUTC", "system").contains(name)
        || owner.equals(System.class.getName()) && name.equals("currentTimeMillis")
        || owner.equals(ClockUtil.class.getName()) && Set.of("getCurrentTime", "now").contains(name)
        || owner.equals(ZoneId.class.getName()) && name.equals("systemDefault")
        || owner.equals(TimeZone.class.getName()) && name.equals("getDefault")
        || owner.equals(Date.class.getName()) && name.equals(CONSTRUCTOR_NAME) && parameters.isEmpty();
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
