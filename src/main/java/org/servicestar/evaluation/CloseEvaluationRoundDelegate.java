package org.servicestar.evaluation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Marks the round closed once every review is in. */
@Component("closeEvaluationRoundDelegate")
class CloseEvaluationRoundDelegate implements JavaDelegate {

  private final EvaluationService evaluations;

  CloseEvaluationRoundDelegate(EvaluationService evaluations) {
    this.evaluations = evaluations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    evaluations.close((String) execution.getVariable(StaffEvaluationIds.Vars.NUMBER));
  }
}
