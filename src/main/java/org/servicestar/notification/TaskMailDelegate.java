package org.servicestar.notification;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common part of {@link TaskReminderDelegate} and {@link TaskEscalationDelegate}: reads the
 * input {@code remindTask} (a user task id of the diagram), finds the open tasks with that key in the
 * current process instance and writes one mail per task and recipient, and one message per task and
 * group robot, into the outbox. It never fails the process: a missing input, a task already done or a
 * person without an address is logged.
 */
abstract class TaskMailDelegate implements JavaDelegate {

  /** Input parameter (or variable): the id of the user task in the diagram, e.g. {@code Task_Rectify}. */
  static final String REMIND_TASK = "remindTask";

  private static final Logger log = LoggerFactory.getLogger(TaskMailDelegate.class);

  protected final TaskDescriber describer;
  protected final Recipients recipients;
  protected final MailComposer composer;
  protected final Robots robots;
  protected final RobotComposer robotComposer;
  private final MailOutbox outbox;

  TaskMailDelegate(TaskDescriber describer, Recipients recipients, MailComposer composer, Robots robots,
                   RobotComposer robotComposer, MailOutbox outbox) {
    this.describer = describer;
    this.recipients = recipients;
    this.composer = composer;
    this.robots = robots;
    this.robotComposer = robotComposer;
    this.outbox = outbox;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String what = getClass().getSimpleName() + " in process instance " + execution.getProcessInstanceId()
        + " at " + execution.getCurrentActivityId();
    List<Mail> mails = Privileged.call(execution.getProcessEngine(), what, List.of(), () -> mails(execution, what));
    outbox.enqueueAll(mails);
  }

  private List<Mail> mails(DelegateExecution execution, String what) {
    String taskKey = input(execution, REMIND_TASK);
    if (taskKey == null) {
      log.error("{}: the input '{}' (the user task's id) is missing; no mail", what, REMIND_TASK);
      return List.of();
    }
    TaskService taskService = execution.getProcessEngineServices().getTaskService();
    IdentityService identity = execution.getProcessEngineServices().getIdentityService();
    List<Task> tasks = taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(taskKey).orderByTaskCreateTime().asc().list();
    if (tasks.isEmpty()) {
      log.info("{}: no open task '{}' (done already?); no mail", what, taskKey);
      return List.of();
    }
    List<Mail> mails = new ArrayList<>();
    for (Task task : tasks) {
      List<IdentityLink> links = taskService.getIdentityLinksForTask(task.getId());
      mails.addAll(mails(execution, identity, describer.of(task, execution, links), task, links, what));
    }
    return mails;
  }

  /** The mails and robot messages about one open task. */
  abstract List<Mail> mails(DelegateExecution execution, IdentityService identity, TaskFacts facts, Task task,
                            List<IdentityLink> links, String what);

  /** A local variable (input parameter) or process variable, as text; null when missing or blank. */
  static String input(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }
}
