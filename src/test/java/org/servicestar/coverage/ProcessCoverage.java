package org.servicestar.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * What the process tests walk, for {@link DiagramCoverageProcessTest}: a plugin of the process tests' engine
 * ({@code camunda.cfg.xml}) that records, per deployed resource ({@code bpmn/rectification.bpmn}), every flow node
 * that got an activity instance (the history events Cockpit shows, boundary events and gateways included) and every
 * sequence flow taken (a {@code take} listener on each flow). Fixtures ({@code fixtures/process/…}) are recorded under
 * their own names and never count for {@code bpmn/}. Collected for the whole test JVM.
 */
public class ProcessCoverage extends AbstractProcessEnginePlugin {

  private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";
  private static final Map<String, Set<String>> NODES = new ConcurrentHashMap<>();
  private static final Map<String, Set<String>> FLOWS = new ConcurrentHashMap<>();
  private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> parseListeners = new ArrayList<>();
    if (configuration.getCustomPostBPMNParseListeners() != null) {
      parseListeners.addAll(configuration.getCustomPostBPMNParseListeners());
    }
    parseListeners.add(new FlowRecorder());
    configuration.setCustomPostBPMNParseListeners(parseListeners);
    List<HistoryEventHandler> handlers = new ArrayList<>();
    if (configuration.getCustomHistoryEventHandlers() != null) {
      handlers.addAll(configuration.getCustomHistoryEventHandlers());
    }
    handlers.add(new NodeRecorder());
    configuration.setCustomHistoryEventHandlers(handlers);
  }

  /** Flow node ids walked in the diagram deployed as {@code resource}. */
  static Set<String> nodes(String resource) {
    return copy(NODES.get(resource));
  }

  /** Sequence flow ids taken in the diagram deployed as {@code resource}. */
  static Set<String> flows(String resource) {
    return copy(FLOWS.get(resource));
  }

  private static Set<String> copy(Set<String> ids) {
    return ids == null ? Set.of() : new TreeSet<>(ids);
  }

  private static void record(Map<String, Set<String>> into, String processDefinitionId, String elementId) {
    String resource = resourceOf(processDefinitionId);
    if (resource != null) {
      into.computeIfAbsent(resource, r -> ConcurrentHashMap.newKeySet()).add(elementId);
    }
  }

  private static String resourceOf(String processDefinitionId) {
    if (processDefinitionId == null) {
      return null;
    }
    String known = RESOURCES.get(processDefinitionId);
    if (known != null) {
      return known;
    }
    ProcessDefinitionEntity definition = Context.getProcessEngineConfiguration().getDeploymentCache()
        .findDeployedProcessDefinitionById(processDefinitionId);
    if (definition == null || definition.getResourceName() == null) {
      return null;
    }
    RESOURCES.put(processDefinitionId, definition.getResourceName());
    return definition.getResourceName();
  }

  /** Every flow node with an activity instance, as the history sees it (multi-instance bodies under their task's id). */
  private static final class NodeRecorder implements HistoryEventHandler {

    @Override
    public void handleEvent(HistoryEvent event) {
      if (event instanceof HistoricActivityInstanceEventEntity activity && activity.getActivityId() != null) {
        String id = activity.getActivityId();
        if (id.endsWith(MULTI_INSTANCE_BODY)) {
          id = id.substring(0, id.length() - MULTI_INSTANCE_BODY.length());
        }
        record(NODES, activity.getProcessDefinitionId(), id);
      }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
      events.forEach(this::handleEvent);
    }
  }

  /** A {@code take} listener on every sequence flow. */
  private static final class FlowRecorder extends AbstractBpmnParseListener {

    @Override
    public void parseSequenceFlow(Element sequenceFlowElement, ScopeImpl scopeElement, TransitionImpl transition) {
      String id = transition.getId();
      transition.addListener(ExecutionListener.EVENTNAME_TAKE,
          (ExecutionListener) execution -> record(FLOWS, execution.getProcessDefinitionId(), id));
    }
  }
}
