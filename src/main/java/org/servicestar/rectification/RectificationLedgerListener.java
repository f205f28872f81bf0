package org.servicestar.rectification;

import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.servicestar.rectification.RectificationIds.Events;
import org.servicestar.rectification.RectificationIds.Tasks;
import org.servicestar.rectification.RectificationIds.Vars;
import org.springframework.stereotype.Component;

/**
 * Writes the ledger as {@code bpmn/rectification.bpmn} moves: attached to the user tasks (on
 * complete: what the person decided, and why) and to the steps that change the due date, remind,
 * escalate or record a veto (on end). Which step it is comes from the element's id.
 */
@Component("rectificationLedgerListener")
class RectificationLedgerListener implements TaskListener, ExecutionListener {

  private final RectificationLedger ledger;

  RectificationLedgerListener(RectificationLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void notify(DelegateTask task) {
    if (!TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
      return;
    }
    String pid = task.getProcessInstanceId();
    String actor = Actors.of(task.getProcessEngineServices(), task.getAssignee());
    switch (task.getTaskDefinitionKey()) {
      case Tasks.RECTIFY -> {
        if (flag(task, Vars.EXTENSION_REQUESTED)) {
          ledger.extensionRequested(pid, actor, text(task, Vars.EXTENSION_REASON), text(task, Vars.REQUESTED_DUE_DATE));
        } else {
          ledger.submitted(pid, actor, text(task, Vars.CAUSE), text(task, Vars.MEASURES), text(task, Vars.COMPLETED_ON),
              text(task, Vars.EVIDENCE_NOTE));
        }
      }
      case Tasks.APPROVE_EXTENSION -> ledger.extensionDecided(pid, actor, flag(task, Vars.EXTENSION_GRANTED),
          text(task, Vars.GRANTED_DUE_DATE), text(task, Vars.EXTENSION_COMMENT));
      case Tasks.ACCEPT -> {
        if (flag(task, Vars.ACCEPTED)) {
          ledger.accepted(pid, actor, text(task, Vars.ACCEPTANCE_COMMENT));
        } else {
          ledger.returned(pid, actor, text(task, Vars.ACCEPTANCE_COMMENT), text(task, Vars.REWORK_DUE_DATE));
        }
      }
      case Tasks.RULE_ON_OVERDUE -> ledger.overdueRuled(pid, actor, flag(task, Vars.OVERDUE_JUSTIFIED),
          text(task, Vars.OVERDUE_RULING_REASON), text(task, Vars.JUSTIFIED_DUE_DATE));
      default -> throw new IllegalStateException("rectificationLedgerListener is not meant for task " + task.getTaskDefinitionKey());
    }
  }

  @Override
  public void notify(DelegateExecution execution) {
    String pid = execution.getProcessInstanceId();
    String actor = Actors.of(execution.getProcessEngineServices(), "system");
    String activity = execution.getCurrentActivityId();
    switch (activity) {
      case Tasks.SET_DUE_DATE -> ledger.dueDateSet(pid, dueDate(execution),
          number(execution.getVariable(Vars.DEADLINE_DAYS)), actor, "按整改期限规则确定");
      case Tasks.SET_EXTENDED_DUE_DATE -> ledger.dueDateSet(pid, dueDate(execution), null, actor, "同意延期");
      case Tasks.SET_JUSTIFIED_DUE_DATE -> ledger.dueDateSet(pid, dueDate(execution), null, actor, "逾期有正当理由，重定到期日");
      case Tasks.SET_REWORK_DUE_DATE -> ledger.dueDateSet(pid, dueDate(execution), null, actor, "退回重新整改");
      case Tasks.REMIND_BEFORE_DUE -> ledger.reminded(pid, "已提醒单位：整改将于 " + text(execution, Vars.DUE_DATE_TEXT) + " 到期");
      case Tasks.REMIND_ON_DUE_DAY -> ledger.reminded(pid, "已提醒单位：整改今日（" + text(execution, Vars.DUE_DATE_TEXT) + "）到期");
      case Events.DUE_DATE_REACHED -> ledger.overdue(pid);
      case Tasks.ESCALATE_OVERDUE -> ledger.escalated(pid, "领导小组");
      case Tasks.RECORD_OVERDUE_VETO -> ledger.vetoRecorded(pid, "逾期无正当理由：已记录一票否决第 4 项（整改不及时），待领导小组确认");
      case Tasks.RECORD_RETURN_VETO -> ledger.vetoRecorded(pid, "第二次验收不到位：已记录一票否决第 4 项（整改不到位），待领导小组确认");
      default -> throw new IllegalStateException("rectificationLedgerListener is not meant for " + activity);
    }
  }

  private static Date dueDate(VariableScope scope) {
    return (Date) scope.getVariable(Vars.DUE_DATE);
  }

  private static boolean flag(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
  }

  private static String text(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value == null ? null : value.toString();
  }

  private static Integer number(Object value) {
    return value instanceof Number n ? n.intValue() : null;
  }
}
