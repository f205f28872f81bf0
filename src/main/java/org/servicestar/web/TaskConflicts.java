package org.servicestar.web;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Turns the engine's English answers to a lost race on a task (claimed by someone else, completed
 * by someone else, changed concurrently) into one {@link TaskConflictException} with a Chinese
 * message, for every caller: {@code /engine-rest} (409), Tasklist (which shows the message) and the
 * app. Only people's task commands are translated: the job executor relies on seeing
 * {@link OptimisticLockingException} itself to retry quietly.
 */
@Component
@Order(1) // before security.CaseIntegrity, which wraps the commands it checks
class TaskConflicts extends AbstractProcessEnginePlugin {

  static final String CLAIMED = "该任务已由 %s 认领，您不能再认领或办理。请刷新待办列表。";
  static final String GONE = "该任务已不存在：它刚被他人办理完毕或已撤销，您的操作未生效。请刷新待办列表。";
  static final String CONCURRENT = "该任务刚被他人同时认领或办理，您的操作未生效。请刷新后查看任务的最新状态。";

  private static final Set<Class<?>> TASK_COMMANDS =
      Set.of(ClaimTaskCmd.class, CompleteTaskCmd.class, SubmitTaskFormCmd.class, ResolveTaskCmd.class);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    // Before the transaction interceptor: the optimistic-locking failure surfaces at the flush.
    interceptors.add(new Translator(configuration));
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  /** The exception a lost race becomes, or null when {@code e} is no such race. */
  static TaskConflictException translate(RuntimeException e) {
    if (e instanceof TaskAlreadyClaimedException claimed) {
      return new TaskConflictException(CLAIMED.formatted(claimed.getTaskAssignee()), e);
    }
    if (e instanceof NullValueException && e.getMessage() != null && e.getMessage().contains("Cannot find task")) {
      return new TaskConflictException(GONE, e);
    }
    if (e instanceof OptimisticLockingException) {
      return new TaskConflictException(CONCURRENT, e);
    }
    return null;
  }

  static final class Translator extends CommandInterceptor {

    private final ProcessEngineConfigurationImpl configuration;

    Translator(ProcessEngineConfigurationImpl configuration) {
      this.configuration = configuration;
    }

    @Override
    public <T> T execute(Command<T> command) {
      try {
        return next.execute(command);
      } catch (RuntimeException e) {
        if (!TASK_COMMANDS.contains(command.getClass())) {
          throw e;
        }
        TaskConflictException conflict = translate(e);
        if (conflict == null && taskIsGone(command)) {
          // Completed by someone else between this command reading the task and using its execution:
          // the engine then fails with whatever it tripped over (TaskRacesTest met a NullPointerException).
          conflict = new TaskConflictException(GONE, e);
        }
        throw conflict != null ? conflict : e;
      }
    }

    /** Whether the command's task no longer exists (read afresh, without authorization checks). */
    private boolean taskIsGone(Command<?> command) {
      String taskId = taskIdOf(command);
      return taskId != null && configuration.getCommandExecutorTxRequired()
          .execute(context -> context.getTaskManager().findTaskById(taskId)) == null;
    }

    /** The {@code taskId} field every translated command has (the engine offers no getter). */
    private static String taskIdOf(Command<?> command) {
      for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
        try {
          Field field = type.getDeclaredField("taskId");
          field.setAccessible(true);
          return (String) field.get(command);
        } catch (NoSuchFieldException e) {
          // declared further up
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      }
      return null;
    }
  }
}
