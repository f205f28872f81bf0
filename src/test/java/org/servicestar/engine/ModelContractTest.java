package org.servicestar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.servicestar.support.Fixtures;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;

/**
 * Administrators edit bpmn/ and forms/ in Camunda Modeler; this fails when an edit breaks what the
 * Java code relies on, or the code names something the diagrams lost. No Spring context: the bean
 * names come from scanning the components, as Spring does.
 */
class ModelContractTest {

  @Test
  void theDiagramsAndTheCodeAgree() {
    DiagramContract contract = DiagramContract.of(Path.of("bpmn"), Path.of("forms"));
    List<String> problems = new ArrayList<>(contract.checkReferences(componentBeanNames()));
    for (Class<?> ids : idsClasses()) {
      problems.addAll(ids.getSimpleName().isEmpty() ? List.of() : contract.checkIds(ids));
    }
    assertThat(problems).as("diagram contract problems").isEmpty();
  }

  @Test
  void theCheckFindsEveryKindOfBrokenReference() {
    Path broken = Fixtures.folder("fixtures/contract-broken");
    DiagramContract contract = DiagramContract.of(broken.resolve("bpmn"), broken.resolve("forms"));
    List<String> problems = contract.checkReferences(Set.of("existingBean"));
    assertThat(String.join("\n", problems))
        .contains("delegate bean 'missingBean' does not exist")
        .contains("delegate bean 'missingListener' does not exist")
        .contains("formRef 'no-such-form' names no form")
        .contains("calledElement 'NoSuchProcess' names no process")
        .contains("decisionRef 'NoSuchDecision' names no decision")
        .contains("uses camunda:class")
        .doesNotContain("existingBean")
        .doesNotContain("broken-form");
    assertThat(contract.checkIds(BrokenIds.class)).containsExactlyInAnyOrder(
        "BrokenIds.Tasks 'Task_Missing' is no element of process ContractBroken",
        "BrokenIds.Messages 'NoSuchMessage' is no message in bpmn/");
  }

  @Test
  void theFixtureProcessPassesTheSameCheck() {
    DiagramContract contract = DiagramContract.of(Fixtures.deployFolder(), Fixtures.deployFolder());
    assertThat(contract.processes()).contains("FixtureUnitTask");
    assertThat(contract.checkReferences(Set.of())).isEmpty();
  }

  /** Ids of the broken fixture, as a process's ids class would name them. */
  static final class BrokenIds {
    static final String PROCESS = "ContractBroken";

    static final class Tasks {
      static final String PRESENT = "Task_Present";
      static final String MISSING = "Task_Missing";
    }

    static final class Messages {
      static final String KNOWN = "KnownMessage";
      static final String UNKNOWN = "NoSuchMessage";
    }
  }

  static Set<String> componentBeanNames() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
    AnnotationBeanNameGenerator names = new AnnotationBeanNameGenerator();
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    return scanner.findCandidateComponents("org.servicestar").stream()
        .map(definition -> names.generateBeanName(definition, registry))
        .collect(Collectors.toSet());
  }

  /** Every {@code *Ids} class of the main code: one per process (ComplaintHandlingIds, ...). */
  static List<Class<?>> idsClasses() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
      @Override
      protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
        return true;
      }
    };
    scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile("org\\.servicestar\\..*[a-z]Ids")));
    List<Class<?>> classes = new ArrayList<>();
    for (BeanDefinition definition : scanner.findCandidateComponents("org.servicestar")) {
      try {
        Class<?> type = Class.forName(definition.getBeanClassName());
        if (!type.getName().contains("Test")) {
          classes.add(type);
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return classes;
  }
}
