package org.servicestar.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * What changed between two versions, for a person: the elements added, removed or renamed (by id,
 * through Camunda's BPMN and DMN model API), what an element does that changed (its form, decision,
 * called process, group, bean or condition), and the other files of the two deployments (forms by
 * their id, with the fields added and removed; decisions by rule).
 */
final class DiagramDiff {

  static final String ADDED = "新增";
  static final String REMOVED = "删除";
  static final String RENAMED = "改名";
  static final String CHANGED = "修改";

  private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
  /** Camunda attributes that say what an element does, with their Chinese names. */
  private static final Map<String, String> ATTRIBUTES = new LinkedHashMap<>();

  static {
    ATTRIBUTES.put("formRef", "表单");
    ATTRIBUTES.put("formKey", "表单");
    ATTRIBUTES.put("decisionRef", "决策");
    ATTRIBUTES.put("candidateGroups", "候选组");
    ATTRIBUTES.put("candidateUsers", "候选人");
    ATTRIBUTES.put("assignee", "办理人");
    ATTRIBUTES.put("delegateExpression", "委托 Bean");
    ATTRIBUTES.put("expression", "表达式");
    ATTRIBUTES.put("dueDate", "到期时间");
    ATTRIBUTES.put("asyncBefore", "异步开始");
    ATTRIBUTES.put("asyncAfter", "异步结束");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One element (flow node, sequence flow, decision) that differs. */
  record ElementChange(String change, String id, String type, String oldName, String newName, String detail) {
  }

  /** One other file of the deployments that differs. */
  record FileChange(String change, String what, String file, String detail) {
  }

  record Result(List<ElementChange> elements, List<FileChange> files) {
    public boolean isEmpty() {
      return elements.isEmpty() && files.isEmpty();
    }
  }

  private DiagramDiff() {
  }

  /**
   * Compares version {@code newer} with {@code older}: the definition's own file (its resource name in
   * each deployment) element by element, and every other file of the two deployments.
   */
  static Result compare(Map<String, byte[]> olderFiles, String olderResource, Map<String, byte[]> newerFiles, String newerResource) {
    List<ElementChange> elements = new ArrayList<>(elements(olderFiles.get(olderResource), newerFiles.get(newerResource),
        newerResource != null && newerResource.endsWith(".dmn")));
    List<FileChange> files = new ArrayList<>();
    Map<String, Map.Entry<String, byte[]>> older = others(olderFiles, olderResource);
    Map<String, Map.Entry<String, byte[]>> newer = others(newerFiles, newerResource);
    TreeSet<String> all = new TreeSet<>(older.keySet());
    all.addAll(newer.keySet());
    for (String what : all) {
      Map.Entry<String, byte[]> before = older.get(what);
      Map.Entry<String, byte[]> after = newer.get(what);
      if (before == null) {
        files.add(new FileChange(ADDED, what, after.getKey(), ""));
      } else if (after == null) {
        files.add(new FileChange(REMOVED, what, before.getKey(), ""));
      } else if (!sameText(before.getValue(), after.getValue())) {
        files.add(new FileChange(CHANGED, what, after.getKey(), fileDetail(after.getKey(), before.getValue(), after.getValue())));
      }
    }
    return new Result(elements, files);
  }

  /** The files other than the definition's own, keyed by what they are: a form by its id, anything else by its name. */
  private static Map<String, Map.Entry<String, byte[]>> others(Map<String, byte[]> files, String own) {
    Map<String, Map.Entry<String, byte[]>> others = new TreeMap<>();
    files.forEach((name, bytes) -> {
      if (!name.equals(own)) {
        others.put(describe(name, bytes), Map.entry(name, bytes));
      }
    });
    return others;
  }

  private static String describe(String name, byte[] bytes) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    if (name.endsWith(".form")) {
      try {
        String id = JSON.readTree(bytes).path("id").asText("");
        return "表单 " + (id.isBlank() ? file : id);
      } catch (IOException e) {
        return "表单 " + file;
      }
    }
    if (name.endsWith(".dmn")) {
      return "决策文件 " + file;
    }
    if (name.endsWith(".bpmn")) {
      return "流程文件 " + file;
    }
    return "文件 " + file;
  }

