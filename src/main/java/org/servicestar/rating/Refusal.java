package org.servicestar.rating;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a rating was not stored, as the sender should hear it: bad input naming the fields (400), no or
 * wrong credentials for the channel (401, 403), a limit (429), or a failure on our side (503: send it
 * again with the same clientRef).
 */
record Refusal(Kind kind, Map<String, String> fields, String message, long retryAfterSeconds) {

  enum Kind {
    INVALID(400), UNAUTHORIZED(401), FORBIDDEN(403), LIMITED(429), ERROR(503);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    int httpStatus() {
      return httpStatus;
    }
  }

  Refusal {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  static Refusal invalid(Map<String, String> fields) {
    return new Refusal(Kind.INVALID, fields, String.join("；", fields.values()), 0);
  }

  static Refusal of(Kind kind, String field, String message) {
    return new Refusal(kind, field == null ? Map.of() : Map.of(field, message), message, 0);
  }

  /** A limit: when the sender may try again. */
  static Refusal limited(String message, long retryAfterSeconds) {
    return new Refusal(Kind.LIMITED, Map.of(), message, retryAfterSeconds);
  }

  /** A failure on our side: nothing stored, send it again (with the same clientRef) after a while. */
  static Refusal error(String message, long retryAfterSeconds) {
    return new Refusal(Kind.ERROR, Map.of(), message, retryAfterSeconds);
  }

  /** The first field concerned, or null. */
  String field() {
    return fields.isEmpty() ? null : fields.keySet().iterator().next();
  }
}
