package org.servicestar.security;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractAddIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetTaskPropertyCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.SaveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskOwnerCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateAllMessageCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.IdentityLinkEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.servicestar.engine.AnswerRefused;
import org.servicestar.engine.FormSchema;
import org.servicestar.engine.TaskForms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Who may change what on a task, for every door of the engine at once: {@code /engine-rest},
 * Tasklist's API and the app all end in the engine's commands, and this plugin checks the ones a
 * person sends (a command with an authenticated user, not one a delegate or job runs inside another).
 *
 * <ul>
 *   <li>People work tasks, they don't edit them: the engine grants candidates and assignees
 *       {@code TASK_WORK} (claim, complete), not {@code UPDATE}. Changing a task's dates, owner or
 *       candidates, delegating it, or assigning it to someone else is for the office and administrators.</li>
 *   <li>A task is completed by its assignee, or by a candidate while nobody has claimed it, and a
 *       completion writes only the fields of the task's deployed form, each of its type; a read-only
 *       field only with the value it shows ({@link FormSchema}).</li>
 *   <li>A task the process gave to one person (a leading-group member's ballot: {@code camunda:assignee}
 *       in the diagram) stays with that person: nobody reassigns, delegates or shares it.</li>
 *   <li>A person starts a process with its start form's fields only (an administrator with any variables).</li>
 *   <li>Variables are written only by the process and the app; a standalone variable write (task,
 *       execution, process instance, batch), a message or signal, and starting or moving an instance
 *       at a chosen activity are for administrators only.</li>
 * </ul>
 * A refusal is a {@link TaskEditRefused} (403) or an {@link AnswerRefused} (400), thrown before the
 * command changes anything.
 */
