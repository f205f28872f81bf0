package org.servicestar.complaint;

import static org.servicestar.complaint.ComplaintHandlingIds.Vars;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Records the automatic steps of ComplaintHandling on the complaint: the veto decision, the
 * rectification starting and ending, and the closing. Attached to those elements in the diagram.
 */
@Component("complaintStepListener")
class ComplaintStepListener implements ExecutionListener {

  private final ComplaintService complaints;

  ComplaintStepListener(ComplaintService complaints) {
    this.complaints = complaints;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String number = (String) execution.getVariable(Vars.NUMBER);
    String activity = execution.getCurrentActivityId();
    String event = execution.getEventName();
    switch (activity) {
      case ComplaintHandlingIds.Tasks.CHECK_VETO -> {
        Object clause = execution.getVariable(Vars.VETO_CLAUSE);
        complaints.recordStep(number, "system", ComplaintEventKind.VETO_CHECKED,
            clause == null ? "不涉及一票否决" : "涉及一票否决第 " + clause + " 项，已记录待领导小组确认",
            "veto_clause = ?", clause);
      }
      case ComplaintHandlingIds.Tasks.RECTIFICATION -> {
        if (ExecutionListener.EVENTNAME_START.equals(event)) {
          complaints.recordStep(number, "system", ComplaintEventKind.RECTIFICATION_STARTED, "交单位整改", "status = ?", ComplaintStatus.RECTIFYING.name());
        } else {
          complaints.recordStep(number, "system", ComplaintEventKind.RECTIFICATION_DONE,
              "整改已验收" + (execution.getVariable("rectificationNumber") == null ? "" : "（" + execution.getVariable("rectificationNumber") + "）"),
              "status = ?", ComplaintStatus.RETURN_VISIT.name());
        }
      }
      case ComplaintHandlingIds.Events.CLOSED, ComplaintHandlingIds.Events.ANSWERED ->
          complaints.recordStep(number, "system", ComplaintEventKind.CLOSED, "办结", "status = ?", ComplaintStatus.CLOSED.name());
      default -> {
      }
    }
  }
}
