package org.servicestar.engine;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A deployed Camunda Form (form-js JSON) as an app page shows it: its inputs in order with their
 * labels, descriptions, required and maxLength rules and the simple show/hide conditions a checkbox
 * drives ({@code =extensionRequested}, {@code =not(extensionRequested)}), and what a posted page means
 * as the answers Tasklist's form-js would submit (a hidden field is not submitted). Read from the form
 * deployed with the task's process version, so an administrator's change in Modeler is followed.
 *
 * <p>A form with an input this page cannot show faithfully (a select, a list, a condition that is
 * more than a checkbox) is {@linkplain #unsupported() not supported}: the page then sends people to
 * Tasklist rather than show a different form. Who may write what is still the engine's
 * (security.CaseIntegrity); this class only spares people a round trip with what they typed.
 */
public final class FormPage {

  /** The inputs an app page renders. */
  public enum Type {
    TEXTFIELD, TEXTAREA, CHECKBOX, DATE
  }

  /** A field is hidden while checkbox {@code key} is {@code hiddenWhen}. */
  public record Condition(String key, boolean hiddenWhen) {
  }

  /** One input of the form, in the form's order. */
  public record Input(String key, Type type, String label, String description, boolean required, Integer maxLength,
                      boolean noPastDates, boolean defaultChecked, Condition hide) {

    public boolean conditional() {
      return hide != null;
    }
  }

  /**
   * A posted page read as the form's answers: {@code answers} as the engine gets them (hidden fields
   * left out, unknown parameters passed on for the engine to refuse), {@code problems} by field in
   * Chinese, and what the person typed ({@code entered}) to show again.
   */
  public record Reading(Map<String, Object> answers, Map<String, String> problems, Map<String, String> entered) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> DISPLAY_ONLY = Set.of("text", "html", "image", "spacer", "separator", "iframe", "table", "button");
  /** {@code =flag}, {@code =not(flag)}, {@code =flag = true}, {@code =flag != false} … */
  private static final Pattern CONDITION =
      Pattern.compile("=\\s*(not\\s*\\(\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\s*(?:(=|!=)\\s*(true|false))?\\s*(\\))?\\s*");
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final String id;
  private final List<Input> inputs;
  private final List<String> unsupported;

  private FormPage(String id, List<Input> inputs, List<String> unsupported) {
    this.id = id;
    this.inputs = List.copyOf(inputs);
    this.unsupported = List.copyOf(unsupported);
  }

  public static FormPage parse(String json) {
    JsonNode form;
    try {
      form = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a form-js JSON document: " + e.getOriginalMessage(), e);
    }
    List<Input> inputs = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    collect(form, inputs, unsupported);
    Map<String, Input> byKey = new LinkedHashMap<>();
    inputs.forEach(i -> byKey.put(i.key(), i));
    for (Input input : inputs) {
      if (input.hide() != null && (byKey.get(input.hide().key()) == null || byKey.get(input.hide().key()).type() != Type.CHECKBOX
          || byKey.get(input.hide().key()).conditional())) {
        unsupported.add(input.label() + "（显示条件取决于 " + input.hide().key() + "）");
      }
    }
    return new FormPage(form.path("id").asText(null), inputs, unsupported);
  }

  /** A task whose form could not be read: nothing of it can be shown here. */
  public static FormPage unreadable() {
    return new FormPage(null, List.of(), List.of("任务表单（无法读取）"));
  }

  private static void collect(JsonNode container, List<Input> inputs, List<String> unsupported) {
    for (JsonNode component : container.path("components")) {
      String type = component.path("type").asText("");
      String key = component.path("key").asText(null);
      String label = component.path("label").asText(component.path("dateLabel").asText(key));
      if ("group".equals(type) && !component.hasNonNull("path") && !component.hasNonNull("conditional")) {
        collect(component, inputs, unsupported); // lays its fields out in the same data as its siblings
        continue;
      }
      if (DISPLAY_ONLY.contains(type) && key == null) {
        continue; // the page shows the case itself
      }
      boolean readonly = component.path("readonly").asBoolean(false) || component.path("disabled").asBoolean(false);
      Type kind = switch (type) {
        case "textfield" -> Type.TEXTFIELD;
        case "textarea" -> Type.TEXTAREA;
        case "checkbox" -> Type.CHECKBOX;
        case "datetime" -> "date".equals(component.path("subtype").asText("date")) ? Type.DATE : null;
        default -> null;
      };
      Condition hide = null;
      JsonNode conditional = component.path("conditional").path("hide");
      if (!conditional.isMissingNode() && !conditional.isNull() && !conditional.asText().isBlank()) {
        hide = condition(conditional.asText());
        if (hide == null) {
          unsupported.add((label == null ? type : label) + "（显示条件 " + conditional.asText() + "）");
          continue;
        }
      }
      if (kind == null || key == null || key.isBlank() || readonly) {
        unsupported.add((label == null ? type : label) + "（" + type + (readonly ? "，只读" : "") + "）");
        continue;
      }
      JsonNode validate = component.path("validate");
      inputs.add(new Input(key, kind, label, component.path("description").asText(null),
          validate.path("required").asBoolean(false),
          validate.hasNonNull("maxLength") ? validate.get("maxLength").asInt() : null,
          component.path("disallowPassedDates").asBoolean(false), component.path("defaultValue").asBoolean(false), hide));
    }
  }

  /** A form-js FEEL condition this page can evaluate, or null. */
  static Condition condition(String expression) {
    Matcher m = CONDITION.matcher(expression.strip());
    if (!m.matches() || (m.group(1) != null) != (m.group(5) != null)) {
      return null;
    }
    boolean hiddenWhen = true;
    if (m.group(3) != null) {
      hiddenWhen = Boolean.parseBoolean(m.group(4)) == "=".equals(m.group(3));
    }
    return new Condition(m.group(2), m.group(1) == null ? hiddenWhen : !hiddenWhen);
  }

  public String id() {
    return id;
  }

  public List<Input> inputs() {
    return inputs;
  }

  /** What this page cannot show (empty: the whole form is here). */
  public List<String> unsupported() {
    return unsupported;
  }

  /** Whether {@code input} shows while the form's checkboxes are as in {@code entered}. */
  public boolean shown(Input input, Map<String, String> entered) {
    return input.hide() == null || checked(entered.get(input.hide().key())) != input.hide().hiddenWhen();
  }

  /** What the task's variables put into the form when it opens (Tasklist shows them too). */
  public Map<String, String> initial(Function<String, Object> variable) {
    Map<String, String> entered = new LinkedHashMap<>();
    for (Input input : inputs) {
      Object value = FormSchema.plain(variable.apply(input.key()));
      if (input.type() == Type.CHECKBOX) {
        entered.put(input.key(), Boolean.toString(value instanceof Boolean b ? b : input.defaultChecked()));
      } else if (value instanceof String || value instanceof Number) {
        entered.put(input.key(), value.toString());
      }
    }
    return entered;
  }

  /**
   * The answers a posted page gives: a checkbox true when sent ({@code true} or {@code on}), every
   * shown field as typed, a hidden one not at all; checked as form-js checks them (required, maxLength,
   * a day as yyyy-MM-dd, not before {@code today} where the form disallows passed dates). Parameters
   * in {@code ignored} (the CSRF token) are not the form's; any other parameter is passed on as it is,
   * so the engine's check of the form's fields refuses it.
   */
  public Reading read(Map<String, String[]> posted, Set<String> ignored, LocalDate today) {
    Map<String, String> entered = new LinkedHashMap<>();
    Map<String, String> problems = new LinkedHashMap<>();
    Map<String, Object> answers = new LinkedHashMap<>();
    Map<String, Input> byKey = new LinkedHashMap<>();
    inputs.forEach(i -> byKey.put(i.key(), i));
    posted.forEach((name, values) -> {
      if (ignored.contains(name)) {
        return;
      }
      if (values.length > 1 && !(byKey.containsKey(name) && byKey.get(name).type() == Type.CHECKBOX)) {
        problems.put(name, label(byKey.get(name), name) + "：提交了多个值");
      }
      entered.put(name, values.length == 0 ? "" : values[values.length - 1]);
    });
    for (Input input : inputs) {
      if (input.type() == Type.CHECKBOX) {
        String value = entered.get(input.key());
        if (value != null && !checked(value) && !"false".equals(value)) {
          problems.putIfAbsent(input.key(), input.label() + "：应为是或否");
        }
        entered.put(input.key(), String.valueOf(checked(value)));
      }
    }
    for (Input input : inputs) {
      if (!shown(input, entered)) {
        continue;
      }
      String value = entered.getOrDefault(input.key(), "");
      if (input.type() == Type.CHECKBOX) {
        answers.put(input.key(), checked(value));
        continue;
      }
      answers.put(input.key(), value);
      String problem = problem(input, value, today);
      if (problem != null) {
        problems.putIfAbsent(input.key(), input.label() + "：" + problem);
      }
    }
    entered.forEach((name, value) -> {
      if (!byKey.containsKey(name)) {
        answers.put(name, value);
      }
    });
    return new Reading(answers, problems, entered);
  }

  private static String problem(Input input, String value, LocalDate today) {
    if (value.isBlank()) {
      return input.required() ? "必须填写" : null;
    }
    int length = value.codePointCount(0, value.length());
    if (input.maxLength() != null && length > input.maxLength()) {
      return "最长 " + input.maxLength() + " 字，现有 " + length + " 字";
    }
    if (input.type() == Type.DATE) {
      LocalDate day;
      try {
        day = DAY.matcher(value).matches() ? LocalDate.parse(value) : null;
      } catch (DateTimeParseException e) {
        day = null;
      }
      if (day == null) {
        return "应为日期（如 2026-03-20）";
      }
      if (input.noPastDates() && day.isBefore(today)) {
        return "不能早于今天（" + today + "）";
      }
    }
    return null;
  }

  private static String label(Input input, String name) {
    return input == null ? name : input.label();
  }

  private static boolean checked(String value) {
    return "true".equals(value) || "on".equals(value);
  }
}
