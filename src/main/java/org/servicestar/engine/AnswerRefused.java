package org.servicestar.engine;

import java.util.Map;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.servicestar.web.RefusedForPeople;

/**
 * A person's completion of a task carried something its form does not ask for, or a field of the
 * wrong type: every problem, by field, in Chinese. A form validation failure to the engine, so
 * {@code /engine-rest} and Tasklist answer 400, and the transaction stores nothing.
 */
public class AnswerRefused extends FormFieldValidationException implements RefusedForPeople {

  private final Map<String, String> problems;

  public AnswerRefused(Map<String, String> problems) {
    super(null, "表单内容有误，未提交：" + String.join("；", problems.values()));
    this.problems = Map.copyOf(problems);
  }

  /** Field (a list's cell as {@code list[row].column}) → what is wrong with it. */
  public Map<String, String> problems() {
    return problems;
  }
}
