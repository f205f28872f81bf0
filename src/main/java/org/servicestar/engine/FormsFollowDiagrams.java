package org.servicestar.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.ProcessDefinitionQueryImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.CamundaFormDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * Forms follow diagrams, and diagrams follow forms, so that a deployment from Modeler of a diagram
 * alone or of a form alone keeps every task's form. The diagrams bind their forms with
 * {@code camunda:formRefBinding="deployment"}: a process version finds its forms in its own
 * deployment, so a running case keeps the forms it started with whatever is deployed later. Before a
 * deployment is stored:
 * <ul>
 *   <li>a diagram whose deployment-bound forms are missing gets the latest deployed version of each;</li>
 *   <li>a deployment of forms only (no diagram) gets the latest version of every process whose diagram
 *       names one of those forms, with that process's other forms: new cases of it use the new form at
 *       once, running ones keep theirs. Not for the app's own start-up deployments
 *       ({@link DiagramDeployer}), which put every diagram together with its forms themselves.</li>
 * </ul>
 */
final class FormsFollowDiagrams {

  /** What to add to a deployment, and why (for the log). */
  record Attachments(Map<String, byte[]> resources, List<String> notes) {
  }

  private FormsFollowDiagrams() {
  }

  /** The resources to add to {@code resources} (those of the deployment about to be stored). */
  static Attachments complete(Map<String, byte[]> resources, boolean formsPullProcesses, CommandContext context) {
    Map<String, byte[]> all = new TreeMap<>(resources);
    Map<String, byte[]> attached = new TreeMap<>();
    List<String> notes = new ArrayList<>();
    boolean diagrams = resources.keySet().stream().anyMatch(name -> DiagramContract.isBpmn(name) || DiagramContract.isDmn(name));
    Set<String> forms = DiagramContract.formIds(resources);
    if (!diagrams && formsPullProcesses && !forms.isEmpty()) {
      ProcessDefinitionQueryImpl query = new ProcessDefinitionQueryImpl();
      query.latestVersion();
      List<ProcessDefinition> latest = context.getProcessDefinitionManager()
          .findProcessDefinitionsByQueryCriteria(query, new Page(0, Integer.MAX_VALUE));
      for (ProcessDefinition process : latest) {
        ResourceEntity diagram = context.getResourceManager()
            .findResourceByDeploymentIdAndResourceName(process.getDeploymentId(), process.getResourceName());
        if (diagram == null || all.containsKey(diagram.getName())) {
          continue;
        }
        Set<String> bound = DiagramContract.deploymentBoundForms(diagram.getBytes());
        if (bound.stream().anyMatch(forms::contains)) {
          all.put(diagram.getName(), diagram.getBytes());
          attached.put(diagram.getName(), diagram.getBytes());
          notes.add("流程 " + process.getKey() + "（第 " + process.getVersion() + " 版的图 " + diagram.getName() + "）随新表单重新部署");
        }
      }
    }
    Set<String> present = DiagramContract.formIds(all);
    for (Map.Entry<String, byte[]> diagram : new TreeMap<>(all).entrySet()) {
      if (!DiagramContract.isBpmn(diagram.getKey())) {
        continue;
      }
      for (String formId : DiagramContract.deploymentBoundForms(diagram.getValue())) {
        if (present.contains(formId)) {
          continue;
        }
        CamundaFormDefinitionEntity form = context.getCamundaFormDefinitionManager().findLatestDefinitionByKey(formId);
        ResourceEntity file = form == null ? null
            : context.getResourceManager().findResourceByDeploymentIdAndResourceName(form.getDeploymentId(), form.getResourceName());
        if (file != null && !all.containsKey(file.getName())) {
          all.put(file.getName(), file.getBytes());
          attached.put(file.getName(), file.getBytes());
          present.add(formId);
          notes.add("表单 " + formId + "（已部署的第 " + form.getVersion() + " 版 " + file.getName() + "）随图 " + diagram.getKey() + " 部署");
        }
      }
    }
    return new Attachments(attached, notes);
  }
}
