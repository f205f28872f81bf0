package org.servicestar.notification;

import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * 提醒: mails "提醒：…将于…到期" about the open user task(s) {@code remindTask} of the current process
 * instance to their assignee or, while nobody has claimed them, to their candidates; and posts it to
 * the robots of the task's candidate groups (claimed or not: the group chat is where its holder reads).
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

  TaskReminderDelegate(TaskDescriber describer, Recipients recipients, MailComposer composer, Robots robots,
                       RobotComposer robotComposer, MailOutbox outbox) {
    super(describer, recipients, composer, robots, robotComposer, outbox);
  }

  @Override
  List<Mail> mails(DelegateExecution execution, IdentityService identity, TaskFacts facts, Task task,
                   List<IdentityLink> links, String what) {
    List<Recipient> to = task.getAssignee() != null
        ? recipients.user(identity, task.getAssignee()).map(List::of).orElse(List.of())
        : recipients.candidates(identity, links);
    return Stream.concat(to.stream().map(r -> composer.reminder(facts, r)),
        robots.forGroups(Recipients.candidateGroups(links)).stream().map(robot -> robotComposer.reminder(facts, robot))).toList();
  }
}
