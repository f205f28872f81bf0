package org.servicestar.inspection;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.servicestar.inspection.InspectionIds.Vars;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.PublicAddress;
import org.springframework.stereotype.Component;

/**
 * Task_RegisterInspection: registers the inspection with its number (the business key) and its own
 * copy of the campaign's sheet, gives the inspector's form what it shows, and sets the due date of
 * Task_ConductInspection ({@link InspectionDeadlines}). Bad input (unknown or
 * inactive unit, no campaign) refuses the start: Tasklist shows why and nothing is stored.
 */
@Component("registerInspectionDelegate")
class RegisterInspectionDelegate implements JavaDelegate {

  private final Inspections inspections;
  private final UnitService units;
  private final InspectionDeadlines deadlines;
  private final PublicAddress publicAddress;

  RegisterInspectionDelegate(Inspections inspections, UnitService units, InspectionDeadlines deadlines,
                             PublicAddress publicAddress) {
    this.inspections = inspections;
    this.units = units;
    this.deadlines = deadlines;
    this.publicAddress = publicAddress;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Inspection inspection;
    try {
      inspection = inspections.register(new Inspections.Registration(text(execution, Vars.UNIT_CODE),
          year(execution.getVariable(Vars.CAMPAIGN_YEAR)), text(execution, Vars.INSPECTION_TYPE), startedBy(execution),
          execution.getProcessInstanceId(), text(execution, Vars.NOTE)));
    } catch (InvalidInputException e) {
      throw new InspectionInputRefused(String.join("；", e.fieldErrors().values()));
    }
    execution.setProcessBusinessKey(inspection.number());
    execution.setVariable(Vars.NUMBER, inspection.number());
    execution.setVariable(Vars.UNIT_CODE, inspection.unitCode());
    execution.setVariable(Vars.UNIT_NAME, units.require(inspection.unitCode()).name());
    execution.setVariable(Vars.CAMPAIGN_YEAR, inspection.campaignYear());
    execution.setVariable(Vars.INSPECTION_TYPE, inspection.inspectionType().name());
    execution.setVariable(Vars.TYPE_TEXT, inspection.inspectionType().label());
    execution.setVariable(Vars.DUE_DATE, deadlines.dueAt(inspection.inspectionType(), inspection.campaignYear()));
    execution.setVariable(Vars.DETAIL_LINK, publicAddress.link("/inspections/" + inspection.number()));
    execution.setVariable(Vars.ITEMS, SheetJson.itemsVariable(inspections.items(inspection.id()).stream()
        .map(i -> new SheetItem(i.position(), i.dimension(), i.label(), i.maxScore())).toList()));
    execution.setVariable(Vars.FINDINGS, SheetJson.emptyList());
  }

  /** camunda:initiator when a person started it in Tasklist; else whoever runs the engine command (the campaign's caller). */
  private static String startedBy(DelegateExecution execution) {
    String initiator = text(execution, Vars.STARTED_BY);
    if (initiator != null) {
      return initiator;
    }
    Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return user == null ? null : user.getUserId();
  }

  private static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    return value == null || value.toString().isBlank() ? null : value.toString().strip();
  }

  /** A year as the caller passes it: a number, or text from a form. */
  static Integer year(Object value) {
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.valueOf(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new InspectionInputRefused("年度（campaignYear）须为年份数字，收到的是 " + value);
    }
  }
}
