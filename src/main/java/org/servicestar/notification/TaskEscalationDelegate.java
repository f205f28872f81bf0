package org.servicestar.notification;

import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * 督办: mails "督办：…已逾期" about the open user task(s) {@code remindTask} of the current process
 * instance to every member of the group {@code escalateTo} (e.g. {@code competition-office}), and posts it
 * to that group's robots, naming the task, its unit (process variable {@code unitCode}), its due date and
 * who holds it.
 *
 * <pre>{@code
 * <bpmn:serviceTask id="Task_EscalateVerify" name="逾期督办" camunda:delegateExpression="${taskEscalationDelegate}">
 *   <bpmn:extensionElements><camunda:inputOutput>
 *     <camunda:inputParameter name="remindTask">Task_VerifyComplaint</camunda:inputParameter>
 *     <camunda:inputParameter name="escalateTo">competition-office</camunda:inputParameter>
 *   </camunda:inputOutput></bpmn:extensionElements>
 * </bpmn:serviceTask>
 * }</pre>
 * Never fails the process.
 */
@Component("taskEscalationDelegate")
class TaskEscalationDelegate extends TaskMailDelegate {

  /** Input parameter (or variable): the Camunda group id whose members are told. */
  static final String ESCALATE_TO = "escalateTo";

  private static final Logger log = LoggerFactory.getLogger(TaskEscalationDelegate.class);

  TaskEscalationDelegate(TaskDescriber describer, Recipients recipients, MailComposer composer, Robots robots,
                         RobotComposer robotComposer, MailOutbox outbox) {
    super(describer, recipients, composer, robots, robotComposer, outbox);
  }

  @Override
  List<Mail> mails(DelegateExecution execution, IdentityService identity, TaskFacts facts, Task task,
                   List<IdentityLink> links, String what) {
    String group = input(execution, ESCALATE_TO);
    if (group == null) {
      log.error("{}: the input '{}' (a group id) is missing; no mail", what, ESCALATE_TO);
      return List.of();
    }
    List<Recipient> to = recipients.members(identity, group);
    List<RobotTarget> chats = robots.forGroup(group);
    if (to.isEmpty() && chats.isEmpty()) {
      log.warn("{}: group '{}' has no member with an e-mail address and no robot; nobody is told that task {} is overdue",
          what, group, task.getId());
    }
    return Stream.concat(to.stream().map(r -> composer.escalation(facts, r)),
        chats.stream().map(robot -> robotComposer.escalation(facts, robot))).toList();
  }
}
