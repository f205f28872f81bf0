package org.servicestar.inspection;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.servicestar.audit.AuditTrail;
import org.servicestar.inspection.InspectionIds.Vars;
import org.springframework.stereotype.Component;

/**
 * Completing Task_ConductInspection: checks every score against the inspection's own sheet and every
 * finding; a refusal names each item or finding and the task stays open with nothing stored. Notes
 * who conducted it (the assignee; else whoever completes it).
 */
@Component("inspectionConductListener")
class InspectionConductListener implements TaskListener {

  private final Inspections inspections;

  InspectionConductListener(Inspections inspections) {
    this.inspections = inspections;
  }

  @Override
  public void notify(DelegateTask task) {
    String number = (String) task.getVariable(Vars.NUMBER);
    ConductedSheet.check(inspections.items(number), task.getVariable(Vars.ITEMS), task.getVariable(Vars.SUMMARY),
        task.getVariable(Vars.FINDINGS));
    task.setVariable(Vars.INSPECTOR, inspector(task));
  }

  private static String inspector(DelegateTask task) {
    if (task.getAssignee() != null) {
      return task.getAssignee();
    }
    Authentication user = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return user != null && user.getUserId() != null ? user.getUserId() : AuditTrail.currentActor();
  }
}
