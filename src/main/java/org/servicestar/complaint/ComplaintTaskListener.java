package org.servicestar.complaint;

import static org.servicestar.complaint.ComplaintHandlingIds.Tasks;
import static org.servicestar.engine.TaskAnswers.oneOf;
import static org.servicestar.engine.TaskAnswers.refusal;
import static org.servicestar.engine.TaskAnswers.required;
import static org.servicestar.engine.TaskAnswers.yesOrNo;
import static org.servicestar.complaint.ComplaintHandlingIds.Vars;

import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.springframework.stereotype.Component;

/**
 * When a person completes a task of ComplaintHandling: checks what they entered (a refusal is shown
 * to them in Tasklist and nothing moves on) and records the step on the complaint and its timeline.
 */
@Component("complaintTaskListener")
class ComplaintTaskListener implements TaskListener {

  private static final Set<String> CATEGORIES = Set.of("ATTITUDE", "OVERDUE", "DISCIPLINE", "INTEGRITY", "ENVIRONMENT", "OTHER");
  private static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH");
  private static final Set<String> SATISFACTIONS = Set.of("SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED");

  private final ComplaintService complaints;
  private final UnitService units;

  ComplaintTaskListener(ComplaintService complaints, UnitService units) {
    this.complaints = complaints;
    this.units = units;
  }

  @Override
  public void notify(DelegateTask task) {
    String number = (String) task.getVariable(Vars.NUMBER);
    String actor = task.getAssignee() != null ? task.getAssignee() : org.servicestar.audit.AuditTrail.currentActor();
    switch (task.getTaskDefinitionKey()) {
      case Tasks.TRIAGE -> triage(task, number, actor);
      case Tasks.VERIFY -> verify(task, number, actor);
      case Tasks.REPLY -> {
        String reply = required(task, Vars.REPLY, "请填写给投诉人的答复", 4000);
        complaints.recordStep(number, actor, ComplaintEventKind.REPLIED, reply, "reply = ?", reply);
      }
      case Tasks.RETURN_VISIT -> returnVisit(task, number, actor);
      case Tasks.RETURN_VISIT_ANSWERED -> {
        String satisfaction = oneOf(task, Vars.SATISFACTION, SATISFACTIONS, "请选择评价人的满意度：满意、基本满意或不满意");
        String visitNote = (String) task.getVariable("returnVisitNote");
        complaints.recordStep(number, actor, ComplaintEventKind.RETURN_VISIT, "实名差评回访：" + satisfaction + (visitNote == null ? "" : "；" + visitNote),
            "satisfaction = ?", satisfaction);
      }
      case Tasks.REVIEW_DISSATISFACTION -> {
        String decision = required(task, "leadingGroupDecision", "请填写领导小组的督办意见", 4000);
        complaints.recordStep(number, actor, ComplaintEventKind.LEADING_GROUP_DECIDED, decision, null);
      }
      case Tasks.REVIEW_APPEAL -> appeal(task, number, actor);
      default -> throw new IllegalStateException("complaintTaskListener is not meant for " + task.getTaskDefinitionKey());
    }
  }

  private void triage(DelegateTask task, String number, String actor) {
    String outcome = oneOf(task, Vars.TRIAGE_OUTCOME, Set.of("ACCEPT", "REJECT", "MERGE"), "请选择分办结果：受理、不予受理或合并");
    switch (outcome) {
      case "REJECT" -> {
        String reason = required(task, Vars.REJECT_REASON, "不予受理时必须填写理由", 2000);
        complaints.recordStep(number, actor, ComplaintEventKind.REJECTED, reason, "triage_outcome = ?, reject_reason = ?, status = ?",
            outcome, reason, ComplaintStatus.REJECTED.name());
      }
      case "MERGE" -> {
        String into = required(task, Vars.MERGE_INTO, "合并时必须填写要并入的投诉编号", 20).toUpperCase();
        if (into.equals(number) || !complaints.isOpen(into)) {
          throw refusal("要并入的投诉 " + into + " 不存在或已经办结（只能并入另一件未办结的投诉）");
        }
        task.setVariable(Vars.MERGE_INTO, into);
        complaints.recordStep(number, actor, ComplaintEventKind.MERGED, "并入 " + into, "triage_outcome = ?, merged_into = ?, status = ?",
            outcome, into, ComplaintStatus.MERGED.name());
        complaints.recordStep(into, actor, ComplaintEventKind.DUPLICATE_MERGED, "重复投诉 " + number + " 并入本件", null);
      }
      default -> {
        String newUnit = (String) task.getVariable(Vars.NEW_UNIT_CODE);
        String detail = "受理";
        if (newUnit != null && !newUnit.isBlank() && !newUnit.trim().equals(task.getVariable(Vars.UNIT_CODE))) {
          Unit unit = units.byCode(newUnit.trim()).filter(Unit::active)
              .orElseThrow(() -> refusal("转办单位 " + newUnit.trim() + " 不存在或已停用"));
          task.setVariable(Vars.UNIT_CODE, unit.code());
          task.setVariable(Vars.UNIT_NAME, unit.name());
          complaints.recordStep(number, actor, ComplaintEventKind.MOVED, "转至 " + unit.name() + "（" + unit.code() + "）", "unit_code = ?", unit.code());
          detail = "受理并转至 " + unit.code();
        }
        complaints.recordStep(number, actor, ComplaintEventKind.ACCEPTED, detail, "triage_outcome = ?, status = ?", outcome, ComplaintStatus.VERIFYING.name());
      }
    }
  }

