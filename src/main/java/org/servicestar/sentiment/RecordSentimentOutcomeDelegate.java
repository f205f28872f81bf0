package org.servicestar.sentiment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The unit's rectification was accepted: closes the sentiment record with the rectification's number. */
@Component("recordSentimentOutcomeDelegate")
class RecordSentimentOutcomeDelegate implements JavaDelegate {

  private final SentimentService sentiments;

  RecordSentimentOutcomeDelegate(SentimentService sentiments) {
    this.sentiments = sentiments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    sentiments.closed((String) execution.getVariable(PublicOpinionIds.Vars.NUMBER),
        (String) execution.getVariable(PublicOpinionIds.Vars.RECTIFICATION_NUMBER));
  }
}
