package org.servicestar.rating;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one rating from JSON leniently, field by field, so that a wrongly typed field is reported by
 * name (and, in a batch, refuses only its own item). Unknown fields are ignored. Text fields also take
 * numbers (a badge number or a phone number sent as a number); {@code level} takes an integer or a
 * string of one digit.
 */
final class RatingJson {

  static final String[] FIELDS = {"unitCode", "level", "channel", "staffBadge", "comment", "contactName", "contactPhone",
      "clientRef", "ratedAt", "deviceToken"};

  private RatingJson() {
  }

  static RatingIntake.Incoming read(JsonNode node) {
    if (node == null || !node.isObject()) {
      return new RatingIntake.Incoming(null, Map.of(),
          Refusal.of(Refusal.Kind.INVALID, null, "每条评价须是一个 JSON 对象，如 {\"unitCode\":\"tax-w01\",\"level\":5,\"channel\":\"DEVICE\"}"));
    }
    Map<String, String> typeErrors = new LinkedHashMap<>();
    RatingDraft draft = new RatingDraft(text(node, "unitCode", typeErrors), level(node, typeErrors), text(node, "channel", typeErrors),
        text(node, "staffBadge", typeErrors), text(node, "comment", typeErrors), text(node, "contactName", typeErrors),
        text(node, "contactPhone", typeErrors), text(node, "clientRef", typeErrors), text(node, "ratedAt", typeErrors),
        text(node, "deviceToken", typeErrors));
    return new RatingIntake.Incoming(draft, typeErrors, null);
  }

  private static String text(JsonNode node, String field, Map<String, String> typeErrors) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber()) {
      return value.asText();
    }
    typeErrors.put(field, field + " 须为文本");
    return null;
  }

  private static Integer level(JsonNode node, Map<String, String> typeErrors) {
    JsonNode value = node.get("level");
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    if (value.isTextual() && value.textValue().strip().matches("[0-9]")) {
      return Integer.parseInt(value.textValue().strip());
    }
    typeErrors.put("level", "评价等级 level 须为 1–5 的整数（5 非常满意 … 1 非常不满意）");
    return null;
  }
}
