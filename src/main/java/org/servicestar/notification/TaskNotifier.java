package org.servicestar.notification;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The task listener {@link NotificationEnginePlugin} puts on every user task (events {@code create}
 * and {@code assignment}): a new task is mailed to its assignee, or else to its candidate users and
 * the members of its candidate groups, and posted to the robots of those groups ({@link Robots}); a
 * task assigned later is mailed to the new assignee, except when they took it themselves (claim in
 * Tasklist). A task for one person (an assignee) is not posted to a group chat: it is theirs alone,
 * and a ballot of seven members would be seven posts.
 *
 * <p>The engine fires {@code create} and then {@code assignment} for a task created with an assignee,
 * so {@code create} handles only unassigned tasks. Mails go into the outbox within the engine's
 * transaction; nothing here can fail or roll back the task change.
 */
@Component
class TaskNotifier implements TaskListener {

  private static final Logger log = LoggerFactory.getLogger(TaskNotifier.class);
  /** {@link Task#getTaskState()} while the task is being created (then "Updated" after a change). */
  private static final String BEING_CREATED = "Created";

  private final TaskDescriber describer;
  private final Recipients recipients;
  private final MailComposer composer;
  private final Robots robots;
  private final RobotComposer robotComposer;
  private final MailOutbox outbox;

  TaskNotifier(TaskDescriber describer, Recipients recipients, MailComposer composer, Robots robots, RobotComposer robotComposer,
               MailOutbox outbox) {
    this.describer = describer;
    this.recipients = recipients;
    this.composer = composer;
    this.robots = robots;
    this.robotComposer = robotComposer;
    this.outbox = outbox;
  }

  @Override
  public void notify(DelegateTask task) {
    String event = task.getEventName();
    List<Mail> mails = Privileged.call(task.getProcessEngine(), "mail for task " + task.getId() + " (" + event + ")",
        List.of(), () -> mails(task, event));
    outbox.enqueueAll(mails);
  }

  private List<Mail> mails(DelegateTask task, String event) {
    IdentityService identity = task.getProcessEngineServices().getIdentityService();
    if (EVENTNAME_CREATE.equals(event)) {
      if (task.getAssignee() != null) {
        return List.of(); // the assignment event follows
      }
      List<Recipient> to = recipients.candidates(identity, task.getCandidates());
      List<RobotTarget> chats = robots.forGroups(Recipients.candidateGroups(task.getCandidates()));
      if (to.isEmpty() && chats.isEmpty()) {
        log.info("Notification: task {} ({}) has no candidate with an e-mail address", task.getId(), task.getTaskDefinitionKey());
        return List.of();
      }
      TaskFacts facts = describer.of(task);
      return Stream.concat(to.stream().map(r -> composer.candidate(facts, r)),
          chats.stream().map(robot -> robotComposer.task(facts, robot))).toList();
    }
    if (EVENTNAME_ASSIGNMENT.equals(event)) {
      String assignee = task.getAssignee();
      if (assignee == null || (!beingCreated(task) && assignee.equals(currentUser(identity)))) {
        return List.of();
      }
      Optional<Recipient> to = recipients.user(identity, assignee);
      return to.map(r -> List.of(composer.assigned(describer.of(task), r))).orElse(List.of());
    }
    return List.of();
  }

  private static boolean beingCreated(DelegateTask task) {
    return task instanceof Task t && BEING_CREATED.equals(t.getTaskState());
  }

  private static String currentUser(IdentityService identity) {
    Authentication authentication = identity.getCurrentAuthentication();
    return authentication == null ? null : authentication.getUserId();
  }
}
