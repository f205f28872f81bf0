package org.servicestar.evaluation;

import static org.servicestar.evaluation.StaffEvaluationIds.Vars;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.servicestar.web.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * The start of StaffEvaluation, whatever door it came through: the app's page has stored the round
 * already; a start through /engine-rest or Tasklist (variables {@code unitCode}, {@code campaignYear})
 * gets its round here, with the same checks — one round per unit and year among them. A refusal undoes
 * the start and names the reason.
 */
@Component("evaluationStartListener")
class EvaluationStartListener implements ExecutionListener {

  private final EvaluationService evaluations;

  EvaluationStartListener(EvaluationService evaluations) {
    this.evaluations = evaluations;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Map<String, Object> registered;
    try {
      registered = evaluations.registerStartedOutside(execution.getVariable(Vars.NUMBER), execution.getVariable(Vars.UNIT_CODE),
          execution.getVariable(Vars.CAMPAIGN_YEAR), actor(execution));
    } catch (InvalidInputException e) {
      throw new EvaluationInputRefused(String.join("；", e.fieldErrors().values()));
    }
    if (registered.isEmpty()) {
      return;
    }
    execution.setVariables(registered);
    String number = (String) registered.get(Vars.NUMBER);
    execution.setProcessBusinessKey(number);
    evaluations.linkProcess(number, execution.getProcessInstanceId());
  }

  private static String actor(DelegateExecution execution) {
    Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return user == null ? null : user.getUserId();
  }
}
