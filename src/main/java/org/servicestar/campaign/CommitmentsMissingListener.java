package org.servicestar.campaign;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.campaign.CompetitionCampaignIds.Vars;
import org.springframework.stereotype.Component;

/**
 * {@code Task_PublishCommitments}, event {@code delete}: the task closes without being completed — the
 * competition phase ended on its date or the office ended it early — so the unit missed its commitments
 * and is flagged, as a unit that missed its plan is (a completed task fires no delete event).
 */
@Component("commitmentsMissingListener")
class CommitmentsMissingListener implements TaskListener {

  private final CampaignPlans plans;

  CommitmentsMissingListener(CampaignPlans plans) {
    this.plans = plans;
  }

  @Override
  public void notify(DelegateTask task) {
    Object year = task.getVariable(Vars.YEAR);
    Object unit = task.getVariable(Vars.UNIT_CODE);
    if (year instanceof Number n && unit instanceof String code) {
      plans.flagCommitmentsMissing(n.intValue(), code, task.getId());
    }
  }
}
