package org.servicestar.rectification;

import java.time.Clock;
import java.util.Date;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Sets the rectification's due date from the input parameter {@code newDueDate} (a {@code Date},
 * or a day picked in a form): the variables {@code dueDate} (for timers) and {@code dueDateText}
 * (for forms), and the due and follow-up dates of the unit's open Task_Rectify. Changing {@code dueDate} restarts
 * the deadline watch (Event_DueDateChanged). A due date in the past is refused. No database: the
 * ledger records the change (rectificationLedgerListener on the same task).
 */
@Component("setDueDateDelegate")
class SetDueDateDelegate implements JavaDelegate {

  private final RectificationDeadlines deadlines;
  private final Clock clock;

  SetDueDateDelegate(RectificationDeadlines deadlines, Clock clock) {
    this.clock = clock;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date due;
    try {
      due = deadlines.dueDateOf(execution.getVariable(RectificationIds.Vars.NEW_DUE_DATE));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("新的到期日无效：" + e.getMessage(), e);
    }
    if (!due.toInstant().isAfter(clock.instant())) {
      throw new IllegalArgumentException("新的到期日（" + deadlines.text(due) + "）已经过去，请选择今天或以后的日期");
    }
    execution.setVariable(RectificationIds.Vars.DUE_DATE, due);
    execution.setVariable(RectificationIds.Vars.DUE_DATE_TEXT, deadlines.text(due));
    TaskService tasks = execution.getProcessEngineServices().getTaskService();
    for (Task task : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(RectificationIds.Tasks.RECTIFY).list()) {
      task.setDueDate(due);
      task.setFollowUpDate(deadlines.remindAt(due, 3));
      tasks.saveTask(task);
    }
  }
}
