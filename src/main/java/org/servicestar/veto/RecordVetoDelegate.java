package org.servicestar.veto;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Records a veto fact from a process: {@code camunda:delegateExpression="${recordVetoDelegate}"}.
 * Reads the variables (process variables or the task's input parameters) {@code unitCode},
 * {@code vetoClause} (1–6), {@code vetoSourceType} (COMPLAINT, RECTIFICATION, INSPECTION, OBJECTION),
 * {@code vetoSourceId} and {@code vetoEvidence}. Running twice for the same fact records it
 * once. Recorded by the user completing the task that led here (Tasklist), else the app's login, else "system".
 */
@Component("recordVetoDelegate")
class RecordVetoDelegate implements JavaDelegate {

  static final String UNIT_CODE = "unitCode";
  static final String CLAUSE = "vetoClause";
  static final String SOURCE_TYPE = "vetoSourceType";
  static final String SOURCE_ID = "vetoSourceId";
  static final String EVIDENCE = "vetoEvidence";

  private final VetoRecords vetoes;

  RecordVetoDelegate(VetoRecords vetoes) {
    this.vetoes = vetoes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    vetoes.record(text(execution, UNIT_CODE), clause(execution.getVariable(CLAUSE)),
        VetoRecords.sourceType(text(execution, SOURCE_TYPE)), text(execution, SOURCE_ID), optionalText(execution.getVariable(EVIDENCE)),
        user == null ? null : user.getUserId());
  }

  private static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalStateException("记录一票否决需要流程变量 " + name + "，但它为空（" + execution.getCurrentActivityId() + "）");
    }
    return value.toString();
  }

  private static String optionalText(Object value) {
    return value == null ? null : value.toString();
  }

  /** A clause from a DMN result (Integer or Long), an expression ({@code ${4}} is a Long) or text. */
  static int clause(Object value) {
    if (value instanceof Number number) {
      return number.intValue();
    }
    if (value instanceof String text && text.strip().matches("[1-6]")) {
      return Integer.parseInt(text.strip());
    }
    throw new IllegalStateException("流程变量 " + CLAUSE + " 须为 1 至 6 的条款号，收到的是 " + value);
  }
}
