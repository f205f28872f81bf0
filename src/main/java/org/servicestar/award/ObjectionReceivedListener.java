package org.servicestar.award;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.servicestar.award.AwardApprovalIds.Vars;
import org.springframework.stereotype.Component;

/**
 * An objection's message starts its own verification path. Its number arrives with the message at
 * the process instance (a message start event of an event sub-process receives on the instance's
 * scope, even for "local" message variables); here it moves into the path's own scope, so that
 * objections verified side by side each keep their own number.
 */
@Component("objectionReceivedListener")
class ObjectionReceivedListener implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    Object number = execution.getProcessInstance().getVariableLocal(Vars.OBJECTION_NUMBER);
    execution.getProcessInstance().removeVariableLocal(Vars.OBJECTION_NUMBER);
    execution.setVariableLocal(Vars.OBJECTION_NUMBER, number);
  }
}
