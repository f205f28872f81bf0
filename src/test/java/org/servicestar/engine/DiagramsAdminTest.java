package org.servicestar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.complaint.ComplaintHandlingIds;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /admin/diagrams} through HTTP as the administrator: the versions with who, when and which
 * door; the diff of a changed copy of a shipped diagram; the files as deployed; a rollback; the
 * migration check (in Chinese) and a migration batch after which the case goes on under the new version.
 * Every change to a shipped process is undone after each test (the shipped files deployed again as the latest).
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiagramsAdminTest {

  static final String ADMIN_PW = "test-admin-secret";
  static final String PROCESS = ComplaintHandlingIds.PROCESS;
  static final String RENAMED = "核实投诉（试行）";

  @LocalServerPort
  int port;
  @Autowired
  RepositoryService repository;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService tasks;
  @Autowired
  ManagementService management;
  @Autowired
  ComplaintService complaints;
  @Autowired
  UnitService units;
  @Autowired
  DiagramVersions versions;

  private WebClient admin;
  private ProcessDefinition shipped;

  @BeforeAll
  void adminAndUnit() {
    admin = new WebClient(port);
    assertThat(admin.login("admin", ADMIN_PW).headers().firstValue("Location").orElse("")).endsWith("/");
    if (units.byCode("dg-w1").isEmpty()) {
      units.create(new UnitService.UnitDraft("dg-dept", "版本测试局", UnitType.DEPARTMENT, null));
      units.create(new UnitService.UnitDraft("dg-hall", "版本测试大厅", UnitType.HALL, "dg-dept"));
      units.create(new UnitService.UnitDraft("dg-w1", "版本测试窗口", UnitType.WINDOW, "dg-hall"));
    }
  }

  @org.junit.jupiter.api.BeforeEach
  void rememberTheLatest() {
    shipped = latest(PROCESS);
  }

  /** Whatever a test deployed, the content that was the latest before is the latest again. */
  @AfterEach
  void restore() {
    if (!latest(PROCESS).getId().equals(shipped.getId())) {
      DeploymentBuilder builder = repository.createDeployment().nameFromDeployment(shipped.getDeploymentId()).source("test-restore")
          .addDeploymentResources(shipped.getDeploymentId());
      builder.deploy();
    }
  }

  @Test
  void theOverviewAndAKeysPageShowEveryVersionWithWhoWhenAndWhichDoor() throws Exception {
    String overview = page("/admin/diagrams");
    assertThat(overview).contains("流程与决策版本", PROCESS, "VetoCheck", "StarRating", "上传并部署");
    assertThat(page("/admin")).contains("/admin/diagrams");

    String key = "DiagramsFixture" + suffix();
    String fixture = twoTasks(key, true);
    HttpResponse<String> uploaded = upload(Map.of("fixture.bpmn", fixture));
    assertThat(uploaded.statusCode()).isEqualTo(302);
    String page = page("/admin/diagrams/processes/" + key);
    assertThat(page).contains("管理页上传", "<td>admin</td>", "bpmn/fixture.bpmn", "全部文件（zip）");

    String shippedPage = page("/admin/diagrams/processes/" + PROCESS);
    assertThat(shippedPage).contains("投诉与差评处理", "data-version=\"" + shipped.getVersion() + "\"");
    assertThat(versions.versions(DiagramVersions.Kind.PROCESS, PROCESS).stream().anyMatch(v -> v.source() != null
        && v.source().equals(DiagramDeployer.SOURCE) && v.door().equals("应用启动时部署（内置 bpmn/、forms/ 及部署目录）"))).isTrue();

    // The same upload again makes no new version; a file of another kind is refused with the reason.
    upload(Map.of("fixture.bpmn", fixture));
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isEqualTo(1);
    assertThat(page("/admin/diagrams")).contains("文件与上次上传的内容相同，没有产生新版本");
    HttpResponse<String> refused = upload(Map.of("notes.txt", "x"));
    assertThat(refused.statusCode()).isEqualTo(302);
    assertThat(page("/admin/diagrams")).contains("只能上传 .bpmn、.dmn、.form 文件（以及流程引用的 .html 表单）：notes.txt");
    HttpResponse<String> broken = upload(Map.of("broken.bpmn", "<definitions>not BPMN"));
    assertThat(broken.statusCode()).isEqualTo(302);
    assertThat(page("/admin/diagrams")).contains("部署被拒绝，未作任何更改。");
  }

  @Test
  void theDiffNamesTheRenamedLabelAndTheAddedElement() {
    int changed = deployChangedCopy(shipped, true);
    String diff = page("/admin/diagrams/processes/" + PROCESS + "/versions/" + changed + "/diff");
    assertThat(diff).contains("与版本 " + shipped.getVersion() + " 的差异");
    assertThat(row(diff, "Task_VerifyComplaint")).contains("改名", "核实投诉", RENAMED);
    assertThat(row(diff, "EndEvent_DiffAdded")).contains("新增", "结束事件", "试行新增的结束");
    assertThat(diff).contains("部署中的表单和其他文件没有变化").doesNotContain("删除");
  }

  @Test
  void aChangedFormIsNamedWithItsFields() {
    String key = "DiagramsFormFixture" + suffix();
    String form = "{\"id\": \"" + key + "-form\", \"type\": \"default\", \"components\": [{\"key\": \"answer\", \"label\": \"答复\", \"type\": \"textfield\"}]}";
    String changedForm = form.replace("]}", ", {\"key\": \"note\", \"label\": \"备注\", \"type\": \"textfield\"}]}");
    String fixture = twoTasks(key, true);
    upload(Map.of("fixture.bpmn", fixture, "fixture.form", form));
    upload(Map.of("fixture.bpmn", fixture, "fixture.form", changedForm));
    String diff = page("/admin/diagrams/processes/" + key + "/versions/2/diff");
    assertThat(row(diff, "表单 " + key + "-form")).contains("修改", "新增字段 note（备注）");
  }

  @Test
  void aVersionsFilesDownloadAsDeployed() throws IOException {
    String deployment = shipped.getDeploymentId();
    HttpResponse<byte[]> zip = admin.getBytes("/admin/diagrams/deployments/" + deployment + ".zip");
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Disposition").orElse("")).contains("attachment", ".zip");
    Map<String, byte[]> unzipped = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        unzipped.put(entry.getName(), in.readAllBytes());
      }
    }
    Map<String, byte[]> deployed = resources(deployment);
    assertThat(unzipped.keySet()).isEqualTo(deployed.keySet()).contains(shipped.getResourceName());
    deployed.forEach((name, bytes) -> assertThat(unzipped.get(name)).as(name).isEqualTo(bytes));

    Resource diagram = repository.getDeploymentResources(deployment).stream().filter(r -> r.getName().equals(shipped.getResourceName()))
        .findFirst().orElseThrow();
    HttpResponse<byte[]> file = admin.getBytes("/admin/diagrams/deployments/" + deployment + "/files/" + diagram.getId());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(deployed.get(shipped.getResourceName()));
    assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains("complaint-handling.bpmn");
    assertThat(admin.getBytes("/admin/diagrams/deployments/no-such/files/x").statusCode()).isEqualTo(404);
  }

  @Test
  void aRollbackDeploysTheChosenVersionsFilesAsTheLatest() {
    int changed = deployChangedCopy(shipped, true);
    assertThat(latest(PROCESS).getVersion()).isEqualTo(changed);
    HttpResponse<String> rolledBack = admin.postForm("/admin/diagrams/processes/" + PROCESS + "/versions/" + shipped.getVersion()
        + "/rollback", Map.of("_csrf", admin.csrfOf("/admin/diagrams")));
    assertThat(rolledBack.statusCode()).isEqualTo(302);
    ProcessDefinition latest = latest(PROCESS);
    assertThat(latest.getVersion()).isEqualTo(changed + 1);
    Map<String, byte[]> now = resources(latest.getDeploymentId());
    Map<String, byte[]> chosen = resources(shipped.getDeploymentId());
    assertThat(now.keySet()).isEqualTo(chosen.keySet());
    chosen.forEach((name, bytes) -> assertThat(now.get(name)).as(name).isEqualTo(bytes));
    String page = page("/admin/diagrams/processes/" + PROCESS);
    assertThat(page).contains("已回滚", "管理页回滚");
    assertThat(repository.createDeploymentQuery().deploymentId(latest.getDeploymentId()).singleResult().getSource())
        .isEqualTo(DiagramVersions.ROLLBACK_SOURCE);
  }

  @Test
  void aRunningComplaintIsCheckedMigratedAndGoesOnUnderTheNewVersion() {
    String number = complaints.submit(new ComplaintService.Submission("dg-w1", "HOTLINE", "版本迁移测试：窗口无人", null, null,
        "dg-" + suffix())).number();
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(number).singleResult();
    int from = repository.getProcessDefinition(instance.getProcessDefinitionId()).getVersion();
    int to = deployChangedCopy(latest(PROCESS), false);

    String check = page("/admin/diagrams/processes/" + PROCESS + "/migration?from=" + from + "&to=" + to);
    assertThat(check).contains("可以迁移", "Task_TriageComplaint", number).doesNotContain("无法迁移");
    HttpResponse<String> started = admin.postForm("/admin/diagrams/processes/" + PROCESS + "/migration",
        Map.of("from", String.valueOf(from), "to", String.valueOf(to), "_csrf", admin.csrfOf("/admin/diagrams")));
    assertThat(started.statusCode()).isEqualTo(302);
    String location = started.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("/admin/diagrams/processes/" + PROCESS + "/migrations/");
    String batchId = location.substring(location.lastIndexOf('/') + 1);
    assertThat(page("/admin/diagrams/processes/" + PROCESS + "/migrations/" + batchId)).contains("迁移进度", "迁移中");

    runBatch(batchId);
    assertThat(admin.getJson("/admin/diagrams/processes/" + PROCESS + "/migrations/" + batchId + ".json").body())
        .contains("\"status\":\"DONE\"");
    ProcessDefinition now = repository.getProcessDefinition(
        runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).singleResult().getProcessDefinitionId());
    assertThat(now.getVersion()).isEqualTo(to);
    Task triage = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(triage.getTaskDefinitionKey()).isEqualTo(ComplaintHandlingIds.Tasks.TRIAGE);
    assertThat(triage.getProcessDefinitionId()).isEqualTo(now.getId());
    tasks.complete(triage.getId(), Map.of(ComplaintHandlingIds.Vars.TRIAGE_OUTCOME, "ACCEPT"));
    Task verify = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(verify.getTaskDefinitionKey()).isEqualTo(ComplaintHandlingIds.Tasks.VERIFY);
    assertThat(verify.getName()).as("the next task comes from the new version").isEqualTo(RENAMED);
    assertThat(verify.getProcessDefinitionId()).isEqualTo(now.getId());
    assertThat(page("/admin")).contains("MIGRATION_STARTED");
  }

  @Test
  void anInstanceWaitingAtARemovedActivityIsReportedInChineseAndNotMigrated() {
    String key = "DiagramsMigrationFixture" + suffix();
    upload(Map.of("fixture.bpmn", twoTasks(key, true)));
    String instance = runtime.startProcessInstanceByKey(key).getId();
    upload(Map.of("fixture.bpmn", twoTasks(key, false)));

    String check = page("/admin/diagrams/processes/" + key + "/migration?from=1&to=2");
    assertThat(check).contains("不能迁移", "Task_DiagFirst", "第一步",
        "新版本中没有 id 相同的活动与它对应（该活动已删除或改了 id），停在这里的实例无法迁移", instance);
    assertThat(check).doesNotContain("There is no migration instruction").doesNotContain("method=\"post\"");
    HttpResponse<String> refused = admin.postForm("/admin/diagrams/processes/" + key + "/migration",
        Map.of("from", "1", "to", "2", "_csrf", admin.csrfOf("/admin/diagrams")));
    assertThat(refused.headers().firstValue("Location").orElse("")).contains("/migration?from=1");
    assertThat(repository.getProcessDefinition(runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult()
        .getProcessDefinitionId()).getVersion()).isEqualTo(1);
  }

  @Test
  void failuresAreTranslatedWithTheirIds() {
    assertThat(MigrationReasons.chinese("Activities have incompatible types (UserTaskActivityBehavior is not compatible with "
        + "ServiceTaskDelegateExpressionActivityBehavior)")).startsWith("新旧版本中该活动的类型不同");
    assertThat(MigrationReasons.chinese("The variable 'x' exists in both, this scope and concurrent local in the parent scope. "
        + "Migrating to a non-scope activity would overwrite one of them.")).isEqualTo("变量 x 同时存在于本活动和上层并行分支中，迁移后其中一个会被覆盖");
    assertThat(MigrationReasons.chinese("Something new")).isEqualTo("引擎报告的其他原因（原文）：Something new");
  }

  // --- helpers

  /** Executes the batch's jobs by hand (the test profile has no job executor) until it is done. */
  private void runBatch(String batchId) {
    for (int round = 0; round < 20; round++) {
      Batch batch = management.createBatchQuery().batchId(batchId).singleResult();
      if (batch == null) {
        return;
      }
      for (String definition : List.of(batch.getSeedJobDefinitionId(), batch.getBatchJobDefinitionId(), batch.getMonitorJobDefinitionId())) {
        for (Job job : management.createJobQuery().jobDefinitionId(definition).list()) {
          management.executeJob(job.getId());
        }
      }
    }
    throw new AssertionError("batch " + batchId + " did not finish");
  }

  /**
   * Deploys the latest deployment's files again with Task_VerifyComplaint renamed and, when asked, one
   * end event added (with its shape); answers the new version.
   */
  private int deployChangedCopy(ProcessDefinition base, boolean addElement) {
    Map<String, byte[]> files = resources(base.getDeploymentId());
    String xml = new String(files.get(base.getResourceName()), StandardCharsets.UTF_8);
    String task = "id=\"Task_VerifyComplaint\" name=\"核实投诉\"";
    assertThat(xml).contains(task);
    xml = xml.replace(task, "id=\"Task_VerifyComplaint\" name=\"" + RENAMED + "\"");
    if (addElement) {
      xml = xml.replace("</bpmn:process>", "  <bpmn:endEvent id=\"EndEvent_DiffAdded\" name=\"试行新增的结束\" />\n  </bpmn:process>")
          .replace("</bpmndi:BPMNPlane>", "  <bpmndi:BPMNShape id=\"EndEvent_DiffAdded_di\" bpmnElement=\"EndEvent_DiffAdded\">"
              + "<dc:Bounds x=\"2400\" y=\"1200\" width=\"36\" height=\"36\" /></bpmndi:BPMNShape>\n    </bpmndi:BPMNPlane>");
    }
    DeploymentBuilder builder = repository.createDeployment().nameFromDeployment(base.getDeploymentId()).source("test");
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      builder.addInputStream(file.getKey(), new ByteArrayInputStream(file.getKey().equals(base.getResourceName())
          ? xml.getBytes(StandardCharsets.UTF_8) : file.getValue()));
    }
    builder.deploy();
    ProcessDefinition latest = latest(PROCESS);
    assertThat(latest.getVersion()).isGreaterThan(base.getVersion());
    return latest.getVersion();
  }

  /** A test process: 第一步 (Task_DiagFirst, only when asked) then 第二步 (Task_DiagSecond), both for the office. */
  static String twoTasks(String key, boolean withFirst) {
    var builder = Bpmn.createExecutableProcess(key).name("版本测试流程").camundaHistoryTimeToLive(30).startEvent("StartEvent_Diag").name("开始");
    BpmnModelInstance model = (withFirst
        ? builder.userTask("Task_DiagFirst").name("第一步").camundaCandidateGroups("competition-office")
        .userTask("Task_DiagSecond").name("第二步").camundaCandidateGroups("competition-office")
        : builder.userTask("Task_DiagSecond").name("第二步").camundaCandidateGroups("competition-office"))
        .endEvent("EndEvent_Diag").name("结束").done();
    return Bpmn.convertToString(model);
  }

  private HttpResponse<String> upload(Map<String, String> files) {
    String boundary = "----diagrams" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    new LinkedHashMap<>(files).forEach((name, content) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
        + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n").getBytes(StandardCharsets.UTF_8)));
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return admin.send(admin.request("/admin/diagrams/upload").header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("X-CSRF-TOKEN", admin.csrfOf("/admin/diagrams"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  private String page(String path) {
    HttpResponse<String> response = admin.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  /** The table row of the page that names {@code text}. */
  private static String row(String html, String text) {
    int at = html.indexOf(text);
    assertThat(at).as("page names " + text).isGreaterThanOrEqualTo(0);
    int start = html.lastIndexOf("<tr", at);
    int end = html.indexOf("</tr>", at);
    return html.substring(start, end);
  }

  private ProcessDefinition latest(String key) {
    return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
  }

  private Map<String, byte[]> resources(String deploymentId) {
    Map<String, byte[]> files = new TreeMap<>();
    for (Resource r : repository.getDeploymentResources(deploymentId)) {
      try (InputStream in = repository.getResourceAsStream(deploymentId, r.getName())) {
        files.put(r.getName(), in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return files;
  }

  private static String suffix() {
    return Long.toString(System.nanoTime() % 100_000_000L, 36);
  }
}
