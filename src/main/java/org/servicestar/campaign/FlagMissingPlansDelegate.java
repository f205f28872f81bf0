package org.servicestar.campaign;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.servicestar.campaign.CompetitionCampaignIds.Vars;
import org.springframework.stereotype.Component;

/** Mobilisation is over (its date, or the office moved on): units without an approved plan are flagged, not dropped. */
@Component("flagMissingPlansDelegate")
class FlagMissingPlansDelegate implements JavaDelegate {

  private final CampaignPlans plans;

  FlagMissingPlansDelegate(CampaignPlans plans) {
    this.plans = plans;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int year = ((Number) execution.getVariable(Vars.YEAR)).intValue();
    execution.setVariable("plansMissing", plans.flagMissing(year).size());
  }
}
