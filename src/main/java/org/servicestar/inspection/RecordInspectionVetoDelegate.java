package org.servicestar.inspection;

import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.servicestar.inspection.InspectionIds.Vars;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.springframework.stereotype.Component;

/**
 * Task_RecordImageVeto: for each finding of serious harm to the unit's image, asks the VetoCheck
 * decision (administrators may change it) which clause applies — clause 6 as shipped — and records
 * the veto, pending the leading group's ruling. The same finding is one record however often this runs.
 */
@Component("recordInspectionVetoDelegate")
class RecordInspectionVetoDelegate implements JavaDelegate {

  private final Inspections inspections;
  private final VetoRecords vetoes;

  RecordInspectionVetoDelegate(Inspections inspections, VetoRecords vetoes) {
    this.inspections = inspections;
    this.vetoes = vetoes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(Vars.NUMBER);
    Inspection inspection = inspections.require(number);
    DecisionService decisions = execution.getProcessEngineServices().getDecisionService();
    for (InspectionFinding finding : inspections.findings(number)) {
      if (!finding.seriousImageHarm()) {
        continue;
      }
      DmnDecisionResultEntries result = decisions.evaluateDecisionByKey(InspectionIds.Decisions.VETO_CHECK)
          .variables(Map.of("category", "OTHER", "severity", finding.severity().name(),
              "safetyAccident", false, "seriousImageHarm", true))
          .evaluate().getFirstResult();
      Object clause = result == null ? null : result.getEntry("vetoClause");
      if (clause instanceof Number n) {
        vetoes.record(inspection.unitCode(), n.intValue(), VetoSourceType.INSPECTION,
            InspectionFinding.sourceId(number, finding.position()),
            "检查 " + number + "（" + inspection.inspectionType().label() + "）第 " + finding.position() + " 个问题："
                + finding.description(),
            inspection.inspector());
      }
    }
  }
}
