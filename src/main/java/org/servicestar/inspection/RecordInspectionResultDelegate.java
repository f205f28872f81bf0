package org.servicestar.inspection;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.servicestar.inspection.InspectionIds.Vars;
import org.springframework.stereotype.Component;

/**
 * Task_RecordInspectionResult: stores the scores and findings the inspector entered (checked again, as
 * the variables may have been changed since) and sets the flags the gateways route on.
 */
@Component("recordInspectionResultDelegate")
class RecordInspectionResultDelegate implements JavaDelegate {

  private final Inspections inspections;

  RecordInspectionResultDelegate(Inspections inspections) {
    this.inspections = inspections;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(Vars.NUMBER);
    ConductedSheet sheet = ConductedSheet.check(inspections.items(number), execution.getVariable(Vars.ITEMS),
        execution.getVariable(Vars.SUMMARY), execution.getVariable(Vars.FINDINGS));
    Object inspector = execution.getVariable(Vars.INSPECTOR);
    Inspection done = inspections.recordResult(number, sheet, inspector == null ? "system" : inspector.toString());
    execution.setVariable(Vars.SCORE_PCT, done.scorePct());
    execution.setVariable(Vars.RECTIFICATIONS_NEEDED, sheet.rectificationsNeeded());
    execution.setVariable(Vars.SERIOUS_IMAGE_HARM_FOUND, sheet.seriousImageHarmFound());
  }
}
