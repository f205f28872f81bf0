package org.servicestar.notification;

import java.util.Collection;

import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Gathers what a mail says about a task: names, business key, due date, unit and holder. Call it
 * inside {@link Privileged}: it reads process definitions, users and groups.
 */
@Component
class TaskDescriber {

  /** The process variable that names the unit a task concerns (DESIGN.md). */
  static final String UNIT_CODE = "unitCode";

  private final Recipients recipients;
  // Looked up when a mail is written, not when the engine (which the unit feature needs) is built.
  private final ObjectProvider<UnitService> units;

  TaskDescriber(Recipients recipients, ObjectProvider<UnitService> units) {
    this.recipients = recipients;
    this.units = units;
  }

  /** A task from inside one of its own listeners. */
  TaskFacts of(DelegateTask task) {
    ProcessEngineServices engine = task.getProcessEngineServices();
    DelegateExecution execution = task.getExecution();
    ProcessDefinition definition = definition(engine, task.getProcessDefinitionId());
    return new TaskFacts(task.getId(), task.getTaskDefinitionKey(), name(task.getName(), task.getTaskDefinitionKey()),
        task.getProcessInstanceId(), processName(definition), definition == null ? null : definition.getKey(),
        execution == null ? null : execution.getProcessBusinessKey(), task.getDueDate(),
        unit(task.getVariable(UNIT_CODE)),
        recipients.holder(engine.getIdentityService(), task.getAssignee(), task.getCandidates()));
  }

  /** A task found by a delegate running in the same process instance. */
  TaskFacts of(Task task, DelegateExecution execution, Collection<? extends IdentityLink> links) {
    ProcessEngineServices engine = execution.getProcessEngineServices();
    ProcessDefinition definition = definition(engine, task.getProcessDefinitionId());
    return new TaskFacts(task.getId(), task.getTaskDefinitionKey(), name(task.getName(), task.getTaskDefinitionKey()),
        task.getProcessInstanceId(), processName(definition), definition == null ? null : definition.getKey(),
        execution.getProcessBusinessKey(), task.getDueDate(), unit(execution.getVariable(UNIT_CODE)),
        recipients.holder(engine.getIdentityService(), task.getAssignee(), links));
  }

  private static String name(String name, String key) {
    return name == null || name.isBlank() ? key : name;
  }

  private static ProcessDefinition definition(ProcessEngineServices engine, String processDefinitionId) {
    return processDefinitionId == null ? null : engine.getRepositoryService().getProcessDefinition(processDefinitionId);
  }

  private static String processName(ProcessDefinition definition) {
    if (definition == null) {
      return "（无流程）";
    }
    return definition.getName() == null || definition.getName().isBlank() ? definition.getKey() : definition.getName();
  }

  /** "市税务局办税服务厅（tax-hall）", the code alone for an unknown unit, null without a unitCode variable. */
  String unit(Object unitCode) {
    if (!(unitCode instanceof String code) || code.isBlank()) {
      return null;
    }
    UnitService service = units.getIfAvailable();
    String name = service == null ? null : service.byCode(code).map(Unit::name).orElse(null);
    return name == null ? code : name + "（" + code + "）";
  }
}