  private static String fileDetail(String name, byte[] before, byte[] after) {
    if (name.endsWith(".form")) {
      return formDetail(before, after);
    }
    if (name.endsWith(".dmn") || name.endsWith(".bpmn")) {
      try {
        List<String> lines = elements(before, after, name.endsWith(".dmn")).stream()
            .map(c -> c.change() + " " + c.id() + (c.detail().isEmpty() ? "" : "（" + c.detail() + "）")).toList();
        return lines.isEmpty() ? "内容有变化（元素未变）" : String.join("；", lines);
      } catch (RuntimeException e) {
        return "内容有变化（无法解析）";
      }
    }
    return "内容有变化";
  }

  /** A form's fields (component keys with their labels) added and removed, or that its layout or texts changed. */
  static String formDetail(byte[] before, byte[] after) {
    try {
      Map<String, String> old = fields(JSON.readTree(before));
      Map<String, String> now = fields(JSON.readTree(after));
      List<String> parts = new ArrayList<>();
      now.forEach((key, label) -> {
        if (!old.containsKey(key)) {
          parts.add("新增字段 " + key + label(label));
        } else if (!Objects.equals(old.get(key), label)) {
          parts.add("字段 " + key + " 标题“" + old.get(key) + "”改为“" + label + "”");
        }
      });
      old.forEach((key, label) -> {
        if (!now.containsKey(key)) {
          parts.add("删除字段 " + key + label(label));
        }
      });
      return parts.isEmpty() ? "内容有变化（字段未变）" : String.join("；", parts);
    } catch (IOException e) {
      return "内容有变化（不是有效的表单 JSON）";
    }
  }

  private static String label(String label) {
    return label == null || label.isBlank() ? "" : "（" + label + "）";
  }

  private static Map<String, String> fields(JsonNode node) {
    Map<String, String> fields = new LinkedHashMap<>();
    collect(node, fields);
    return fields;
  }

  private static void collect(JsonNode node, Map<String, String> fields) {
    for (JsonNode component : node.path("components")) {
      if (component.hasNonNull("key")) {
        fields.put(component.get("key").asText(), component.path("label").asText(""));
      }
      collect(component, fields);
    }
  }

  private static boolean sameText(byte[] a, byte[] b) {
    return Arrays.equals(a, b) || normalized(a).equals(normalized(b));
  }

  private static String normalized(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
  }

  /** Element by element: BPMN flow elements, or DMN decisions. A file missing on one side counts as empty. */
  static List<ElementChange> elements(byte[] before, byte[] after, boolean dmn) {
    Map<String, Element> old = before == null ? Map.of() : dmn ? decisions(before) : flowElements(before);
    Map<String, Element> now = after == null ? Map.of() : dmn ? decisions(after) : flowElements(after);
    List<ElementChange> changes = new ArrayList<>();
    for (Element e : now.values()) {
      Element o = old.get(e.id());
      if (o == null) {
        changes.add(new ElementChange(ADDED, e.id(), e.type(), "", e.name(), ""));
        continue;
      }
      List<String> detail = new ArrayList<>();
      if (!o.type().equals(e.type())) {
        detail.add("类型由“" + o.type() + "”改为“" + e.type() + "”");
      }
      TreeSet<String> keys = new TreeSet<>(o.facts().keySet());
      keys.addAll(e.facts().keySet());
      for (String key : keys) {
        String was = o.facts().getOrDefault(key, "");
        String is = e.facts().getOrDefault(key, "");
        if (!was.equals(is)) {
          detail.add(key + "：" + (was.isEmpty() ? "（无）" : was) + " → " + (is.isEmpty() ? "（无）" : is));
        }
      }
      if (!Objects.equals(o.name(), e.name())) {
        changes.add(new ElementChange(RENAMED, e.id(), e.type(), o.name(), e.name(), String.join("；", detail)));
      } else if (!detail.isEmpty()) {
        changes.add(new ElementChange(CHANGED, e.id(), e.type(), o.name(), e.name(), String.join("；", detail)));
      }
    }
    for (Element o : old.values()) {
      if (!now.containsKey(o.id())) {
        changes.add(new ElementChange(REMOVED, o.id(), o.type(), o.name(), "", ""));
      }
    }
    return changes;
  }

  /** An element as the diff sees it: id, type and name in Chinese, and the facts whose change it reports. */
  private record Element(String id, String type, String name, Map<String, String> facts) {
  }

