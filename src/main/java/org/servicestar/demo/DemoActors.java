package org.servicestar.demo;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The demo's people at work: claims and completes tasks as a demo user, with that user's Camunda
 * authorizations checked (as Tasklist would) and their name in the audit trail (as the app's pages
 * would). Jobs the job executor would run later are run here when the story needs them now.
 */
@Component
class DemoActors {

  private final IdentityService identity;
  private final TaskService tasks;
  private final ManagementService management;

  DemoActors(IdentityService identity, TaskService tasks, ManagementService management) {
    this.identity = identity;
    this.tasks = tasks;
    this.management = management;
  }

  TaskService tasks() {
    return tasks;
  }

  /** Work the user does on the app's pages: their name in the audit trail; the app calls the engine as itself. */
  <T> T as(String userId, Supplier<T> work) {
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(userId, null, List.of()));
    try {
      return work.get();
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  void as(String userId, Runnable work) {
    as(userId, () -> {
      work.run();
      return null;
    });
  }

  /** Work the user does in Tasklist: the engine checks their Camunda authorizations too. */
  <T> T inTasklist(String userId, Supplier<T> work) {
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    identity.setAuthentication(userId, groups);
    try {
      return as(userId, work);
    } finally {
      identity.clearAuthentication();
    }
  }

  /** The user claims the task (unless it is theirs already) and completes it with their answers. */
  void complete(String userId, Task task, Map<String, Object> answers) {
    inTasklist(userId, () -> {
      if (!userId.equals(task.getAssignee())) {
        tasks.claim(task.getId(), userId);
      }
      tasks.complete(task.getId(), answers);
      return null;
    });
  }

  /** The one open task of the process instance at the given step, or null. */
  Task openTask(String processInstanceId, String taskKey) {
    List<Task> found = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).list();
    return found.isEmpty() ? null : found.get(0);
  }

  /** Runs the due jobs of these instances now, in the caller's transaction, until none is left (at most {@code rounds} passes). */
  void runDueJobs(List<String> processInstanceIds, int rounds) {
    for (int round = 0; round < rounds; round++) {
      boolean ran = false;
      for (String id : processInstanceIds) {
        for (Job job : management.createJobQuery().processInstanceId(id).executable().list()) {
          management.executeJob(job.getId());
          ran = true;
        }
      }
      if (!ran) {
        return;
      }
    }
  }
}
