package org.servicestar.inspection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.variable.value.TypedValue;
import org.servicestar.engine.FormRows;
import org.servicestar.engine.TaskAnswers;

/** The score sheet as the Tasklist form's dynamic list (see engine.FormRows for how lists travel). */
final class SheetJson {

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
    return FormRows.json(rows);
  }

  /** An empty findings list, so the form starts without a blank finding. */
  static TypedValue emptyList() {
    return FormRows.json(List.of());
  }

  /** A submitted list as rows; a malformed one is refused in the inspection's own terms. */
  static List<Map<String, Object>> rows(Object value, String what) {
    try {
      return FormRows.rows(value, what);
    } catch (TaskAnswers.Refused e) {
      throw new InspectionInputRefused(e.getMessage());
    }
  }
}
