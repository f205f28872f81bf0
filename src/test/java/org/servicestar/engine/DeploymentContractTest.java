package org.servicestar.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.servicestar.audit.AuditTrail;
import org.servicestar.complaint.ComplaintHandlingIds;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 17's two tries, the way Camunda Modeler deploys ({@code POST /engine-rest/deployment/create},
 * multipart, as {@code admin}), and the other doors of the same check: a diagram deployed alone keeps
 * its forms, a form deployed alone reaches new cases, a diagram that would break the app is refused
 * with every problem in Chinese and changes nothing, a new process key is accepted with its warnings.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentContractTest {

  private static final String PASSWORD = "deploy-secret-1";
  private static final String ADMIN_PASSWORD = "test-admin-secret";
  private static final String TASKLIST_API = "/camunda/api/engine/engine/default";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  TaskService taskService;
  @Autowired
  AuditTrail audit;
  @Autowired
  DiagramDeployer deployer;

  /** Deployments a test made, removed after it (with their cases) so the other classes see the shipped diagrams. */
  private final List<String> made = new ArrayList<>();

  @BeforeAll
  void aUnitAndAnOfficeUser() {
    units.create(new UnitService.UnitDraft("dc-dept", "部署测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("dc-hall", "部署测试大厅", UnitType.HALL, "dc-dept"));
    identity.ensureUser("office-dc", "办公室", "部署", PASSWORD);
    identity.ensureMembership("office-dc", Groups.OFFICE);
  }

  @AfterEach
  void removeWhatATestDeployed() {
    made.forEach(id -> repositoryService.deleteDeployment(id, true));
    made.clear();
  }

  @Test
  void theShippedComplaintDiagramDeployedAloneFromModelerKeepsTheTriageFormOfNewComplaints() throws IOException {
    ProcessDefinition before = latest();
    HttpResponse<String> deployed = deployAsModeler("complaint-handling", Map.of("complaint-handling.bpmn", shipped("bpmn/complaint-handling.bpmn")));
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
    made.add(JSON.readTree(deployed.body()).path("id").asText());

    ProcessDefinition after = latest();
    assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
    assertThat(repositoryService.getDeploymentResourceNames(after.getDeploymentId()))
        .contains("complaint-handling.bpmn", "forms/complaint-triage.form", "forms/complaint-verify.form", "forms/complaint-start.form");

    Task triage = triageOfANewComplaint();
    assertThat(triage.getProcessDefinitionId()).isEqualTo(after.getId());
    HttpResponse<String> form = tasklistForm(triage);
    assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
    assertThat(form.body()).contains("\"complaint-triage\"").contains("分办结果");
  }

  @Test
  void aFormDeployedAloneFromModelerReachesNewComplaintsAndRunningOnesKeepTheirs() throws IOException {
    Task running = triageOfANewComplaint();
    String changed = shipped("forms/complaint-triage.form").replace("\"分办结果\"", "\"分办结果（新版）\"");
    HttpResponse<String> deployed = deployAsModeler("complaint-triage", Map.of("complaint-triage.form", changed));
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
    String deploymentId = JSON.readTree(deployed.body()).path("id").asText();
    made.add(deploymentId);

    // The form brought the latest ComplaintHandling along (with its other forms): a new version whose triage form is the new one.
    assertThat(latest().getDeploymentId()).isEqualTo(deploymentId);
    assertThat(repositoryService.getDeploymentResourceNames(deploymentId)).contains("complaint-triage.form", "forms/complaint-verify.form");
    Task fresh = triageOfANewComplaint();
    assertThat(tasklistForm(fresh).body()).contains("分办结果（新版）");
    HttpResponse<String> old = tasklistForm(running);
    assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
    assertThat(old.body()).contains("分办结果").doesNotContain("分办结果（新版）");

    // Then the diagram alone again, as Modeler's next "deploy": it takes the newest form with it.
    HttpResponse<String> diagram = deployAsModeler("complaint-handling", Map.of("complaint-handling.bpmn",
        shipped("bpmn/complaint-handling.bpmn").replace("name=\"分办投诉\"", "name=\"分办投诉（改）\"")));
    assertThat(diagram.statusCode()).as(diagram.body()).isEqualTo(200);
    made.add(JSON.readTree(diagram.body()).path("id").asText());
    Task third = triageOfANewComplaint();
    assertThat(third.getName()).isEqualTo("分办投诉（改）");
    assertThat(tasklistForm(third).body()).contains("分办结果（新版）");
  }

  @Test
  void aBrokenComplaintDiagramIsRefusedWithEveryProblemInChineseAndIntakeGoesOn() throws IOException {
    ProcessDefinition before = latest();
    long deployments = repositoryService.createDeploymentQuery().count();
    String broken = shipped("bpmn/complaint-handling.bpmn")
        .replace("${registerComplaintDelegate}", "${registerComplaintDelegat}")
        .replace("Task_VerifyComplaint", "Task_CheckComplaint");

    HttpResponse<String> refused = deployAsModeler("complaint-handling", Map.of("complaint-handling.bpmn", broken));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.path("type").asText()).isEqualTo("DeploymentRefused");
    assertThat(body.path("message").asText())
        .startsWith("部署被拒绝，未做任何更改")
        .contains("Task_RegisterComplaint：委托表达式 ${registerComplaintDelegat} 引用的 Spring Bean「registerComplaintDelegat」不存在")
        .contains("Task_VerifyComplaint：流程 ComplaintHandling 中没有这个元素，而程序依赖它（ComplaintHandlingIds.Tasks）")
        .contains("共 2 个问题");
    assertThat(latest().getId()).isEqualTo(before.getId());
    assertThat(repositoryService.createDeploymentQuery().count()).isEqualTo(deployments);
    assertThat(audit.latest(20)).anySatisfy(entry -> {
      assertThat(entry.action()).isEqualTo("DEPLOYMENT_REFUSED");
      assertThat(entry.subject()).isEqualTo(ComplaintHandlingIds.PROCESS);
      assertThat(entry.detail()).contains("admin").contains("registerComplaintDelegat").contains("Task_VerifyComplaint");
    });

    Task triage = triageOfANewComplaint();
    assertThat(triage.getProcessDefinitionId()).isEqualTo(before.getId());
  }

  @Test
  void theOtherDoorsAreCheckedTheSameWay(@TempDir Path folder) throws IOException {
    String broken = shipped("bpmn/complaint-handling.bpmn").replace("Task_VerifyComplaint", "Task_CheckComplaint");
    String before = latest().getId();
    // an upload through RepositoryService (the admin pages)
    assertThatThrownBy(() -> repositoryService.createDeployment().name("upload").addString("complaint-handling.bpmn", broken).deploy())
        .isInstanceOf(DeploymentRefused.class).hasMessageContaining("Task_VerifyComplaint");
    // the deployment folder: the app starts with the version before, and says which diagram was refused
    Files.writeString(folder.resolve("complaint-handling.bpmn"), broken);
    assertThat(deployer.deployAll(folder).refused()).containsExactly("bpmn/complaint-handling.bpmn");
    assertThat(latest().getId()).isEqualTo(before);
    // a decision Java reads: StarRating without the output "stars"
    String stars = shipped("bpmn/star-rating.dmn").replace("name=\"stars\"", "name=\"star\"");
    assertThatThrownBy(() -> repositoryService.createDeployment().addString("star-rating.dmn", stars).deploy())
        .isInstanceOf(DeploymentRefused.class).hasMessageContaining("StarRating：程序读取的输出「stars」不存在");
  }

  @Test
  void aNewProcessKeyIsAcceptedWithItsWarnings() {
    String id = repositoryService.createDeployment().name("dc-new-process")
        .addModelInstance("dc-new-process.bpmn", Bpmn.createExecutableProcess("DcNewProcess").camundaHistoryTimeToLive(30)
            .startEvent().serviceTask("Task_Unwired").camundaDelegateExpression("${noSuchDelegate}")
            .userTask("Task_Auditors").camundaCandidateGroups("auditors").endEvent().done())
        .deploy().getId();
    made.add(id);

    assertThat(repositoryService.createProcessDefinitionQuery().deploymentId(id).singleResult().getKey()).isEqualTo("DcNewProcess");
    assertThat(audit.latest(20)).anySatisfy(entry -> {
      assertThat(entry.action()).isEqualTo("DEPLOYMENT_WARNINGS");
      assertThat(entry.subject()).isEqualTo("DcNewProcess");
      assertThat(entry.detail()).contains("Task_Unwired：委托表达式 ${noSuchDelegate} 引用的 Spring Bean「noSuchDelegate」不存在")
          .contains("Task_Auditors：候选组「auditors」不是已知的组");
    });
  }

  private ProcessDefinition latest() {
    return repositoryService.createProcessDefinitionQuery().processDefinitionKey(ComplaintHandlingIds.PROCESS).latestVersion().singleResult();
  }

  private static String shipped(String file) throws IOException {
    return Files.readString(Path.of(file));
  }

  /** A complaint through the public API, and its triage task. */
  private Task triageOfANewComplaint() throws IOException {
    WebClient anonymous = new WebClient(port);
    HttpResponse<String> posted = anonymous.send(anonymous.request("/api/complaints").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"unitCode\":\"dc-hall\",\"channel\":\"ONLINE\",\"content\":\"窗口无人\",\"clientRef\":\""
            + UUID.randomUUID() + "\"}")));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    String number = JSON.readTree(posted.body()).path("number").asText();
    return taskService.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(ComplaintHandlingIds.Tasks.TRIAGE).singleResult();
  }

  /** The task's form as Tasklist opens it, for the office. */
  private HttpResponse<String> tasklistForm(Task task) {
    WebClient office = new WebClient(port).loginToTasklist("office-dc", PASSWORD);
    return office.getJson(TASKLIST_API + "/task/" + task.getId() + "/deployed-form");
  }

  /** As Camunda Modeler deploys: multipart, deployment name, changed only, its source, the files. */
  private HttpResponse<String> deployAsModeler(String name, Map<String, String> files) {
    String boundary = "----modeler" + UUID.randomUUID();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("deployment-name", name);
    fields.put("deploy-changed-only", "true");
    fields.put("deployment-source", "Camunda Modeler");
    StringBuilder body = new StringBuilder();
    fields.forEach((field, value) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
        .append(field).append("\"\r\n\r\n").append(value).append("\r\n"));
    files.forEach((file, content) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
        .append(file).append("\"; filename=\"").append(file).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .append(content).append("\r\n"));
    body.append("--").append(boundary).append("--\r\n");
    WebClient modeler = new WebClient(port).basic("admin", ADMIN_PASSWORD);
    return modeler.send(modeler.request("/engine-rest/deployment/create")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
  }
}
