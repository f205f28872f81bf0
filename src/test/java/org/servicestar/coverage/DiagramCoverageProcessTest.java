package org.servicestar.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Issue 17, part 6: every diagram in {@code bpmn/} is walked by the process tests ({@code *ProcessTest}, in-memory
 * engine, {@link ProcessCoverage} recording). Runs after them ({@link CoverageCheckLast}); run alone, it first runs
 * the process tests that have not run in this JVM. Writes {@code target/process-test-coverage/} (report.md,
 * coverage.json), prints one line per diagram, and fails when a diagram's flow nodes are covered below 95 %, when an
 * element (flow node or sequence flow) is not covered and not listed in {@code bpmn/COVERAGE-EXCEPTIONS.md} with a
 * reason, or when that file lists an element that is covered or does not exist. A flow out of an event-based gateway
 * counts as walked when the event it leads to is (the engine runs the event that fires without taking the flow).
 */
class DiagramCoverageProcessTest {

  static final double MINIMUM_FLOW_NODES = 0.95;
  private static final Path DIAGRAMS = Path.of("bpmn");
  private static final Path EXCEPTIONS = DIAGRAMS.resolve("COVERAGE-EXCEPTIONS.md");
  private static final Path REPORT = Path.of("target", "process-test-coverage");

  /** One diagram: its flow nodes and sequence flows (id → type and name) and those the tests walked. */
  record Coverage(String diagram, Map<String, String> nodes, Map<String, String> flows, Set<String> walkedNodes, Set<String> takenFlows) {

    double nodeShare() {
      return nodes.isEmpty() ? 1 : (double) walkedNodes.size() / nodes.size();
    }

    double flowShare() {
      return flows.isEmpty() ? 1 : (double) takenFlows.size() / flows.size();
    }

    Map<String, String> notWalked() {
      Map<String, String> missing = new TreeMap<>();
      nodes.forEach((id, label) -> { if (!walkedNodes.contains(id)) missing.put(id, label); });
      flows.forEach((id, label) -> { if (!takenFlows.contains(id)) missing.put(id, label); });
      return missing;
    }

    boolean walked(String id) {
      return walkedNodes.contains(id) || takenFlows.contains(id);
    }

    boolean has(String id) {
      return nodes.containsKey(id) || flows.containsKey(id);
    }

    String summary() {
      return String.format(Locale.ROOT, "%-28s flow nodes %3d/%-3d (%s)  sequence flows %3d/%-3d (%s)  not walked: %s",
          diagram, walkedNodes.size(), nodes.size(), percent(nodeShare()), takenFlows.size(), flows.size(), percent(flowShare()),
          notWalked().isEmpty() ? "none" : String.join(", ", notWalked().keySet()));
    }
  }

  @Test
  void everyDiagramIsWalkedByTheProcessTests() throws IOException {
    runProcessTestsNotYetRun();
    List<Coverage> diagrams = new ArrayList<>();
    for (Path file : bpmnFiles()) {
      diagrams.add(coverage(file));
    }
    Map<String, String> exceptions = exceptions();

    System.out.println("[process coverage] flow nodes and sequence flows walked by the process tests (minimum "
        + percent(MINIMUM_FLOW_NODES) + " of each diagram's flow nodes)");
    diagrams.forEach(diagram -> System.out.println("[process coverage] " + diagram.summary()));
    report(diagrams, exceptions);
    System.out.println("[process coverage] report: " + REPORT.resolve("report.md").toAbsolutePath());

    assertThat(problems(diagrams, exceptions)).as("process test coverage (see %s)", REPORT.resolve("report.md")).isEmpty();
  }

