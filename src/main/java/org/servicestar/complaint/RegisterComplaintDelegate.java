package org.servicestar.complaint;

import static org.servicestar.complaint.ComplaintHandlingIds.Vars;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.servicestar.unit.UnitService;
import org.springframework.stereotype.Component;

/**
 * The office started ComplaintHandling from Tasklist with the start form: store the complaint and
 * give the instance its number. Complaints from the API arrive already stored and numbered.
 */
@Component("registerComplaintDelegate")
class RegisterComplaintDelegate implements JavaDelegate {

  private final ComplaintService complaints;
  private final UnitService units;

  RegisterComplaintDelegate(ComplaintService complaints, UnitService units) {
    this.complaints = complaints;
    this.units = units;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getVariable(Vars.NUMBER) != null) {
      return;
    }
    ComplaintService.Submission submission = new ComplaintService.Submission(
        (String) execution.getVariable(Vars.UNIT_CODE), (String) execution.getVariable(Vars.CHANNEL),
        (String) execution.getVariable(Vars.CONTENT), (String) execution.getVariable("contactName"),
        (String) execution.getVariable("contactPhone"), null);
    String number;
    try {
      number = complaints.registerFromOffice(execution.getProcessInstanceId(), submission);
    } catch (org.servicestar.web.InvalidInputException e) {
      throw new ComplaintInputRefused(String.join("；", e.fieldErrors().values()));
    }
    // The contact stays in the complaint table (office and inspectors only), not in process variables.
    execution.removeVariable("contactName");
    execution.removeVariable("contactPhone");
    execution.setProcessBusinessKey(number);
    complaints.processVariables(number, units.require(submission.unitCode().trim()), submission.channel(),
        submission.content().strip()).forEach(execution::setVariable);
  }
}
