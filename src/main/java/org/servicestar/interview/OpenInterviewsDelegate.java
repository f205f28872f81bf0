package org.servicestar.interview;

import java.time.YearMonth;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** InterviewCheck: opens a 约谈 case for each window the month just ended flags (once per window and month). */
@Component("openInterviewsDelegate")
class OpenInterviewsDelegate implements JavaDelegate {

  private final Interviews interviews;

  OpenInterviewsDelegate(Interviews interviews) {
    this.interviews = interviews;
  }

  @Override
  public void execute(DelegateExecution execution) {
    YearMonth month = interviews.lastCompleteMonth();
    List<String> opened = interviews.openFor(month);
    execution.setVariable(InterviewCheckIds.Vars.MONTH, month.toString());
    execution.setVariable(InterviewCheckIds.Vars.OPENED, String.join(",", opened));
  }
}