@Component
@Order(2) // after TaskConflicts, whose translator must see the engine's own command classes
class CaseIntegrity extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(CaseIntegrity.class);

  static final String NOT_YOURS = "您不是该任务的办理人，不能办理或修改它。";
  static final String CLAIMED_BY = "该任务已由 %s 认领，只有其本人可以办理。";
  static final String NOT_CANDIDATE = "您不在该任务的办理组中，不能认领或办理；需要时请领导小组办公室指派。";
  static final String EDITORS_ONLY = "只有领导小组办公室和系统管理员可以修改任务的期限、办理人、候选组或委托任务。";
  static final String PERSONAL = "这是 %s 本人的任务（如评优表决），只能由本人办理，不能转交、委托或增加办理人。";
  static final String ADMINS_ONLY = "流程变量、消息和流程走向只能由流程本身或系统管理员修改；办理任务请在任务表单中填写并提交。";

  private final TaskForms forms = new TaskForms();

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setDefaultUserPermissionNameForTask(Permissions.TASK_WORK.getName());
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    interceptors.add(new Guard(configuration));
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  /** The person behind a command, with what their groups make them. */
  record Person(String userId, List<String> groups, boolean admin, boolean office) {

    static Person of(Authentication authentication, ProcessEngineConfigurationImpl configuration) {
      List<String> groups = authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
      boolean admin = groups.stream().anyMatch(g -> configuration.getAdminGroups() != null && configuration.getAdminGroups().contains(g))
          || configuration.getAdminUsers() != null && configuration.getAdminUsers().contains(authentication.getUserId());
      return new Person(authentication.getUserId(), groups, admin, groups.contains(Groups.OFFICE));
    }

    boolean editor() {
      return admin || office;
    }
  }

  /**
   * Checks a command inside its own transaction, before it runs: throws to refuse, answers true when
   * it vouches for a change Camunda's TASK_WORK alone would refuse (a person unclaiming their own task).
   */
  interface Check {
    boolean check(CommandContext context, Person person);
  }

  final class Guard extends CommandInterceptor {

    /** Commands run inside a command (a delegate's, a listener's) are the process's own work, not a person's. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final ProcessEngineConfigurationImpl configuration;

    Guard(ProcessEngineConfigurationImpl configuration) {
      this.configuration = configuration;
    }

    @Override
    public <T> T execute(Command<T> command) {
      int[] depth = DEPTH.get();
      Check check = depth[0] == 0 ? checkFor(command) : null;
      Authentication authentication = check == null ? null : configuration.getIdentityService().getCurrentAuthentication();
      depth[0]++;
      try {
        if (authentication == null || authentication.getUserId() == null) {
          return next.execute(command);
        }
        Person person = Person.of(authentication, configuration);
        return next.execute(new Checked<>(command, context -> {
          try {
            return check.check(context, person);
          } catch (TaskEditRefused | AnswerRefused e) {
            log.warn("Refused {} by {}: {}", command.getClass().getSimpleName(), person.userId(), e.getMessage());
            throw e;
          }
        }));
      } finally {
        depth[0]--;
      }
    }
  }

  /** The command with its check run first, in the same command context and transaction. */
  private record Checked<T>(Command<T> command, Predicate<CommandContext> check) implements Command<T> {
    @Override
    public T execute(CommandContext context) {
      if (!check.test(context)) {
        return command.execute(context);
      }
      context.disableAuthorizationCheck();
      try {
        return command.execute(context);
      } finally {
        context.enableAuthorizationCheck();
      }
    }
  }

  /** What a command needs checked, or null when a person may send it as Camunda's authorizations allow. */
  Check checkFor(Command<?> command) {
    if (command instanceof CompleteTaskCmd) { // ResolveTaskCmd too
      return (c, p) -> complete(c, p, taskId(command), field(command, "variables"));
    }
    if (command instanceof SubmitTaskFormCmd) {
      return (c, p) -> complete(c, p, taskId(command), field(command, "properties"));
    }
    if (command instanceof ClaimTaskCmd) {
      return (c, p) -> claim(c, p, taskId(command), field(command, "userId"));
    }
    if (command instanceof AssignTaskCmd) {
      return (c, p) -> assign(c, p, taskId(command), field(command, "userId"));
    }
    if (command instanceof SetTaskOwnerCmd || command instanceof DelegateTaskCmd || command instanceof AbstractAddIdentityLinkCmd
        || command instanceof DeleteIdentityLinkCmd) {
      return (c, p) -> share(c, p, taskId(command));
    }
    if (command instanceof AbstractSetTaskPropertyCmd<?>) { // due date, follow-up, name, description, priority
      return (c, p) -> edit(c, p, task(c, taskId(command)));
    }
    if (command instanceof SaveTaskCmd) {
      return (c, p) -> save(c, p, field(command, "task"));
    }
    if (command instanceof StartProcessInstanceCmd) {
      ProcessInstantiationBuilderImpl start = field(command, "instantiationBuilder");
      return (c, p) -> start(c, p, start.getProcessDefinitionId(), start.getProcessDefinitionKey(), start.getVariables());
    }
    if (command instanceof SubmitStartFormCmd) {
      return (c, p) -> start(c, p, field(command, "processDefinitionId"), null, field(command, "variables"));
    }
    // Writes that bypass the tasks: variables, messages, signals, instances started or moved to an activity.
    if (command instanceof AbstractVariableCmd || command instanceof AbstractPatchVariablesCmd
        || command instanceof SetVariablesToProcessInstancesBatchCmd || command instanceof HandleTaskBpmnErrorCmd
        || command instanceof HandleTaskEscalationCmd || command instanceof CorrelateMessageCmd
        || command instanceof CorrelateAllMessageCmd || command instanceof MessageEventReceivedCmd || command instanceof SignalCmd
        || command instanceof SignalEventReceivedCmd || command instanceof StartProcessInstanceAtActivitiesCmd
        || command instanceof ModifyProcessInstanceCmd || command instanceof ModifyProcessInstanceAsyncCmd) {
      return (c, p) -> {
        if (!p.admin()) {
          throw new TaskEditRefused(ADMINS_ONLY);
        }
        return false;
      };
    }
    return null;
  }

  private boolean complete(CommandContext context, Person person, String taskId, Map<String, ?> variables) {
    TaskEntity task = task(context, taskId);
    if (task == null) {
      return false; // the engine answers "not found" (or TaskConflicts: completed by someone else)
    }
    mayWork(task, person);
    FormSchema form = forms.of(context, task);
    Map<String, String> problems = form.problems(variables == null ? Map.of() : variables, task::getVariable);
    if (!problems.isEmpty()) {
      throw new AnswerRefused(problems);
    }
    return false;
  }

  /** A person starts a process (Tasklist's 发起流程, Modeler, a script) with its start form's fields only. */
  private boolean start(CommandContext context, Person person, String definitionId, String definitionKey, Map<String, ?> variables) {
    DeploymentCache deployments = context.getProcessEngineConfiguration().getDeploymentCache();
    ProcessDefinitionEntity definition = definitionId != null ? deployments.findDeployedProcessDefinitionById(definitionId)
        : definitionKey != null ? deployments.findDeployedLatestProcessDefinitionByKey(definitionKey) : null;
    if (definition == null || person.admin()) {
      return false; // administrators may write variables anyway (repairs, instances started by hand)
    }
    Map<String, String> problems = forms.ofStart(context, definition).problems(variables == null ? Map.of() : variables, name -> null);
    if (!problems.isEmpty()) {
      throw new AnswerRefused(problems);
    }
    return false;
  }

  /** The assignee works a claimed task; a candidate an unclaimed one; a personal task only its person. */
  private static void mayWork(TaskEntity task, Person person) {
    if (personal(task) && !person.userId().equals(task.getAssignee())) {
      throw new TaskEditRefused(PERSONAL.formatted(task.getAssignee()));
    }
    if (task.getAssignee() != null) {
      if (!task.getAssignee().equals(person.userId())) {
        throw new TaskEditRefused(involved(task, person) || person.editor() ? CLAIMED_BY.formatted(task.getAssignee()) : NOT_YOURS);
      }
    } else if (!candidate(task, person)) {
      throw new TaskEditRefused(person.editor() ? NOT_CANDIDATE : NOT_YOURS);
    }
  }

  private static boolean claim(CommandContext context, Person person, String taskId, String userId) {
    TaskEntity task = task(context, taskId);
    if (task == null) {
      return false;
    }
    if (personal(task)) {
      if (person.userId().equals(userId) && userId.equals(task.getAssignee())) {
        return false;
      }
      throw new TaskEditRefused(PERSONAL.formatted(task.getAssignee()));
    }
    if (person.userId().equals(userId) && candidate(task, person) || person.editor()) {
      return false;
    }
    throw new TaskEditRefused(!involved(task, person) ? NOT_YOURS : person.userId().equals(userId) ? NOT_CANDIDATE : EDITORS_ONLY);
  }

  private static boolean assign(CommandContext context, Person person, String taskId, String userId) {
    TaskEntity task = task(context, taskId);
    if (task == null || Objects.equals(userId, task.getAssignee())) {
      return false;
    }
    if (personal(task)) {
      throw new TaskEditRefused(PERSONAL.formatted(task.getAssignee()));
    }
    boolean unclaimOwn = userId == null && person.userId().equals(task.getAssignee());
    boolean claimOwn = person.userId().equals(userId) && task.getAssignee() == null && candidate(task, person);
    if (unclaimOwn || claimOwn) {
      return true; // Camunda leaves setting the assignee to UPDATE or TASK_ASSIGN; this is claiming and unclaiming
    }
    if (person.editor()) {
      return false;
    }
    throw new TaskEditRefused(involved(task, person) ? EDITORS_ONLY : NOT_YOURS);
  }

  /** Owner, delegation and candidates: the office's and administrators' work, never on a personal task. */
  private static boolean share(CommandContext context, Person person, String taskId) {
    TaskEntity task = task(context, taskId);
    if (task != null && personal(task)) {
      throw new TaskEditRefused(PERSONAL.formatted(task.getAssignee()));
    }
    return edit(context, person, task);
  }

  private static boolean edit(CommandContext context, Person person, TaskEntity task) {
    if (task != null && !person.editor()) {
      throw new TaskEditRefused(involved(task, person) ? EDITORS_ONLY : NOT_YOURS);
    }
    return false;
  }

  /** {@code PUT /task/{id}}: the whole task at once; a new standalone task is Camunda's CREATE permission's business. */
  private static boolean save(CommandContext context, Person person, TaskEntity changed) {
    if (changed == null || changed.getId() == null) {
      return false;
    }
    TaskEntity stored = task(context, changed.getId());
    if (stored == null) {
      return false;
    }
    edit(context, person, stored);
    if (personal(stored) && (!Objects.equals(stored.getAssignee(), changed.getAssignee())
        || !Objects.equals(stored.getOwner(), changed.getOwner()))) {
      throw new TaskEditRefused(PERSONAL.formatted(stored.getAssignee()));
    }
    return false;
  }

  private static TaskEntity task(CommandContext context, String taskId) {
    return taskId == null ? null : context.getTaskManager().findTaskById(taskId);
  }

  /** A task the diagram gives to one person by name ({@code camunda:assignee}). */
  static boolean personal(TaskEntity task) {
    return task.getTaskDefinition() != null && task.getTaskDefinition().getAssigneeExpression() != null;
  }

  private static boolean candidate(TaskEntity task, Person person) {
    for (IdentityLinkEntity link : task.getIdentityLinks()) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType())
          && (person.userId().equals(link.getUserId()) || link.getGroupId() != null && person.groups().contains(link.getGroupId()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean involved(TaskEntity task, Person person) {
    return person.userId().equals(task.getAssignee()) || person.userId().equals(task.getOwner()) || candidate(task, person);
  }

  private static String taskId(Command<?> command) {
    return field(command, "taskId");
  }

  /** A command's field: the engine's commands offer no getters. */
  @SuppressWarnings("unchecked")
  private static <V> V field(Command<?> command, String name) {
    for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return (V) field.get(command);
      } catch (NoSuchFieldException e) {
        // declared further up
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + name + " of " + command.getClass().getName(), e);
      }
    }
    throw new IllegalStateException(command.getClass().getName() + " has no field " + name);
  }
}
