package org.servicestar.engine;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An app page's door to a person's task: the page works the task as that person, through the
 * engine with their Camunda authorizations, as Tasklist does. So the engine's own checks apply to
 * this door as to the others: Camunda's TASK_WORK, security.CaseIntegrity's form-only writes and who
 * may work the task, web.TaskConflicts for a race lost to a colleague.
 */
@Component
public class TaskWork {

  private final IdentityService identity;
  private final TaskService tasks;

  TaskWork(IdentityService identity, TaskService tasks) {
    this.identity = identity;
    this.tasks = tasks;
  }

  /**
   * Claims the task for {@code userId} unless it is theirs already, and completes it with
   * {@code answers}, in one transaction: a refused completion leaves it unclaimed, as it was.
   *
   * @throws org.camunda.bpm.engine.ProcessEngineException the engine's refusal: an
   *     {@link AnswerRefused} (the form's fields), a {@code TaskEditRefused} (not theirs), a
   *     {@code TaskConflictException} (someone else was quicker), a task listener's {@link TaskAnswers.Refused}
   */
  @Transactional
  public void claimAndComplete(String userId, String taskId, String assignee, Map<String, Object> answers) {
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    identity.setAuthentication(userId, groups);
    try {
      if (!userId.equals(assignee)) {
        tasks.claim(taskId, userId);
      }
      tasks.complete(taskId, answers);
    } finally {
      identity.clearAuthentication();
    }
  }
}
