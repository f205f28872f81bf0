package org.servicestar.award;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The vote is over (everyone voted, or it closed): the rule decides each nominee. */
@Component("countVotesDelegate")
class CountVotesDelegate implements JavaDelegate {

  private final Awards awards;

  CountVotesDelegate(Awards awards) {
    this.awards = awards;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable("approvedCount", awards.countVotes(BuildNomineesDelegate.year(execution)));
  }
}
