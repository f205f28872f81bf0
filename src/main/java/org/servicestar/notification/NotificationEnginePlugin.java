package org.servicestar.notification;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Puts {@link TaskNotifier} on every user task of every diagram, as it is parsed (events
 * {@code create} and {@code assignment}), so diagram authors need do nothing for task mails. The
 * Spring Boot starter hands every {@code ProcessEnginePlugin} bean to the engine; plain process tests
 * ({@code camunda.cfg.xml}) have no Spring beans and so no mails.
 */
@Component
class NotificationEnginePlugin extends AbstractProcessEnginePlugin {

  private final TaskListener notifier;

  NotificationEnginePlugin(TaskNotifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
    listeners.add(new UserTaskListenerParseListener(notifier));
    configuration.setCustomPostBPMNParseListeners(listeners);
  }

  /** After the diagram's own listeners, so an assignee they set is seen. */
  static final class UserTaskListenerParseListener extends AbstractBpmnParseListener {

    private final TaskListener listener;

    UserTaskListenerParseListener(TaskListener listener) {
      this.listener = listener;
    }

    @Override
    public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
      if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
        TaskDefinition definition = behavior.getTaskDefinition();
        definition.addTaskListener(TaskListener.EVENTNAME_CREATE, listener);
        definition.addTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, listener);
      }
    }
  }
}
