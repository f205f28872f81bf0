package org.servicestar.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The fields of a deployed Camunda Form (form-js JSON) and what a person may submit through them:
 * each field's key with a value of its type, a read-only field only with the value it shows. It is
 * read from the form deployed with the task's process version, so an administrator's change to a
 * form is followed without code. {@link #problems} names every problem at once, in Chinese.
 */
public final class FormSchema {

  /** What a form-js component accepts. */
  public enum Kind {
    TEXT("文字"), NUMBER("数字"), BOOLEAN("是/否"), CHOICE("选项之一"), CHOICES("选项列表"), ROWS("列表"), OTHER("简单值");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    static Kind of(String type) {
      return switch (type) {
        case "textfield", "textarea", "datetime" -> TEXT;
        case "number" -> NUMBER;
        case "checkbox" -> BOOLEAN;
        case "radio", "select" -> CHOICE;
        case "checklist", "taglist" -> CHOICES;
        case "dynamiclist" -> ROWS;
        default -> OTHER;
      };
    }
  }

  /**
   * One input of the form. {@code required} is form-js's "required" on a field that is always shown
   * (a field behind a condition is checked by the task's listener, which knows the condition).
   */
  public record Field(String key, String label, Kind kind, boolean readonly, boolean required, Integer maxLength,
                      BigDecimal min, BigDecimal max, Set<String> options, Map<String, Field> columns, boolean fixedRows) {

    Field optional() {
      return new Field(key, label, kind, readonly, false, maxLength, min, max, options, columns, fixedRows);
    }

    String name() {
      return label == null || label.isBlank() || label.equals(key) ? key : key + "（" + label + "）";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id;
  private final Map<String, Field> fields;

  private FormSchema(String id, Map<String, Field> fields) {
    this.id = id;
    this.fields = fields;
  }

  /** A form's fields from its JSON; components without a key (texts, spacers) take no input. */
  public static FormSchema parse(String json) {
    try {
      JsonNode form = JSON.readTree(json);
      return new FormSchema(form.path("id").asText(null), fieldsOf(form, false));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a form-js JSON document: " + e.getOriginalMessage(), e);
    }
  }

  /** A task without a form takes no input at all. */
  public static FormSchema none() {
    return new FormSchema(null, Map.of());
  }

  public String id() {
    return id;
  }

  public Map<String, Field> fields() {
    return fields;
  }

  private static Map<String, Field> fieldsOf(JsonNode container, boolean conditional) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (JsonNode component : container.path("components")) {
      String type = component.path("type").asText("");
      boolean hidden = conditional || component.hasNonNull("conditional");
      String key = component.hasNonNull("key") ? component.get("key").asText()
          : "dynamiclist".equals(type) ? component.path("path").asText(null) : null;
      if (key == null || key.isBlank()) {
        // A group without a path lays its fields out in the same data as its siblings.
        fields.putAll(fieldsOf(component, hidden));
        continue;
      }
      JsonNode validate = component.path("validate");
      Set<String> options = new LinkedHashSet<>();
      component.path("values").forEach(v -> options.add(v.path("value").asText()));
      Map<String, Field> columns = "dynamiclist".equals(type) ? fieldsOf(component, false) : Map.of();
      boolean readonly = component.path("readonly").asBoolean(false) || component.path("disabled").asBoolean(false);
      boolean fixedRows = columns.values().stream().anyMatch(Field::readonly) || !component.path("allowAddRemove").asBoolean(true);
      fields.put(key, new Field(key, component.path("label").asText(null), Kind.of(type), readonly,
          validate.path("required").asBoolean(false) && !hidden && !readonly,
          validate.hasNonNull("maxLength") ? validate.get("maxLength").asInt() : null,
          validate.hasNonNull("min") ? validate.get("min").decimalValue() : null,
          validate.hasNonNull("max") ? validate.get("max").decimalValue() : null,
          Set.copyOf(options), columns, fixedRows));
    }
    return fields;
  }

  /**
   * Every problem of a submission, as "field: problem" in Chinese (empty when it may be stored).
   * {@code current} gives a variable's value as the task sees it now.
   */
  public Map<String, String> problems(Map<String, ?> submitted, Function<String, Object> current) {
    Map<String, String> problems = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : submitted.entrySet()) {
      Field field = fields.get(entry.getKey());
      if (field == null) {
        problems.put(entry.getKey(), entry.getKey() + "：不是本任务表单中的字段，不能提交");
      } else {
        check(field, plain(entry.getValue()), () -> current.apply(field.key()), field.name(), problems);
      }
    }
    for (Field field : fields.values()) {
      // A field filled in before (a returned plan) and not sent again keeps its value.
      if (field.required() && !submitted.containsKey(field.key()) && blank(plain(current.apply(field.key())))) {
        problems.put(field.key(), field.name() + "：必须填写");
      }
    }
    return problems;
  }

  private static void check(Field field, Object value, java.util.function.Supplier<Object> current, String name,
                            Map<String, String> problems) {
    String path = name;
    if (field.readonly()) {
      if (!same(value, plain(current.get()))) {
        problems.put(field.key(), path + "：只读字段，不能修改");
      }
      return;
    }
    if (blank(value)) {
      if (field.required()) {
        problems.put(field.key(), path + "：必须填写");
      }
      return;
    }
    String problem = switch (field.kind()) {
      case TEXT -> value instanceof String text ? lengthProblem(field, text) : "应为" + field.kind().label;
      case NUMBER -> numberProblem(field, value);
      case BOOLEAN -> value instanceof Boolean ? null : "应为" + field.kind().label;
      case CHOICE -> choiceProblem(field, value);
      case CHOICES -> choicesProblem(field, value);
      case ROWS -> null;
      case OTHER -> value instanceof String || value instanceof Number || value instanceof Boolean ? null : "应为" + field.kind().label;
    };
    if (problem != null) {
      problems.put(field.key(), path + "：" + problem);
    } else if (field.kind() == Kind.ROWS) {
      rowsProblems(field, value, plain(current.get()), path, problems);
    }
  }

  private static void rowsProblems(Field list, Object value, Object current, String path, Map<String, String> problems) {
    List<Map<String, Object>> rows;
    List<Map<String, Object>> shown;
    try {
      rows = FormRows.rows(value, list.name());
      shown = FormRows.rows(current, list.name());
    } catch (TaskAnswers.Refused e) {
      problems.put(list.key(), path + "：应为" + Kind.ROWS.label);
      return;
    }
    if (list.fixedRows() && rows.size() != shown.size()) {
      problems.put(list.key(), path + "：不能增删行（应为 " + shown.size() + " 行，收到 " + rows.size() + " 行），请刷新任务后重新填写");
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = rows.get(i);
      Map<String, Object> before = i < shown.size() ? shown.get(i) : Map.of();
      for (Map.Entry<String, Object> cell : row.entrySet()) {
        Field column = list.columns().get(cell.getKey());
        String cellPath = path + " 第 " + (i + 1) + " 行 ";
        String problemKey = list.key() + "[" + i + "]." + cell.getKey();
        if (column == null) {
          // Rows carry the ids the task listener put there (a nominee's id); sent back unchanged they are no write.
          if (!same(cell.getValue(), before.get(cell.getKey()))) {
            problems.put(problemKey, cellPath + cell.getKey() + "：不是表单中的字段，不能提交");
          }
        } else {
          // A list's own rules (an item's score within its maximum, every item scored) are its task
          // listener's, which names the items; here only the cells' types and read-only values.
          Map<String, String> found = new LinkedHashMap<>();
          check(column.optional(), cell.getValue(), () -> before.get(cell.getKey()), cellPath + column.name(), found);
          found.values().forEach(p -> problems.put(problemKey, p));
        }
      }
    }
  }

  private static String lengthProblem(Field field, String text) {
    if (field.maxLength() == null) {
      return null;
    }
    int length = text.codePointCount(0, text.length());
    return length > field.maxLength() ? "最长 " + field.maxLength() + " 字，现有 " + length + " 字" : null;
  }

  private static String numberProblem(Field field, Object value) {
    if (!(value instanceof Number number)) {
      return "应为数字";
    }
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      return "应为有限的数字";
    }
    if (field.min() != null && decimal.compareTo(field.min()) < 0) {
      return "不能小于 " + field.min().toPlainString();
    }
    if (field.max() != null && decimal.compareTo(field.max()) > 0) {
      return "不能大于 " + field.max().toPlainString();
    }
    return null;
  }

  /** A radio group or select: one of its options; a yes/no group also takes a boolean (the REST API's way). */
  private static String choiceProblem(Field field, Object value) {
    String text = value instanceof Boolean b && field.options().containsAll(Set.of("true", "false")) ? b.toString()
        : value instanceof String s ? s : null;
    if (text == null) {
      return "应为" + Kind.CHOICE.label;
    }
    return field.options().isEmpty() || field.options().contains(text) ? null : "只能是 " + String.join("、", field.options()) + " 之一";
  }

  private static String choicesProblem(Field field, Object value) {
    Collection<?> values;
    if (value instanceof Collection<?> collection) {
      values = collection;
    } else {
      try {
        JsonNode node = JSON.readTree(value.toString());
        if (!node.isArray()) {
          return "应为" + Kind.CHOICES.label;
        }
        List<Object> items = new ArrayList<>();
        node.forEach(n -> items.add(n.isTextual() ? n.asText() : n));
        values = items;
      } catch (JsonProcessingException e) {
        return "应为" + Kind.CHOICES.label;
      }
    }
    for (Object item : values) {
      if (!(item instanceof String text) || !field.options().isEmpty() && !field.options().contains(text)) {
        return "只能从 " + String.join("、", field.options()) + " 中选择";
      }
    }
    return null;
  }

  /** A variable's value as a form sees it: typed values unwrapped, JSON (Spin) as its text. */
  public static Object plain(Object value) {
    Object v = value;
    if (v instanceof SerializableValue serializable && !serializable.isDeserialized()) {
      return serializable.getValueSerialized();
    }
    if (v instanceof TypedValue typed) {
      v = typed.getValue();
    }
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Collection<?>
        || v instanceof Map<?, ?>) {
      return v;
    }
    return v.getClass().getName().startsWith("org.camunda.spin.") ? v.toString() : v;
  }

  private static boolean blank(Object value) {
    return value == null || value instanceof String s && s.isBlank();
  }

  /** Whether a submitted value is the one shown: empty equals absent, numbers by value, lists by their JSON. */
  static boolean same(Object submitted, Object shown) {
    Object a = plain(submitted);
    Object b = plain(shown);
    if (blank(a) || blank(b)) {
      return blank(a) && blank(b);
    }
    if (a instanceof Number x && b instanceof Number y) {
      try {
        return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
      } catch (NumberFormatException e) {
        return x.equals(y);
      }
    }
    if (a instanceof String || b instanceof String || a instanceof Boolean || b instanceof Boolean) {
      return a.toString().equals(b.toString());
    }
    return JSON.valueToTree(a).equals(JSON.valueToTree(b));
  }
}
