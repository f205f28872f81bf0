package org.servicestar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every text a person reads from the deployed diagrams and forms is Chinese (issue 21): Tasklist
 * shows a user task's name and documentation, Cockpit a process's and its elements' names and
 * documentation, Tasklist a form's labels, texts and choices.
 *
 * <p>What counts as human-facing: the {@code name} of every BPMN element (technical names that
 * only Modeler shows — message names, which are correlation keys, and camunda extension
 * elements — are left out), every {@code documentation}, a DMN decision's name and its columns'
 * labels, and a form's label, text, description, placeholder and choice labels. A name or label
 * needs a Chinese character. A documentation may name ids, variables and paths, so it needs more
 * Chinese characters than English words: a Chinese sentence with technical terms, not an English
 * one with a Chinese word.
 */
class ChineseTextTest {

  private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final String DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/";
  private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
  private static final Pattern ENGLISH_WORD = Pattern.compile("\\b[A-Za-z]{3,}\\b");
  /** Elements whose name is a key for the engine, not a text for a person. */
  private static final List<String> TECHNICAL = List.of("message", "signal");
  private static final List<String> FORM_TEXTS = List.of("label", "text", "description", "placeholder");

  @Test
  void theShippedDiagramsAndFormsSpeakChinese() throws Exception {
    List<String> english = new ArrayList<>();
    for (Path file : files("bpmn", ".bpmn")) {
      english.addAll(bpmn(Files.readString(file), file.getFileName().toString()));
    }
    for (Path file : files("bpmn", ".dmn")) {
      english.addAll(dmn(Files.readString(file), file.getFileName().toString()));
    }
    for (Path file : files("forms", ".form")) {
      english.addAll(form(Files.readString(file), file.getFileName().toString()));
    }
    assertThat(english).as("human-facing texts without Chinese").isEmpty();
  }

  @Test
  void anEnglishTaskDescriptionOrLabelIsFound() throws Exception {
    String bpmn = """
        <bpmn:definitions xmlns:bpmn="%s" xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
          <bpmn:message id="Message_1" name="ObjectionReceived"/>
          <bpmn:process id="P" name="整改">
            <bpmn:documentation>整改流程，输入 unitCode。</bpmn:documentation>
            <bpmn:userTask id="Task_A" name="Rectify">
              <bpmn:documentation>The unit's leads (group unit-{unitCode}) fix the problem 整改.</bpmn:documentation>
              <bpmn:extensionElements><camunda:inputOutput>
                <camunda:inputParameter name="remindTask">x</camunda:inputParameter>
              </camunda:inputOutput></bpmn:extensionElements>
            </bpmn:userTask>
          </bpmn:process>
        </bpmn:definitions>""".formatted(BPMN_NS);
    assertThat(bpmn(bpmn, "x.bpmn")).containsExactly("x.bpmn Task_A name: Rectify",
        "x.bpmn Task_A documentation: The unit's leads (group unit-{unitCode}) fix the problem 整改.");

    String form = """
        {"id": "f", "components": [
          {"id": "F1", "type": "textfield", "key": "a", "label": "问题原因"},
          {"id": "F2", "type": "radio", "key": "b", "label": "结论", "values": [{"label": "Yes", "value": "y"}]},
          {"id": "L", "type": "dynamiclist", "path": "l", "components": [
            {"id": "F3", "type": "text", "text": "Add a finding"}]}]}""";
    assertThat(form(form, "f.form")).containsExactly("f.form F2 value: Yes", "f.form F3 text: Add a finding");

    String dmn = """
        <definitions xmlns="%s"><decision id="D" name="Deadline">
          <decisionTable><input id="I" label="严重程度"/><output id="O" name="days" label="Days"/></decisionTable>
        </decision></definitions>""".formatted(DMN_NS);
    assertThat(dmn(dmn, "d.dmn")).containsExactly("d.dmn D name: Deadline", "d.dmn O label: Days");
  }

  private static List<Path> files(String folder, String suffix) throws IOException {
    try (Stream<Path> paths = Files.list(Path.of(folder))) {
      List<Path> found = paths.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
      assertThat(found).as("shipped %s files in %s/", suffix, folder).isNotEmpty();
      return found;
    }
  }

  private static List<String> bpmn(String xml, String file) throws Exception {
    List<String> english = new ArrayList<>();
    NodeList all = parse(xml).getElementsByTagNameNS(BPMN_NS, "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      String name = element.getAttribute("name");
      if (!name.isBlank() && !TECHNICAL.contains(element.getLocalName()) && !hasChinese(name)) {
        english.add(file + " " + element.getAttribute("id") + " name: " + name);
      }
      if (element.getLocalName().equals("documentation") && !mostlyChinese(element.getTextContent())) {
        english.add(file + " " + ((Element) element.getParentNode()).getAttribute("id") + " documentation: "
            + element.getTextContent().strip());
      }
    }
    return english;
  }

  private static List<String> dmn(String xml, String file) throws Exception {
    List<String> english = new ArrayList<>();
    Document document = parse(xml);
    NodeList decisions = document.getElementsByTagNameNS(DMN_NS, "decision");
    for (int i = 0; i < decisions.getLength(); i++) {
      Element decision = (Element) decisions.item(i);
      if (!hasChinese(decision.getAttribute("name"))) {
        english.add(file + " " + decision.getAttribute("id") + " name: " + decision.getAttribute("name"));
      }
    }
    for (String column : List.of("input", "output")) {
      NodeList columns = document.getElementsByTagNameNS(DMN_NS, column);
      for (int i = 0; i < columns.getLength(); i++) {
        Element element = (Element) columns.item(i);
        if (!hasChinese(element.getAttribute("label"))) {
          english.add(file + " " + element.getAttribute("id") + " label: " + element.getAttribute("label"));
        }
      }
    }
    return english;
  }

  private static List<String> form(String json, String file) throws IOException {
    List<String> english = new ArrayList<>();
    components(new ObjectMapper().readTree(json).path("components"), file, english);
    return english;
  }

  private static void components(JsonNode components, String file, List<String> english) {
    for (JsonNode component : components) {
      String id = component.path("id").asText();
      for (String key : FORM_TEXTS) {
        String text = component.path(key).asText("");
        if (!text.isBlank() && !hasChinese(text)) {
          english.add(file + " " + id + " " + key + ": " + text);
        }
      }
      for (JsonNode value : component.path("values")) {
        if (!hasChinese(value.path("label").asText(""))) {
          english.add(file + " " + id + " value: " + value.path("label").asText(""));
        }
      }
      components(component.path("components"), file, english);
    }
  }

  private static boolean hasChinese(String text) {
    return HAN.matcher(text).find();
  }

  private static boolean mostlyChinese(String text) {
    return count(HAN.matcher(text)) > count(ENGLISH_WORD.matcher(text));
  }

  private static int count(Matcher matcher) {
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }
}
