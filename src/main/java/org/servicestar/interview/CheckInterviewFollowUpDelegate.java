package org.servicestar.interview;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_CheckFollowUpMonth: reads the follow-up month's ranking and records whether the window improved. */
@Component("checkInterviewFollowUpDelegate")
class CheckInterviewFollowUpDelegate implements JavaDelegate {

  private final Interviews interviews;

  CheckInterviewFollowUpDelegate(Interviews interviews) {
    this.interviews = interviews;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Interviews.FollowUp result = interviews.checkFollowUp((String) execution.getVariable(InterviewIds.Vars.NUMBER));
    execution.setVariable(InterviewIds.Vars.IMPROVED, result.improved());
    execution.setVariable(InterviewIds.Vars.RESULT, result.status().label() + "：" + result.text());
  }
}