  @Test
  void theCheckRefusesLowCoverageUnlistedGapsAndStaleExceptions() {
    Map<String, String> nodes = new TreeMap<>();
    IntStream.rangeClosed(1, 20).forEach(i -> nodes.put("Task_" + i, "userTask " + i));
    Set<String> allButTwo = new TreeSet<>(nodes.keySet());
    allButTwo.removeAll(Set.of("Task_1", "Task_2"));
    Coverage diagram = new Coverage("x.bpmn", nodes, Map.of("Flow_1", "sequence flow"), allButTwo, Set.of("Flow_1"));

    assertThat(problems(List.of(diagram), Map.of("x.bpmn#Task_1", "a reason")))
        .anyMatch(p -> p.contains("90.0 %"))
        .anyMatch(p -> p.contains("Task_2") && p.contains("not listed"))
        .noneMatch(p -> p.contains("Task_1"));
    assertThat(problems(List.of(diagram), Map.of("x.bpmn#Task_1", "r", "x.bpmn#Task_2", "r", "x.bpmn#Task_3", "r", "x.bpmn#Task_99", "r")))
        .anyMatch(p -> p.contains("Task_3") && p.contains("walked now"))
        .anyMatch(p -> p.contains("Task_99") && p.contains("no diagram has"))
        .noneMatch(p -> p.contains("Task_2"));
    Set<String> allButOne = new TreeSet<>(nodes.keySet());
    allButOne.remove("Task_1");
    assertThat(problems(List.of(new Coverage("x.bpmn", nodes, Map.of("Flow_1", "sequence flow"), allButOne, Set.of())),
        Map.of("x.bpmn#Task_1", "r", "x.bpmn#Flow_1", "r"))).as("95 %, every gap listed").isEmpty();
  }

  /** What is wrong with these diagrams' coverage, given the listed exceptions ({@code diagram#element} → reason). */
  static List<String> problems(List<Coverage> diagrams, Map<String, String> exceptions) {
    List<String> problems = new ArrayList<>();
    for (Coverage diagram : diagrams) {
      String name = diagram.diagram();
      if (diagram.nodeShare() < MINIMUM_FLOW_NODES) {
        problems.add(name + ": only " + percent(diagram.nodeShare()) + " of its flow nodes are walked (at least " + percent(MINIMUM_FLOW_NODES) + ")");
      }
      diagram.notWalked().forEach((id, label) -> {
        if (!exceptions.containsKey(name + "#" + id)) {
          problems.add(name + ": " + id + " (" + label + ") is walked by no process test and not listed in " + EXCEPTIONS);
        }
      });
    }
    exceptions.keySet().forEach(key -> {
      String name = key.substring(0, key.indexOf('#'));
      String id = key.substring(key.indexOf('#') + 1);
      Coverage diagram = diagrams.stream().filter(d -> d.diagram().equals(name)).findFirst().orElse(null);
      if (diagram == null || !diagram.has(id)) {
        problems.add(EXCEPTIONS + " lists " + key + ", which no diagram has");
      } else if (diagram.walked(id)) {
        problems.add(name + ": " + id + " is walked now; remove it from " + EXCEPTIONS);
      }
    });
    return problems;
  }

