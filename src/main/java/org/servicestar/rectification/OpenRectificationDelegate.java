package org.servicestar.rectification;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.servicestar.rectification.RectificationIds.Vars;
import org.springframework.stereotype.Component;

/**
 * Task_OpenRectification: checks the input variables and opens the rectification in the ledger; its
 * number becomes the business key and {@code rectificationNumber}; {@code returnCount} starts at 0.
 * Bad input fails the step with the reasons (the caller's transaction rolls back: nothing is stored).
 */
@Component("openRectificationDelegate")
class OpenRectificationDelegate implements JavaDelegate {

  private final RectificationLedger ledger;

  OpenRectificationDelegate(RectificationLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Rectification rectification = ledger.open(new RectificationLedger.Opening(
        text(execution, Vars.UNIT_CODE), text(execution, Vars.SOURCE_TYPE), text(execution, Vars.SOURCE_ID),
        text(execution, Vars.PROBLEM), text(execution, Vars.SEVERITY), execution.getProcessInstanceId()),
        Actors.of(execution.getProcessEngineServices(), null));
    execution.setProcessBusinessKey(rectification.number());
    execution.setVariable(Vars.NUMBER, rectification.number());
    execution.setVariable(Vars.RETURN_COUNT, 0);
  }

  private static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    return value == null ? null : value.toString();
  }
}