  private static Map<String, Element> flowElements(byte[] xml) {
    BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
    Map<String, Element> elements = new LinkedHashMap<>();
    for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
      if (element.getId() == null) {
        continue;
      }
      Map<String, String> facts = new TreeMap<>();
      ATTRIBUTES.forEach((attribute, label) -> {
        String value = element.getAttributeValueNs(CAMUNDA_NS, attribute);
        if (value != null && !value.isBlank()) {
          facts.merge(label, value, (a, b) -> a + "，" + b);
        }
      });
      for (String attribute : List.of("calledElement", "attachedToRef", "sourceRef", "targetRef")) {
        String value = element.getAttributeValue(attribute);
        if (value != null && !value.isBlank()) {
          facts.put(switch (attribute) {
            case "calledElement" -> "调用的流程";
            case "attachedToRef" -> "附着于";
            case "sourceRef" -> "起点";
            default -> "终点";
          }, value);
        }
      }
      if (element instanceof SequenceFlow flow) {
        ConditionExpression condition = flow.getConditionExpression();
        if (condition != null && condition.getTextContent() != null && !condition.getTextContent().isBlank()) {
          facts.put("条件", condition.getTextContent().strip());
        }
      }
      String type = element.getElementType().getTypeName();
      elements.put(element.getId(), new Element(element.getId(), bpmnType(type), name(element.getName()), facts));
    }
    return elements;
  }

  private static Map<String, Element> decisions(byte[] xml) {
    DmnModelInstance model = Dmn.readModelFromStream(new ByteArrayInputStream(xml));
    Map<String, Element> elements = new LinkedHashMap<>();
    for (Decision decision : model.getModelElementsByType(Decision.class)) {
      Map<String, String> facts = new TreeMap<>();
      if (decision.getExpression() instanceof DecisionTable table) {
        facts.put("输入", String.join("，", table.getInputs().stream().map(DiagramDiff::input).toList()));
        facts.put("输出", String.join("，", table.getOutputs().stream().map(DiagramDiff::output).toList()));
        facts.put("命中策略", String.valueOf(table.getHitPolicy()));
        facts.put("规则条数", String.valueOf(table.getRules().size()));
        List<String> rules = new ArrayList<>();
        int n = 1;
        for (Rule rule : table.getRules()) {
          rules.add(n++ + "：" + String.join(" | ", rule.getInputEntries().stream().map(i -> text(i.getText())).toList()) + " → "
              + String.join(" | ", rule.getOutputEntries().stream().map(o -> text(o.getText())).toList()));
        }
        facts.put("规则", String.join("；", rules));
      }
      String historyTimeToLive = decision.getAttributeValueNs("http://camunda.org/schema/1.0/dmn", "historyTimeToLive");
      if (historyTimeToLive != null) {
        facts.put("历史保留", historyTimeToLive);
      }
      elements.put(decision.getId(), new Element(decision.getId(), "决策", name(decision.getName()), facts));
    }
    return elements;
  }

  private static String input(Input input) {
    String expression = input.getInputExpression() == null ? "" : text(input.getInputExpression().getText());
    return (input.getLabel() == null ? "" : input.getLabel()) + (expression.isEmpty() ? "" : "（" + expression + "）");
  }

  private static String output(Output output) {
    return (output.getLabel() == null ? "" : output.getLabel()) + (output.getName() == null ? "" : "（" + output.getName() + "）");
  }

  private static String text(ModelElementInstance text) {
    return text == null || text.getTextContent() == null ? "" : text.getTextContent().strip();
  }

  private static String name(String name) {
    return name == null ? "" : name.strip();
  }

  /** A BPMN element type in Chinese (the type name when there is none). */
  static String bpmnType(String type) {
    return switch (type) {
      case "userTask" -> "用户任务";
      case "serviceTask" -> "服务任务";
      case "businessRuleTask" -> "业务规则任务";
      case "scriptTask" -> "脚本任务";
      case "sendTask" -> "发送任务";
      case "receiveTask" -> "接收任务";
      case "manualTask" -> "人工任务";
      case "task" -> "任务";
      case "callActivity" -> "调用活动";
      case "subProcess" -> "子流程";
      case "transaction" -> "事务子流程";
      case "startEvent" -> "开始事件";
      case "endEvent" -> "结束事件";
      case "boundaryEvent" -> "边界事件";
      case "intermediateCatchEvent" -> "中间捕获事件";
      case "intermediateThrowEvent" -> "中间抛出事件";
      case "exclusiveGateway" -> "排他网关";
      case "parallelGateway" -> "并行网关";
      case "inclusiveGateway" -> "包容网关";
      case "eventBasedGateway" -> "事件网关";
      case "complexGateway" -> "复杂网关";
      case "sequenceFlow" -> "顺序流";
      case "dataObject", "dataObjectReference", "dataStoreReference" -> "数据对象";
      default -> type;
    };
  }
}
