package org.servicestar.scoring;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The campaign's scoring step: scores the year synchronously (the service task is asyncBefore, so this
 * runs in a job; if another run of the year is going, the job fails and the engine retries it later).
 */
@Component(ScoringIds.DELEGATE)
class ComputeScoresDelegate implements JavaDelegate {

  private final ScoringService scoring;

  ComputeScoresDelegate(ScoringService scoring) {
    this.scoring = scoring;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Integer year = (Integer) execution.getVariable(ScoringIds.Vars.CAMPAIGN_YEAR);
    ScoringService.Outcome outcome = scoring.run(year, "process:" + execution.getProcessInstanceId());
    execution.setVariable(ScoringIds.Vars.SCORING_RUN_ID, outcome.runId());
    execution.setVariable(ScoringIds.Vars.SCORED_UNITS, outcome.scoredUnits());
  }
}
