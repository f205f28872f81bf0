package org.servicestar;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Package by feature, checked: features don't depend on each other in circles, and nothing depends on the demo. */
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
}
