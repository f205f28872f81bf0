package org.servicestar.inspection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;

/**
 * The lists the Tasklist form edits. Tasklist reads a Json variable into the form's dynamic list and
 * sends an edited list back as a Json variable (a new one, like the findings, too); tests and the REST
 * API may send a JSON text or a plain list instead. All of them come out as a list of maps.
 */
final class SheetJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {
  };

  private SheetJson() {
  }

  /** The sheet as the form's initial list. */
  static TypedValue itemsVariable(List<SheetItem> items) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SheetItem item : items) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("position", item.position());
      row.put("dimension", item.dimension().name());
      row.put("dimensionText", item.dimension().label());
      row.put("label", item.label());
      row.put("maxScore", item.maxScore());
      row.put("score", null);
      row.put("remark", "");
      rows.add(row);
    }
    return json(rows);
  }

  /** An empty findings list, so the form starts without a blank finding. */
  static TypedValue emptyList() {
    return json(List.of());
  }

  private static TypedValue json(Object rows) {
    try {
      return SpinValues.jsonValue(JSON.writeValueAsString(rows)).create();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A submitted list: a Spin JSON node (its text is the JSON), a JSON text or a collection of maps; null is empty. */
  static List<Map<String, Object>> rows(Object value, String what) {
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
      throw new InspectionInputRefused(what + "的格式不对（应为列表），请刷新任务后重新填写");
    }
  }
}
