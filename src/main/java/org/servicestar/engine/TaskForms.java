package org.servicestar.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.form.CamundaFormRef;
import org.camunda.bpm.engine.impl.cmd.GetDeployedStartFormCmd;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.cmd.GetCamundaFormDefinitionCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.repository.CamundaFormDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The form a task shows, as deployed with its process version ({@code camunda:formRef}, or a
 * {@code camunda-forms:deployment:} form key). Parsed once per form definition: deployed forms never
 * change, a new version is a new definition.
 */
public final class TaskForms {

  private static final Logger log = LoggerFactory.getLogger(TaskForms.class);
  private static final String DEPLOYED_FORM_KEY = "camunda-forms:deployment:";

  private final Map<String, FormSchema> byDefinition = new ConcurrentHashMap<>();

  /** The task's form; a task whose form can't be read as a Camunda Form takes no input from a person. */
  public FormSchema of(CommandContext context, TaskEntity task) {
    return context.runWithoutAuthorization(() -> resolve(context, task));
  }

  private FormSchema resolve(CommandContext context, TaskEntity task) {
    task.initializeFormKey();
    String deploymentId = context.getProcessEngineConfiguration().getDeploymentCache()
        .findDeployedProcessDefinitionById(task.getProcessDefinitionId()).getDeploymentId();
    CamundaFormRef ref = task.getCamundaFormRef();
    if (ref != null) {
      CamundaFormDefinition definition = new GetCamundaFormDefinitionCmd(ref, deploymentId).execute(context);
      if (definition == null) {
        log.warn("Task {} ({}) refers to form {} which is not deployed: it takes no input", task.getId(),
            task.getTaskDefinitionKey(), ref.getKey());
        return FormSchema.none();
      }
      return byDefinition.computeIfAbsent(definition.getId(),
          id -> parse(context, definition.getDeploymentId(), definition.getResourceName()));
    }
    String formKey = task.getFormKey();
    if (formKey != null && formKey.startsWith(DEPLOYED_FORM_KEY)) {
      String resource = formKey.substring(DEPLOYED_FORM_KEY.length());
      return byDefinition.computeIfAbsent(deploymentId + "/" + resource, id -> parse(context, deploymentId, resource));
    }
    log.warn("Task {} ({}) has no Camunda Form (form key {}): it takes no input from a person", task.getId(),
        task.getTaskDefinitionKey(), formKey);
    return FormSchema.none();
  }

  /** The start form of a process version (Tasklist's 发起流程); none: a person starts it without variables. */
  public FormSchema ofStart(CommandContext context, ProcessDefinitionEntity definition) {
    return byDefinition.computeIfAbsent("start:" + definition.getId(), id -> context.runWithoutAuthorization(() -> {
      try (InputStream form = new GetDeployedStartFormCmd(definition.getId()).execute(context)) {
        return FormSchema.parse(new String(form.readAllBytes(), StandardCharsets.UTF_8));
      } catch (ProcessEngineException | IOException e) {
        return FormSchema.none(); // no start form, or not a Camunda Form
      }
    }));
  }

  private static FormSchema parse(CommandContext context, String deploymentId, String resourceName) {
    ResourceEntity resource = context.getResourceManager().findResourceByDeploymentIdAndResourceName(deploymentId, resourceName);
    if (resource == null) {
      return FormSchema.none();
    }
    return FormSchema.parse(new String(resource.getBytes(), StandardCharsets.UTF_8));
  }
}
