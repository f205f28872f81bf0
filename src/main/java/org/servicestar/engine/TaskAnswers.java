package org.servicestar.engine;

import java.util.Set;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.servicestar.web.RefusedForPeople;
import org.servicestar.web.TextLimits;

/**
 * Reads what a person entered in a Tasklist form, for the task listeners that check it on completion.
 * A refusal is a {@link ProcessEngineException}: Tasklist shows its message, the transaction rolls
 * back, and the task stays open with nothing stored.
 */
public final class TaskAnswers {

  /** What a person entered can't be accepted; the message says what to correct, in Chinese. */
  public static class Refused extends ProcessEngineException implements RefusedForPeople {
    public Refused(String message) {
      super(message);
    }
  }

  private TaskAnswers() {
  }

  /**
   * A yes/no answer: a boolean from the REST API, or "true"/"false" from a form-js radio group (whose
   * values are strings). Stored back as a boolean for the diagram's gateways.
   */
  public static boolean yesOrNo(VariableScope scope, String variable, String message) {
    Object value = scope.getVariable(variable);
    Boolean answer = value instanceof Boolean b ? b
        : "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
    if (answer == null) {
      throw new Refused(message);
    }
    scope.setVariable(variable, answer);
    return answer;
  }

  /** A text that must be given, trimmed, at most {@code max} characters. */
  public static String required(VariableScope scope, String variable, String message, int max) {
    String text = optional(scope, variable, message, max);
    if (text == null) {
      throw new Refused(message);
    }
    return text;
  }

  /** A text that may be left empty (null then), trimmed, at most {@code max} characters. */
  public static String optional(VariableScope scope, String variable, String message, int max) {
    Object value = scope.getVariable(variable);
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new Refused(message);
    }
    if (!TextLimits.fits(text, max)) {
      throw new Refused(message + "（最长 " + max + " 字，现有 " + TextLimits.length(text) + " 字）");
    }
    if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      throw new Refused(message + "（含有不可见的控制字符）");
    }
    return text.strip();
  }

  /** One of a fixed set of values (a select or radio group). */
  public static String oneOf(VariableScope scope, String variable, Set<String> allowed, String message) {
    Object value = scope.getVariable(variable);
    if (!(value instanceof String text) || !allowed.contains(text)) {
      throw new Refused(message);
    }
    return text;
  }

  public static Refused refusal(String message) {
    return new Refused(message);
  }
}
