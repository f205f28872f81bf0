package org.servicestar.award;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.servicestar.award.AwardApprovalIds.Vars;
import org.servicestar.engine.TaskAnswers;
import org.springframework.stereotype.Component;

/** Opens the year's round and builds the nominee lists; started from Tasklist, the instance becomes award-{year} here. */
@Component("buildNomineesDelegate")
class BuildNomineesDelegate implements JavaDelegate {

  private final Awards awards;

  BuildNomineesDelegate(Awards awards) {
    this.awards = awards;
  }

  static int year(DelegateExecution execution) {
    if (!(execution.getVariable(Vars.YEAR) instanceof Number year)) {
      throw TaskAnswers.refusal("请填写评优的年度");
    }
    return year.intValue();
  }

  @Override
  public void execute(DelegateExecution execution) {
    int year = year(execution);
    execution.setVariable(Vars.YEAR, year);
    if (execution.getProcessBusinessKey() == null) {
      execution.setProcessBusinessKey(AwardApprovalIds.businessKey(year));
    }
    Awards.Opened opened = awards.open(year, execution.getProcessInstanceId());
    execution.setVariable("tiedOut", String.join("；", opened.tiedAtCutoff()));
  }
}
