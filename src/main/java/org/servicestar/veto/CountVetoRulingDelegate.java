package org.servicestar.veto;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The round is over (decided, everyone voted, or it closed): the rule decides; out: {@code rulingOutcome}. */
@Component("countVetoRulingDelegate")
class CountVetoRulingDelegate implements JavaDelegate {

  private final VetoRulings rulings;

  CountVetoRulingDelegate(VetoRulings rulings) {
    this.rulings = rulings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(VetoRulingIds.Vars.OUTCOME, rulings.close(OpenVetoRulingDelegate.vetoId(execution)));
  }
}