  private static Coverage coverage(Path file) {
    String name = file.getFileName().toString();
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    Map<String, String> nodes = elements(model, FlowNode.class);
    Map<String, String> flows = elements(model, SequenceFlow.class);
    Set<String> walkedNodes = new TreeSet<>(ProcessCoverage.nodes("bpmn/" + name));
    walkedNodes.retainAll(nodes.keySet());
    Set<String> takenFlows = new TreeSet<>(ProcessCoverage.flows("bpmn/" + name));
    // The engine never "takes" the flows out of an event-based gateway: the event that fires runs at once.
    for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
      if (flow.getSource() instanceof EventBasedGateway && walkedNodes.contains(flow.getTarget().getId())) {
        takenFlows.add(flow.getId());
      }
    }
    takenFlows.retainAll(flows.keySet());
    return new Coverage(name, nodes, flows, walkedNodes, takenFlows);
  }

  private static void report(List<Coverage> diagrams, Map<String, String> exceptions) throws IOException {
    StringBuilder markdown = new StringBuilder("# Process test coverage\n\nFlow nodes and sequence flows of each diagram in `bpmn/` "
        + "walked by the process tests (`*ProcessTest`). At least " + percent(MINIMUM_FLOW_NODES) + " of each diagram's flow nodes; "
        + "every element not walked is listed in `bpmn/COVERAGE-EXCEPTIONS.md`.\n\n| diagram | flow nodes | sequence flows |\n| --- | --- | --- |\n");
    StringBuilder details = new StringBuilder();
    List<Map<String, Object>> json = new ArrayList<>();
    for (Coverage diagram : diagrams) {
      markdown.append(String.format(Locale.ROOT, "| %s | %d/%d (%s) | %d/%d (%s) |%n", diagram.diagram(), diagram.walkedNodes().size(),
          diagram.nodes().size(), percent(diagram.nodeShare()), diagram.takenFlows().size(), diagram.flows().size(), percent(diagram.flowShare())));
      if (!diagram.notWalked().isEmpty()) {
        details.append("\n## ").append(diagram.diagram()).append("\n\n| element | type and name | reason |\n| --- | --- | --- |\n");
        diagram.notWalked().forEach((id, label) -> details.append("| ").append(id).append(" | ").append(label).append(" | ")
            .append(exceptions.getOrDefault(diagram.diagram() + "#" + id, "**not listed**")).append(" |\n"));
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("diagram", "bpmn/" + diagram.diagram());
      entry.put("flowNodes", counts(diagram.nodes().size(), diagram.walkedNodes().size()));
      entry.put("sequenceFlows", counts(diagram.flows().size(), diagram.takenFlows().size()));
      entry.put("notWalked", diagram.notWalked());
      json.add(entry);
    }
    Files.createDirectories(REPORT);
    Files.writeString(REPORT.resolve("report.md"), markdown.append(details), StandardCharsets.UTF_8);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(REPORT.resolve("coverage.json").toFile(), json);
  }

  private static Map<String, Object> counts(int total, int walked) {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("total", total);
    counts.put("walked", walked);
    return counts;
  }

  /** Runs, here and now, the process tests this JVM has not run (when this check runs alone or first). */
  private static void runProcessTestsNotYetRun() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile(".*ProcessTest")));
    List<Class<?>> processTests = scanner.findCandidateComponents("org.servicestar").stream()
        .<Class<?>>map(bean -> load(bean.getBeanClassName()))
        .filter(type -> type != DiagramCoverageProcessTest.class)
        .toList();
    assertThat(processTests).as("process tests on the classpath").isNotEmpty();
    List<Class<?>> missing = processTests.stream().filter(type -> !ProcessTestRuns.finished(type)).toList();
    if (missing.isEmpty()) {
      return;
    }
    System.out.println("[process coverage] running the process tests not run yet in this JVM: " + missing.stream().map(Class::getSimpleName).toList());
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(missing.stream().map(DiscoverySelectors::selectClass).toList()).build(), summary);
    assertThat(summary.getSummary().getTotalFailureCount()).as("failures of the process tests run for the coverage: %s",
        summary.getSummary().getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException()).toList()).isZero();
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> bpmnFiles() throws IOException {
    try (Stream<Path> files = Files.list(DIAGRAMS)) {
      List<Path> found = files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList();
      assertThat(found).as("diagrams in bpmn/").isNotEmpty();
      return found;
    }
  }

  private static Map<String, String> elements(BpmnModelInstance model, Class<? extends FlowElement> type) {
    Map<String, String> elements = new TreeMap<>();
    for (FlowElement element : model.getModelElementsByType(type)) {
      String name = element.getName() == null ? "" : element.getName().replaceAll("\\s+", " ").strip();
      elements.put(element.getId(), (element.getElementType().getTypeName() + " " + name).strip());
    }
    return elements;
  }

  /** {@code diagram#element} → reason, from the table rows of {@code bpmn/COVERAGE-EXCEPTIONS.md}. */
  static Map<String, String> exceptions() throws IOException {
    Map<String, String> exceptions = new TreeMap<>();
    for (String line : Files.readAllLines(EXCEPTIONS, StandardCharsets.UTF_8)) {
      if (!line.startsWith("|") || line.replaceAll("[|\\-\\s]", "").isEmpty()) {
        continue;
      }
      String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
      assertThat(cells).as("a row of %s has three cells: %s", EXCEPTIONS, line).hasSize(3);
      String diagram = cells[0].strip().replace("`", "");
      if (diagram.equals("diagram")) {
        continue;
      }
      String element = cells[1].strip().replace("`", "");
      String reason = cells[2].strip();
      assertThat(reason).as("the reason %s#%s is not walked, in %s", diagram, element, EXCEPTIONS).isNotBlank();
      assertThat(exceptions.put(diagram + "#" + element, reason)).as("%s#%s listed twice in %s", diagram, element, EXCEPTIONS).isNull();
    }
    return exceptions;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }
}