  private void verify(DelegateTask task, String number, String actor) {
    boolean substantiated = yesOrNo(task, Vars.SUBSTANTIATED, "请选择核实结论：属实或不属实");
    String findings = required(task, Vars.FINDINGS, "请填写核实情况", 4000);
    if (substantiated) {
      String category = oneOf(task, Vars.CATEGORY, CATEGORIES, "请选择问题类别");
      String severity = oneOf(task, Vars.SEVERITY, SEVERITIES, "请选择严重程度");
      task.setVariable(Vars.SAFETY_ACCIDENT, Boolean.TRUE.equals(task.getVariable(Vars.SAFETY_ACCIDENT)));
      task.setVariable(Vars.SERIOUS_IMAGE_HARM, Boolean.TRUE.equals(task.getVariable(Vars.SERIOUS_IMAGE_HARM)));
      complaints.recordStep(number, actor, ComplaintEventKind.SUBSTANTIATED, ComplaintLabels.category(category) + " / " + ComplaintLabels.severity(severity) + "：" + findings,
          "substantiated = ?, category = ?, severity = ?, findings = ?, status = ?",
          true, category, severity, findings, ComplaintStatus.RECTIFYING.name());
    } else {
      complaints.recordStep(number, actor, ComplaintEventKind.NOT_SUBSTANTIATED, findings,
          "substantiated = ?, findings = ?, status = ?", false, findings, ComplaintStatus.NOT_SUBSTANTIATED.name());
    }
  }

  private void returnVisit(DelegateTask task, String number, String actor) {
    String satisfaction = oneOf(task, Vars.SATISFACTION, SATISFACTIONS, "请选择投诉人的满意度：满意、基本满意或不满意");
    boolean unitsFault = "DISSATISFIED".equals(satisfaction) && Boolean.TRUE.equals(task.getVariable(Vars.CAUSE_IN_UNITS_HANDS));
    task.setVariable(Vars.CAUSE_IN_UNITS_HANDS, unitsFault);
    int reopenCount = task.getVariable(Vars.REOPEN_COUNT) instanceof Integer n ? n : 0;
    String detail = satisfaction;
    if (unitsFault) {
      task.setVariable(Vars.REOPEN_COUNT, reopenCount + 1);
      detail = reopenCount == 0 ? "不满意，原因在单位：重新整改" : "再次不满意，原因在单位：提交领导小组督办";
    }
    String visitNote = (String) task.getVariable("returnVisitNote");
    complaints.recordStep(number, actor, ComplaintEventKind.RETURN_VISIT, detail + (visitNote == null ? "" : "；" + visitNote),
        "satisfaction = ?, status = ?", satisfaction,
        unitsFault ? (reopenCount == 0 ? ComplaintStatus.RECTIFYING : ComplaintStatus.LEADING_GROUP).name() : ComplaintStatus.CLOSED.name());
  }

  private void appeal(DelegateTask task, String number, String actor) {
    boolean upheld = yesOrNo(task, Vars.APPEAL_UPHELD, "请选择申诉复核结论：成立或不成立");
    String findings = required(task, Vars.APPEAL_FINDINGS, "请填写复核情况和理由", 2000);
    if (upheld) {
      complaints.recordStep(number, actor, ComplaintEventKind.APPEAL_UPHELD, findings, "review_excluded = ?, exclusion_reason = ?", true, findings);
    } else {
      complaints.recordStep(number, actor, ComplaintEventKind.APPEAL_REJECTED, findings, null);
    }
  }
}
