package org.servicestar.campaign;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.servicestar.campaign.CompetitionCampaignIds.Vars;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.springframework.stereotype.Component;

/** What the campaign diagram asks about its units: the multi-instance collections and the names its forms show. */
@Component("campaignUnits")
public class CampaignUnits {

  private final CampaignPlans plans;
  private final UnitService units;

  CampaignUnits(CampaignPlans plans, UnitService units) {
    this.plans = plans;
    this.units = units;
  }

  public List<String> participants(Integer year) {
    return plans.participants(year);
  }

  /** A unit's plan instance starts: its answers are local to it (see the diagram's listeners). */
  public void preparePlan(DelegateExecution execution) {
    prepare(execution, Vars.SELF_INSPECTION, Vars.GOOD_PRACTICE, Vars.PROBLEMS, Vars.PLAN_TEXT, Vars.REVIEW_COMMENT);
    execution.setVariableLocal(Vars.PLAN_APPROVED, false);
  }

  /** A unit's commitments task starts: its seven texts are local to it. */
  public void prepareCommitments(DelegateExecution execution) {
    prepare(execution, "goalImage", "goalEfficiency", "goalConduct", "goalExcellence", "showDuties", "showIdentity", "showStandards");
  }

  /**
   * Variables a form fills in are created where they are first set — the process instance, unless
   * they already exist nearer. Declared here, each unit writes its own, and two units completing at
   * the same moment never update the same variable.
   */
  private void prepare(DelegateExecution execution, String... names) {
    execution.setVariableLocal(Vars.UNIT_NAME, nameOf((String) execution.getVariable(Vars.UNIT_CODE)));
    for (String name : names) {
      execution.setVariableLocal(name, null);
    }
  }

  public String nameOf(String unitCode) {
    return units.byCode(unitCode).map(Unit::name).orElse(unitCode);
  }
}
