package org.servicestar.engine;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the Java code and the diagrams promise each other, checked from the files administrators
 * edit: every delegate bean, form, called process and decision a diagram names exists, and every id
 * an {@code *Ids} class names exists in its diagram.
 */
final class DiagramContract {

  private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  private static final Pattern EXPRESSION_BEAN = Pattern.compile("^\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*[.}]");

  private final Map<String, Set<String>> elementsByProcess = new HashMap<>();
  private final Set<String> messages = new HashSet<>();
  private final Set<String> decisions = new HashSet<>();
  private final Set<String> forms = new HashSet<>();
  private final List<String[]> references = new ArrayList<>(); // file, kind, value
  private final List<String> problems = new ArrayList<>();

  static DiagramContract of(Path bpmnDir, Path formsDir) {
    DiagramContract contract = new DiagramContract();
    contract.readForms(formsDir);
    for (Path file : files(bpmnDir, ".bpmn", ".dmn")) {
      contract.readDiagram(file);
    }
    return contract;
  }

  /** Problems with references from the diagrams to beans, forms, processes and decisions. */
  List<String> checkReferences(Set<String> beanNames) {
    for (String[] ref : references) {
      String file = ref[0];
      String kind = ref[1];
      String value = ref[2];
      switch (kind) {
        case "bean" -> {
          if (!beanNames.contains(value)) {
            problems.add(file + ": delegate bean '" + value + "' does not exist");
          }
        }
        case "formRef" -> {
          if (!forms.contains(value)) {
            problems.add(file + ": formRef '" + value + "' names no form in forms/");
          }
        }
        case "calledElement" -> {
          if (!value.startsWith("${") && !elementsByProcess.containsKey(value)) {
            problems.add(file + ": calledElement '" + value + "' names no process in bpmn/");
          }
        }
        case "decisionRef" -> {
          if (!value.startsWith("${") && !decisions.contains(value)) {
            problems.add(file + ": decisionRef '" + value + "' names no decision in bpmn/");
          }
        }
        default -> throw new IllegalStateException(kind);
      }
    }
    return problems;
  }

  /**
   * Problems with an ids class: {@code PROCESS} must be a process; constants of nested classes
   * {@code Tasks}, {@code Events}, {@code Gateways}, {@code Flows} must be elements of it,
   * {@code Messages} message names, {@code Decisions} decision keys. ({@code Vars} are free.)
   */
  List<String> checkIds(Class<?> ids) {
    List<String> found = new ArrayList<>();
    String process = constant(ids, "PROCESS");
    Set<String> elements = process == null ? Set.of() : elementsByProcess.get(process);
    if (process != null && elements == null) {
      found.add(ids.getSimpleName() + ".PROCESS '" + process + "' is no process in bpmn/");
      elements = Set.of();
    }
    for (Class<?> nested : ids.getDeclaredClasses()) {
      for (String value : constants(nested)) {
        String name = ids.getSimpleName() + "." + nested.getSimpleName() + " '" + value + "'";
        switch (nested.getSimpleName()) {
          case "Tasks", "Events", "Gateways", "Flows" -> {
            if (!elements.contains(value)) {
              found.add(name + " is no element of process " + process);
            }
          }
          case "Messages" -> {
            if (!messages.contains(value)) {
              found.add(name + " is no message in bpmn/");
            }
          }
          case "Decisions" -> {
            if (!decisions.contains(value)) {
              found.add(name + " is no decision in bpmn/");
            }
          }
          default -> {
          }
        }
      }
    }
    return found;
  }

  Set<String> processes() {
    return elementsByProcess.keySet();
  }

  private void readForms(Path formsDir) {
    ObjectMapper json = new ObjectMapper();
    for (Path file : files(formsDir, ".form")) {
      try {
        String id = json.readTree(file.toFile()).path("id").asText("");
        if (id.isBlank()) {
          problems.add(file.getFileName() + ": form has no id");
        }
        forms.add(id);
      } catch (IOException e) {
        problems.add(file.getFileName() + ": not valid JSON: " + e.getMessage());
      }
    }
  }

  private void readDiagram(Path file) {
    Document doc;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc = factory.newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      problems.add(file.getFileName() + ": not valid XML: " + e.getMessage());
      return;
    }
    String name = file.getFileName().toString();
    NodeList all = doc.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element el = (Element) all.item(i);
      String local = el.getLocalName();
      if (local.equals("process")) {
        Set<String> ids = new HashSet<>();
        collectIds(el, ids);
        elementsByProcess.put(el.getAttribute("id"), ids);
      } else if (local.equals("message") && el.hasAttribute("name")) {
        messages.add(el.getAttribute("name"));
      } else if (local.equals("decision")) {
        decisions.add(el.getAttribute("id"));
      }
      for (String attr : List.of("delegateExpression", "expression")) {
        // On BPMN elements the attribute is camunda:delegateExpression; on camunda:taskListener and
        // camunda:executionListener it has no prefix.
        String value = CAMUNDA.equals(el.getNamespaceURI()) ? el.getAttribute(attr) : el.getAttributeNS(CAMUNDA, attr);
        Matcher bean = EXPRESSION_BEAN.matcher(value);
        if (!value.isEmpty() && bean.find() && (attr.equals("delegateExpression") || value.contains("."))) {
          references.add(new String[] {name, "bean", bean.group(1)});
        }
      }
      if (el.hasAttributeNS(CAMUNDA, "class")) {
        problems.add(name + ": " + el.getAttribute("id") + " uses camunda:class; use a delegateExpression to a Spring bean");
      }
      addReference(name, el, "formRef", el.getAttributeNS(CAMUNDA, "formRef"));
      if (local.equals("callActivity")) {
        addReference(name, el, "calledElement", el.getAttribute("calledElement"));
      }
      addReference(name, el, "decisionRef", el.getAttributeNS(CAMUNDA, "decisionRef"));
    }
  }

  private void addReference(String file, Element el, String kind, String value) {
    if (value != null && !value.isEmpty()) {
      references.add(new String[] {file, kind, value});
    }
  }

  private static void collectIds(Node node, Set<String> ids) {
    NodeList children = node.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child) {
        if (child.hasAttribute("id")) {
          ids.add(child.getAttribute("id"));
        }
        collectIds(child, ids);
      }
    }
  }

  private static String constant(Class<?> type, String field) {
    try {
      Field f = type.getDeclaredField(field);
      f.setAccessible(true);
      return (String) f.get(null);
    } catch (NoSuchFieldException e) {
      return null;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> constants(Class<?> type) {
    List<String> values = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        f.setAccessible(true);
        try {
          values.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return values;
  }

  private static List<Path> files(Path dir, String... suffixes) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(p -> Stream.of(suffixes).anyMatch(s -> p.toString().endsWith(s))).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
