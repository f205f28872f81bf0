package org.servicestar.notification;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * 提醒: mails "提醒：…将于…到期" about the open user task(s) {@code remindTask} of the current process
 * instance to their assignee or, while nobody has claimed them, to their candidates.
 *
 * <pre>{@code
 * <bpmn:serviceTask id="Task_RemindRectify" name="到期提醒" camunda:delegateExpression="${taskReminderDelegate}">
 *   <bpmn:extensionElements><camunda:inputOutput>
 *     <camunda:inputParameter name="remindTask">Task_Rectify</camunda:inputParameter>
 *   </camunda:inputOutput></bpmn:extensionElements>
 * </bpmn:serviceTask>
 * }</pre>
 * typically after a non-interrupting timer on the task. Never fails the process.
 */
@Component("taskReminderDelegate")
class TaskReminderDelegate extends TaskMailDelegate {

  TaskReminderDelegate(TaskDescriber describer, Recipients recipients, MailComposer composer, MailOutbox outbox) {
    super(describer, recipients, composer, outbox);
  }

  @Override
  List<Mail> mails(DelegateExecution execution, IdentityService identity, TaskFacts facts, Task task,
                   List<IdentityLink> links, String what) {
    List<Recipient> to = task.getAssignee() != null
        ? recipients.user(identity, task.getAssignee()).map(List::of).orElse(List.of())
        : recipients.candidates(identity, links);
    return to.stream().map(r -> composer.reminder(facts, r)).toList();
  }
}
