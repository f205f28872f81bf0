package org.servicestar.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;

/**
 * A JSON body that gives a key twice ({@code {"level":5,"level":1}}) is ambiguous: Jackson would
 * keep the last value, a proxy or a log reader may see the first. The app's JSON is read with
 * {@code spring.jackson.parser.strict-duplicate-detection} (application.yaml), so such a body fails
 * to parse; this names the key for the answer (400, nothing stored).
 */
public final class DuplicateKeys {

  /** The answer's {@code error}; {@code fields} names the key. */
  public static final String ERROR = "请求中有字段重复出现，无法确定以哪个为准，未做任何处理";

  private static final String JACKSON_MESSAGE = "Duplicate field '";

  private DuplicateKeys() {
  }

  /**
   * The duplicated key as the answer's {@code fields}: its path ({@code level}, {@code items[1].level})
   * with "字段 level 重复出现"; empty when {@code e} (or a cause) is not a duplicated key.
   */
  public static Map<String, String> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JsonParseException parse && parse.getOriginalMessage() != null
          && parse.getOriginalMessage().startsWith(JACKSON_MESSAGE) && parse.getOriginalMessage().endsWith("'")) {
        String message = parse.getOriginalMessage();
        String key = message.substring(JACKSON_MESSAGE.length(), message.length() - 1);
        return Map.of(path(parse, key), "字段 " + key + " 重复出现");
      }
    }
    return Map.of();
  }

  /** Where the key is: {@code items[1].level} for a key inside the second item of {@code items}. */
  private static String path(JsonParseException e, String key) {
    JsonParser parser = e.getProcessor();
    if (parser == null || parser.getParsingContext() == null) {
      return key;
    }
    Deque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        segments.addFirst(c.getCurrentName());
      }
    }
    if (segments.isEmpty()) {
      return key;
    }
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      if (path.length() > 0 && !segment.startsWith("[")) {
        path.append('.');
      }
      path.append(segment);
    }
    return path.toString();
  }
}
