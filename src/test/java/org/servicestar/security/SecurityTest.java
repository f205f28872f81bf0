package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.engine.DiagramDeployer;
import org.servicestar.support.Fixtures;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One login and least privilege, through the real HTTP stack: the app's pages, Tasklist's own API
 * ({@code /camunda/api}) and {@code /engine-rest}, which Camunda Modeler uses.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {

  private static final String PASSWORD = "lead-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  DiagramDeployer deployer;
  @Autowired
  TaskService taskService;

  private Task taskOfA;
  private Task taskOfB;

  @BeforeAll
  void twoUnitsWithATaskEach() {
    units.create(new UnitService.UnitDraft("sec-dept", "安全测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("sec-hall", "安全测试大厅", UnitType.HALL, "sec-dept"));
    units.create(new UnitService.UnitDraft("sec-a", "甲窗口", UnitType.WINDOW, "sec-hall"));
    units.create(new UnitService.UnitDraft("sec-b", "乙窗口", UnitType.WINDOW, "sec-hall"));
    unitGroups.createLead("sec-a", "lead-sec-a", "甲负责人", PASSWORD);
    unitGroups.createLead("sec-b", "lead-sec-b", "乙负责人", PASSWORD);
    identity.ensureUser("office-sec", "办公室", "测试", PASSWORD);
    identity.ensureMembership("office-sec", Groups.OFFICE);

    deployer.deployAll(Fixtures.deployFolder());
    taskOfA = taskOf(runtimeService.startProcessInstanceByKey("FixtureUnitTask", Map.of("unitCode", "sec-a")));
    taskOfB = taskOf(runtimeService.startProcessInstanceByKey("FixtureUnitTask", Map.of("unitCode", "sec-b")));
  }

  private Task taskOf(ProcessInstance instance) {
    return taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
  }

  @Test
  void anonymousGetsTheLoginPageOr401() {
    WebClient anonymous = new WebClient(port);
    assertThat(anonymous.get("/units").statusCode()).isEqualTo(302);
    assertThat(anonymous.get("/units").headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(anonymous.get("/camunda/app/tasklist/default/").headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(anonymous.getJson("/camunda/api/engine/engine/default/task").statusCode()).isEqualTo(401);
    assertThat(anonymous.getJson("/engine-rest/task").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/login").body()).contains("登录");
    assertThat(anonymous.getJson("/api/units").statusCode()).isEqualTo(200);
  }

  @Test
  void wrongPasswordIsRefused() {
    // Not a user the other tests log in as: Camunda locks a user out for a few seconds after a failure.
    HttpResponse<String> response = new WebClient(port).login("lead-sec-b", "wrong");
    assertThat(response.headers().firstValue("Location").orElseThrow()).contains("/login?error");
  }

  @Test
  void oneLoginOpensTheAppTasklistAndItsApi() {
    WebClient lead = new WebClient(port);
    assertThat(lead.login("lead-sec-a", PASSWORD).headers().firstValue("Location").orElseThrow()).endsWith("/");
    assertThat(lead.get("/").body()).contains("lead-sec-a");
    assertThat(lead.get("/camunda/app/tasklist/default/").statusCode()).isEqualTo(200);
    assertThat(lead.getJson("/camunda/api/admin/auth/user/default").body()).contains("\"userId\":\"lead-sec-a\"").contains("tasklist");
  }

  @Test
  void aUnitLeadSeesOnlyTheirOwnUnitsTasksInTasklistAndTheRestApi() {
    WebClient tasklist = new WebClient(port).loginToTasklist("lead-sec-a", PASSWORD);
    String visible = tasklist.getJson("/camunda/api/engine/engine/default/task?processDefinitionKey=FixtureUnitTask").body();
    assertThat(visible).contains(taskOfA.getId()).doesNotContain(taskOfB.getId());

    WebClient rest = new WebClient(port).basic("lead-sec-a", PASSWORD);
    String viaRest = rest.getJson("/engine-rest/task?processDefinitionKey=FixtureUnitTask").body();
    assertThat(viaRest).contains(taskOfA.getId()).doesNotContain(taskOfB.getId());
    assertThat(rest.getJson("/engine-rest/task/" + taskOfB.getId()).statusCode()).isIn(403, 404);
  }

  @Test
  void aUnitLeadCannotCompleteAnotherUnitsTask() {
    WebClient tasklist = new WebClient(port).loginToTasklist("lead-sec-a", PASSWORD);
    tasklist.getJson("/camunda/api/engine/engine/default/task"); // as Tasklist does: obtains the XSRF cookie
    assertThat(tasklist.postJson("/camunda/api/engine/engine/default/task/" + taskOfB.getId() + "/complete", "{}").statusCode())
        .isEqualTo(403);
    WebClient rest = new WebClient(port).basic("lead-sec-a", PASSWORD);
    assertThat(rest.postJson("/engine-rest/task/" + taskOfB.getId() + "/complete", "{}").statusCode()).isEqualTo(403);
    assertThat(taskService.createTaskQuery().taskId(taskOfB.getId()).count()).isEqualTo(1);
  }

  @Test
  void aUnitLeadCompletesTheirOwnTaskThroughTasklistsApi() {
    Task own = taskOf(runtimeService.startProcessInstanceByKey("FixtureUnitTask", Map.of("unitCode", "sec-a")));
    WebClient tasklist = new WebClient(port).loginToTasklist("lead-sec-a", PASSWORD);
    tasklist.getJson("/camunda/api/engine/engine/default/task");
    HttpResponse<String> done = tasklist.postJson("/camunda/api/engine/engine/default/task/" + own.getId() + "/complete",
        "{\"variables\":{\"note\":{\"value\":\"已办理\"}}}");
    assertThat(done.statusCode()).as(done.body()).isIn(200, 204);
    assertThat(taskService.createTaskQuery().taskId(own.getId()).count()).isZero();
  }

  @Test
  void theTasklistFormIsFoundInTheDiagramsDeployment() {
    WebClient tasklist = new WebClient(port).loginToTasklist("lead-sec-a", PASSWORD);
    HttpResponse<String> form = tasklist.getJson("/camunda/api/engine/engine/default/task/" + taskOfA.getId() + "/deployed-form");
    assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
    assertThat(form.body()).contains("fixture-work-form").contains("办理说明");
  }

  @Test
  void aUnitLeadCannotOpenCockpitAdminOrTheOfficesPages() {
    WebClient lead = new WebClient(port);
    lead.login("lead-sec-a", PASSWORD);
    assertThat(lead.get("/camunda/app/cockpit/default/").statusCode()).isEqualTo(403);
    assertThat(lead.get("/camunda/app/admin/default/").statusCode()).isEqualTo(403);
    assertThat(lead.get("/units").statusCode()).isEqualTo(403);
    assertThat(lead.get("/admin").statusCode()).isEqualTo(403);
  }

  @Test
  void eachRoleOpensTasklistWithItsChineseFilters() {
    WebClient lead = new WebClient(port).loginToTasklist("lead-sec-a", PASSWORD);
    assertThat(lead.getJson("/camunda/api/engine/engine/default/filter?resourceType=Task").body())
        .contains(TasklistFilters.UNIT_FILTER).doesNotContain("全部待办").doesNotContain("待核实投诉");
    WebClient office = new WebClient(port).loginToTasklist("office-sec", PASSWORD);
    assertThat(office.getJson("/camunda/api/engine/engine/default/filter?resourceType=Task").body())
        .contains("全部待办").contains("办公室待办").contains("我的任务").doesNotContain(TasklistFilters.UNIT_FILTER);
  }

  @Test
  void onlyAdministratorsDeployAndANewVersionLeavesRunningInstancesAlone() throws Exception {
    ProcessInstance running = runtimeService.startProcessInstanceByKey("FixtureUnitTask", Map.of("unitCode", "sec-b"));
    String changed = Files.readString(Fixtures.deployFolder().resolve("fixture-unit-task.bpmn"))
        .replace("测试：单位任务", "测试：单位任务（第二版）");

    HttpResponse<String> refused = deployViaRest(new WebClient(port).basic("office-sec", PASSWORD), changed);
    assertThat(refused.statusCode()).isEqualTo(403);

    HttpResponse<String> accepted = deployViaRest(new WebClient(port).basic("admin", "test-admin-secret"), changed);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    String latest = repositoryService.createProcessDefinitionQuery().processDefinitionKey("FixtureUnitTask")
        .latestVersion().singleResult().getId();
    assertThat(latest).isNotEqualTo(running.getProcessDefinitionId());
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(running.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(running.getProcessDefinitionId());
  }

  private static HttpResponse<String> deployViaRest(WebClient client, String bpmn) {
    String boundary = "----servicestar" + UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    for (String[] part : List.of(new String[] {"deployment-name", "modeler-test"}, new String[] {"deploy-changed-only", "true"})) {
      body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(part[0])
          .append("\"\r\n\r\n").append(part[1]).append("\r\n");
    }
    body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"data\"; filename=\"fixture-unit-task.bpmn\"\r\n")
        .append("Content-Type: application/octet-stream\r\n\r\n").append(bpmn).append("\r\n--").append(boundary).append("--\r\n");
    return client.send(client.request("/engine-rest/deployment/create")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
  }

  @Test
  void pagesRefuseAFormPostWithoutCsrfToken() {
    WebClient office = new WebClient(port);
    office.login("office-sec", PASSWORD);
    assertThat(office.postForm("/units", Map.of("code", "csrf-x", "name", "x", "type", "DEPARTMENT")).statusCode()).isEqualTo(403);
    assertThat(units.byCode("csrf-x")).isEmpty();
  }

  @Test
  void loggingOutEndsTheAppAndTasklistSessionsTogether() {
    WebClient lead = new WebClient(port).loginToTasklist("lead-sec-a", PASSWORD);
    assertThat(lead.getJson("/camunda/api/admin/auth/user/default").statusCode()).isEqualTo(200);
    String token = lead.csrfOf("/logout");
    assertThat(lead.postForm("/logout", Map.of("_csrf", token)).headers().firstValue("Location").orElseThrow()).contains("/login?logout");
    assertThat(lead.getJson("/camunda/api/admin/auth/user/default").statusCode()).isEqualTo(401);
    assertThat(lead.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void tasklistsOwnLogoutButtonEndsTheAppSessionToo() {
    WebClient lead = new WebClient(port).loginToTasklist("lead-sec-a", PASSWORD);
    lead.getJson("/camunda/api/admin/auth/user/default");
    assertThat(lead.postJson("/camunda/api/admin/auth/user/default/logout", "{}").statusCode()).isEqualTo(200);
    assertThat(lead.get("/").statusCode()).isEqualTo(302);
  }
}
