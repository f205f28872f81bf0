package org.servicestar.inspection;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.servicestar.inspection.InspectionIds.Vars;
import org.servicestar.rectification.RectificationIds;
import org.springframework.stereotype.Component;

/**
 * Task_StartRectifications: one Rectification process instance per finding that needs fixing, each on
 * its own (the inspection ends without waiting for them). Once per finding: a finding with a
 * rectification number, or with a Rectification instance already started for its source id (running
 * or finished), is skipped — so a repeated step never opens a second one.
 */
@Component("startInspectionRectificationsDelegate")
class StartInspectionRectificationsDelegate implements JavaDelegate {

  static final String SOURCE_TYPE = "INSPECTION";

  private final Inspections inspections;

  StartInspectionRectificationsDelegate(Inspections inspections) {
    this.inspections = inspections;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(Vars.NUMBER);
    Inspection inspection = inspections.require(number);
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    HistoryService history = execution.getProcessEngineServices().getHistoryService();
    for (InspectionFinding finding : inspections.findings(number)) {
      if (!finding.needsRectification() || finding.rectificationNumber() != null) {
        continue;
      }
      String sourceId = InspectionFinding.sourceId(number, finding.position());
      boolean started = history.createHistoricProcessInstanceQuery().processDefinitionKey(RectificationIds.PROCESS)
          .variableValueEquals(RectificationIds.Vars.SOURCE_TYPE, SOURCE_TYPE)
          .variableValueEquals(RectificationIds.Vars.SOURCE_ID, sourceId).count() > 0;
      if (started) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put(RectificationIds.Vars.UNIT_CODE, inspection.unitCode());
      vars.put(RectificationIds.Vars.SOURCE_TYPE, SOURCE_TYPE);
      vars.put(RectificationIds.Vars.SOURCE_ID, sourceId);
      vars.put(RectificationIds.Vars.PROBLEM, finding.description());
      vars.put(RectificationIds.Vars.SEVERITY, finding.severity().name());
      ProcessInstanceWithVariables rectification = runtime.createProcessInstanceByKey(RectificationIds.PROCESS)
          .setVariables(vars).executeWithVariablesInReturn();
      Object rectificationNumber = rectification.getVariables().get(RectificationIds.Vars.NUMBER);
      if (rectificationNumber != null) {
        inspections.linkRectification(number, finding.position(), rectificationNumber.toString());
      }
    }
  }
}
