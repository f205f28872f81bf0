package org.servicestar.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;

/**
 * The lists a Tasklist form shows and edits (form-js dynamic lists). Tasklist reads a Json variable
 * into the list and sends the edited list back as a Json variable; tests and the REST API may send a
 * JSON text or a plain list instead. All of them come out as a list of maps.
 */
public final class FormRows {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {
  };

  private FormRows() {
  }

  /** Rows as a Json variable, which Tasklist hands to the form as a list. */
  public static TypedValue json(List<? extends Map<String, ?>> rows) {
    try {
      return SpinValues.jsonValue(JSON.writeValueAsString(rows)).create();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A submitted list: a Spin JSON node (its text is the JSON), a JSON text or a collection of maps; null is empty. */
  public static List<Map<String, Object>> rows(Object value, String what) {
    if (value == null) {
      return List.of();
    }
    try {
      if (value instanceof Collection<?> collection) {
        return JSON.convertValue(collection, ROWS);
      }
      String text = value.toString().strip();
      return text.isEmpty() || "null".equals(text) ? List.of() : JSON.readValue(text, ROWS);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw TaskAnswers.refusal(what + "的格式不对（应为列表），请刷新任务后重新填写");
    }
  }

  /** A row's text field, trimmed; null when empty. */
  public static String text(Map<String, Object> row, String key) {
    Object value = row.get(key);
    if (value == null) {
      return null;
    }
    String text = value.toString().strip();
    return text.isEmpty() ? null : text;
  }

  /** A row's yes/no field: a checkbox's boolean or a radio's "true"/"false"; null when not answered. */
  public static Boolean yesOrNo(Map<String, Object> row, String key) {
    Object value = row.get(key);
    if (value instanceof Boolean b) {
      return b;
    }
    return "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
  }

  /** A row's number field; null when empty. */
  public static Long number(Map<String, Object> row, String key) {
    Object value = row.get(key);
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return value == null || value.toString().isBlank() ? null : Long.valueOf(value.toString().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
