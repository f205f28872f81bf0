package org.servicestar.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bad input, with the fields it concerns and why (in Chinese, for the person who typed it). Thrown
 * before anything is stored; pages show the messages beside the fields, the API answers 400.
 */
public class InvalidInputException extends RuntimeException {

  private final Map<String, String> fieldErrors;

  public InvalidInputException(Map<String, String> fieldErrors) {
    super(fieldErrors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")));
    this.fieldErrors = Map.copyOf(new LinkedHashMap<>(fieldErrors));
  }

  public static InvalidInputException of(String field, String message) {
    return new InvalidInputException(Map.of(field, message));
  }

  /**
   * Text a person could have typed: no control characters but line breaks and tabs (a NUL is refused
   * by PostgreSQL, an escape sequence or a bidi override disguises what a reader sees).
   */
  public static boolean isPlainText(String text) {
    return text == null || text.codePoints().noneMatch(c -> c != '\n' && c != '\r' && c != '\t'
        && (Character.isISOControl(c) || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069));
  }

  public Map<String, String> fieldErrors() {
    return fieldErrors;
  }

  /** Collects errors field by field and throws once, so a form shows every problem at once. */
  public static final class Collector {
    private final Map<String, String> errors = new LinkedHashMap<>();

    public Collector add(String field, String message) {
      errors.putIfAbsent(field, message);
      return this;
    }

    public Collector check(boolean ok, String field, String message) {
      return ok ? this : add(field, message);
    }

    public boolean isEmpty() {
      return errors.isEmpty();
    }

    public Map<String, String> errors() {
      return errors;
    }

    public void throwIfAny() {
      if (!errors.isEmpty()) {
        throw new InvalidInputException(errors);
      }
    }
  }
}
