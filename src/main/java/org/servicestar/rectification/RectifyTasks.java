package org.servicestar.rectification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.servicestar.engine.FormPage;
import org.servicestar.rectification.RectificationIds.Tasks;
import org.servicestar.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * A rectification's open 整改落实 (Task_Rectify) for the page that works it outside Tasklist: the
 * task, who may work it (as the engine decides: its candidates), and its form as deployed with the
 * task's process version.
 */
@Component
class RectifyTasks {

  private static final Logger log = LoggerFactory.getLogger(RectifyTasks.class);

  private final TaskService tasks;
  private final FormService forms;
  private final IdentityService identity;

  RectifyTasks(TaskService tasks, FormService forms, IdentityService identity) {
    this.tasks = tasks;
    this.forms = forms;
    this.identity = identity;
  }

  Optional<Task> open(Rectification rectification) {
    if (rectification.processInstanceId() == null) {
      return Optional.empty();
    }
    return tasks.createTaskQuery().processInstanceId(rectification.processInstanceId()).taskDefinitionKey(Tasks.RECTIFY)
        .orderByTaskCreateTime().asc().list().stream().findFirst();
  }

  /** Whether the person may work the rectification's open 整改落实 on its page: a lead of the unit among the task's candidates. */
  boolean mayRectify(Authentication auth, Rectification rectification) {
    return CurrentUser.leads(auth, rectification.unitCode())
        && open(rectification).filter(task -> mayWork(auth.getName(), task)).isPresent();
  }

  /** Whether {@code userId} is among the task's candidates (the unit's leads: unit-{unitCode}) or has it. */
  boolean mayWork(String userId, Task task) {
    if (userId.equals(task.getAssignee())) {
      return true;
    }
    Set<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).collect(Collectors.toSet());
    List<IdentityLink> links = tasks.getIdentityLinksForTask(task.getId());
    return links.stream().anyMatch(link -> IdentityLinkType.CANDIDATE.equals(link.getType())
        && (userId.equals(link.getUserId()) || link.getGroupId() != null && groups.contains(link.getGroupId())));
  }

  /** The task's form as the engine deployed it; a form that can't be read is one the page can't show. */
  FormPage form(Task task) {
    try (InputStream json = forms.getDeployedTaskForm(task.getId())) {
      if (json != null) {
        return FormPage.parse(new String(json.readAllBytes(), StandardCharsets.UTF_8));
      }
      log.warn("Task {} ({}) has no deployed form; the page sends people to Tasklist", task.getId(), task.getTaskDefinitionKey());
    } catch (ProcessEngineException | IOException | IllegalArgumentException e) {
      log.warn("Task {} ({}): its deployed form can't be read ({}); the page sends people to Tasklist", task.getId(),
          task.getTaskDefinitionKey(), e.getMessage());
    }
    return FormPage.unreadable();
  }
}
