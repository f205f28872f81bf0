package org.servicestar.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.servicestar.engine.DiagramDeployer;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.Fixtures;
import org.servicestar.support.FixedWindows;
import org.servicestar.support.PostgresAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The production set-up on a real PostgreSQL 17 (embedded binaries from Maven Central): Flyway,
 * Camunda's schema, the deployment of diagrams and forms, master data and login, all together.
 *
 * <p>Run by failsafe in its own JVM: its engine is named "default" like the H2 test context's, and
 * Camunda's webapps and REST API find engines by name in a JVM-wide registry, so two cached Spring
 * contexts in one JVM would answer for each other; the browser tests (e2e) share this context
 * through {@link PostgresAppTest}.
 */
@PostgresAppTest
class PostgresIT {

  @LocalServerPort
  int port;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  DiagramDeployer deployer;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;

  @Test
  void theScorePagesReadTheBestTheLastAndAPageOfABigYear(@Autowired org.servicestar.scoring.ScoreBoard board) {
    org.servicestar.scoring.ScoreBoardGlance.check(jdbc, board, 2093, "pg-glance-");
  }

  @Test
  void runsOnPostgresWithFlywayAndCamundasSchema() {
    assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL 17");
    List<String> migrations = jdbc.sql("select version from servicestar_schema_history where success order by installed_rank")
        .query(String.class).list();
    assertThat(migrations).contains("1", "2");
    assertThat(jdbc.sql("select count(*) from information_schema.tables where table_name in ('unit', 'staff', 'campaign', 'audit_log', 'act_re_deployment', 'act_ru_task')")
        .query(Long.class).single()).isEqualTo(6);
    // security.AuthorizationUserIndexPlugin's, made after the engine created its tables (Flyway ran before)
    assertThat(jdbc.sql("select count(*) from pg_indexes where tablename = 'act_ru_authorization' and indexname = 'servicestar_idx_auth_user_id'")
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void createsNoDemoData() {
    assertThat(units.byCode("tax-hall")).isEmpty();
    assertThat(jdbc.sql("select count(*) from act_id_user where id_ = 'leader1'").query(Long.class).single()).isZero();
  }

  @Test
  void deploysDiagramsWithTheirFormsAndOnlyChangedOnesMakeANewVersion(@TempDir Path folder) throws IOException {
    for (String file : List.of("fixture-unit-task.bpmn", "fixture-work.form")) {
      Files.copy(Fixtures.deployFolder().resolve(file), folder.resolve(file));
    }
    deployer.deployAll(folder);
    int version = latestVersion();
    assertThat(deployer.deployAll(folder).deployed()).isEmpty();
    assertThat(latestVersion()).isEqualTo(version);

    Path bpmn = folder.resolve("fixture-unit-task.bpmn");
    Files.writeString(bpmn, Files.readString(bpmn).replace("单位办理", "单位办理（改）"));
    assertThat(deployer.deployAll(folder).deployed()).containsExactly("bpmn/fixture-unit-task.bpmn");
    assertThat(latestVersion()).isEqualTo(version + 1);
    String deploymentId = repositoryService.createProcessDefinitionQuery().processDefinitionKey("FixtureUnitTask")
        .latestVersion().singleResult().getDeploymentId();
    assertThat(repositoryService.getDeploymentResourceNames(deploymentId))
        .containsExactlyInAnyOrder("bpmn/fixture-unit-task.bpmn", "forms/fixture-work.form");
  }

  private int latestVersion() {
    return repositoryService.createProcessDefinitionQuery().processDefinitionKey("FixtureUnitTask").latestVersion()
        .singleResult().getVersion();
  }

  @Test
  void keepsMasterDataAndRefusesDuplicates() {
    units.create(new UnitService.UnitDraft("pg-dept", "测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("pg-hall", "测试大厅", UnitType.HALL, "pg-dept"));
    staff.create(new StaffService.StaffDraft("pg-hall", "王小明", "PG-001", true, "受理员"));
    assertThatThrownBy(() -> units.create(new UnitService.UnitDraft("pg-hall", "重复", UnitType.HALL, "pg-dept")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("已被使用");
    assertThat(jdbc.sql("select count(*) from act_id_group where id_ = 'unit-pg-hall'").query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aComplaintGoesFromTheApiToClosureThroughTheRealUsersTasks() {
    units.create(new UnitService.UnitDraft("e2e-dept", "端到端测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("e2e-hall", "端到端大厅", UnitType.HALL, "e2e-dept"));
    unitGroups.createLead("e2e-hall", "lead-e2e", "大厅负责人", "lead-secret-1");
    identity.ensureUser("office-e2e", "办公室", "端到端", "office-secret-1");
    identity.ensureMembership("office-e2e", Groups.OFFICE);
    identity.ensureUser("inspector-e2e", "督查", "端到端", "inspector-secret-1");
    identity.ensureMembership("inspector-e2e", Groups.INSPECTORS);

    WebClient citizen = new WebClient(port);
    HttpResponse<String> received = citizen.send(citizen.request("/api/complaints").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"unitCode\":\"e2e-hall\",\"channel\":\"ONLINE\",\"content\":\"工作人员态度恶劣，拒绝解释\",\"contactPhone\":\"13800000001\"}")));
    assertThat(received.statusCode()).as(received.body()).isEqualTo(201);
    String number = received.body().replaceAll(".*\"number\":\"([^\"]+)\".*", "$1");

    WebClient office = new WebClient(port).basic("office-e2e", "office-secret-1");
    WebClient inspector = new WebClient(port).basic("inspector-e2e", "inspector-secret-1");
    WebClient lead = new WebClient(port).basic("lead-e2e", "lead-secret-1");

    work(office, "office-e2e", "processInstanceBusinessKey=" + number + "&taskDefinitionKey=Task_TriageComplaint",
        "{\"triageOutcome\":{\"value\":\"ACCEPT\"}}");
    work(inspector, "inspector-e2e", "processInstanceBusinessKey=" + number + "&taskDefinitionKey=Task_VerifyComplaint",
        "{\"substantiated\":{\"value\":true},\"category\":{\"value\":\"ATTITUDE\"},\"severity\":{\"value\":\"HIGH\"},"
            + "\"findings\":{\"value\":\"调取录像，属实\"}}");
    assertThat(jdbc.sql("select count(*) from veto_record where unit_code = 'e2e-hall' and clause = 3 and status = 'PENDING'")
        .query(Long.class).single()).isEqualTo(1);

    work(lead, "lead-e2e", "taskDefinitionKey=Task_Rectify&candidateGroup=unit-e2e-hall",
        "{\"rectificationCause\":{\"value\":\"服务意识淡薄\"},\"rectificationMeasures\":{\"value\":\"约谈当事人，全员培训\"},"
            + "\"rectificationCompletedOn\":{\"value\":\"2026-11-20\"},\"extensionRequested\":{\"value\":false}}");
    work(inspector, "inspector-e2e", "taskDefinitionKey=Task_AcceptRectification",
        "{\"rectificationAccepted\":{\"value\":true},\"acceptanceComment\":{\"value\":\"现场复查到位\"}}");
    work(office, "office-e2e", "processInstanceBusinessKey=" + number + "&taskDefinitionKey=Task_ReturnVisit",
        "{\"satisfaction\":{\"value\":\"SATISFIED\"}}");

    assertThat(jdbc.sql("select status from complaint where number = ?").param(number).query(String.class).single()).isEqualTo("CLOSED");
    assertThat(jdbc.sql("select kind from complaint_event e join complaint c on c.id = e.complaint_id where c.number = ? order by e.id")
        .param(number).query(String.class).list())
        .containsSubsequence("RECEIVED", "ACCEPTED", "SUBSTANTIATED", "VETO_CHECKED", "RECTIFICATION_STARTED", "RECTIFICATION_DONE",
            "RETURN_VISIT", "CLOSED");
    WebClient officeBrowser = new WebClient(port);
    officeBrowser.login("office-e2e", "office-secret-1");
    assertThat(officeBrowser.get("/complaints/" + number).body()).contains("已办结").contains("核实投诉").contains("13800000001");
    String rectification = jdbc.sql("select text_ from act_hi_varinst where name_ = 'rectificationNumber' and proc_inst_id_ ="
        + " (select process_instance_id from complaint where number = ?)").param(number).query(String.class).single();
    assertThat(rectification).matches("ZG-\\d{4}-\\d{6}");
    // The rectification ledger: who did what, in order (the inspector whose verdict opened it), ending accepted.
    assertThat(jdbc.sql("select e.kind || ':' || e.actor from rectification_event e join rectification r on r.id = e.rectification_id"
            + " where r.number = ? order by e.id").param(rectification).query(String.class).list())
        .containsSubsequence("OPENED:inspector-e2e", "DUE_DATE_SET:inspector-e2e", "SUBMITTED:lead-e2e", "ACCEPTED:inspector-e2e");
    assertThat(jdbc.sql("select status from rectification where number = ?").param(rectification).query(String.class).single())
        .isEqualTo("ACCEPTED");
    assertThat(officeBrowser.get("/rectifications/" + rectification).body()).contains("验收通过").contains("约谈当事人");
  }

  /** As the user: finds their one task by the query, claims it and completes it with the variables. */
  private static void work(WebClient client, String userId, String query, String variables) {
    HttpResponse<String> found = client.getJson("/engine-rest/task?" + query);
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    String taskId = found.body().replaceAll("(?s)^\\[\\{\"id\":\"([^\"]+)\".*", "$1");
    assertThat(taskId).as("one task for " + userId + " with " + query + ": " + found.body()).doesNotStartWith("[");
    assertThat(client.postJson("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"" + userId + "\"}").statusCode()).isEqualTo(204);
    HttpResponse<String> done = client.postJson("/engine-rest/task/" + taskId + "/complete", "{\"variables\":" + variables + "}");
    assertThat(done.statusCode()).as(done.body()).isIn(200, 204);
  }

  @Autowired
  org.springframework.context.ApplicationContext context;

  @Test
  void aBatchOfAThousandMixedRatingsStoresExactlyTheGoodOnes() throws Exception {
    org.servicestar.rating.RatingsOnPostgres.aThousandMixedRatingsInOneBatch(context, port);
  }

  @Test
  void theSameRatingsSentTwiceAtOnceAreStoredOnce() throws Exception {
    org.servicestar.rating.RatingsOnPostgres.theSameBatchSentTwiceAtOnceIsStoredOnce(context, port);
  }

  @Test
  void aSmallYearRunsFromItsStartToPublishedAwardsWithTheRealUsers() throws Exception {
    org.servicestar.campaign.CompetitionYearOnPostgres.aSmallYearFromStartToPublishedAwards(context, port);
  }

  @Test
  void theAdministratorFromTheEnvironmentLogsIn() {
    WebClient admin = new WebClient(port);
    assertThat(admin.login("admin", "test-admin-secret").headers().firstValue("Location").orElseThrow()).endsWith("/");
    assertThat(admin.get("/admin").statusCode()).isEqualTo(200);
    assertThat(new WebClient(port).basic("admin", "test-admin-secret").getJson("/engine-rest/deployment").statusCode()).isEqualTo(200);
  }

  @Test
  void keepsEmojiAndRareCharactersRefusesANulAndThrottlesLoginsOnPostgres() {
    units.create(new UnitService.UnitDraft("pg-utf-dept", "四字节测试局", UnitType.DEPARTMENT, null));
    String content = "办事员态度差 😀𠀀𪚥 <script>alert(1)</script>";
    WebClient citizen = new WebClient(port);
    HttpResponse<String> received = citizen.postJson("/api/complaints",
        "{\"unitCode\":\"pg-utf-dept\",\"channel\":\"ONLINE\",\"content\":\"" + content + "\",\"contactName\":\"张𪚥\"}");
    assertThat(received.statusCode()).as(received.body()).isEqualTo(201);
    String number = received.body().replaceAll(".*\"number\":\"([^\"]+)\".*", "$1");
    assertThat(jdbc.sql("select content || '|' || contact_name from complaint where number = ?").param(number).query(String.class).single())
        .isEqualTo(content + "|张𪚥");
    long before = jdbc.sql("select count(*) from complaint").query(Long.class).single();
    HttpResponse<String> nul = citizen.postJson("/api/complaints",
        "{\"unitCode\":\"pg-utf-dept\",\"channel\":\"ONLINE\",\"content\":\"a\\u0000b\"}");
    assertThat(nul.statusCode()).as(nul.body()).isEqualTo(400);
    assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(before);

    identity.ensureUser("pg-throttled", "节流", "测试", "pg-secret-1");
    WebClient guesser = new WebClient(port);
    for (int i = 0; i < 5; i++) {
      assertThat(guesser.login("pg-throttled", "guess-" + i).headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
    }
    assertThat(guesser.login("pg-throttled", "pg-secret-1").headers().firstValue("Location").orElseThrow()).endsWith("/login?locked");
  }

  @Test
  void aPhonesComplaintsAreLimitedAcrossAddressesOnPostgres() {
    units.create(new UnitService.UnitDraft("pg-phone-dept", "限流测试局", UnitType.DEPARTMENT, null));
    AtomicInteger run = new AtomicInteger();
    FixedWindows.withinOne(Duration.ofHours(1), () -> {
      String phone = "1370000" + String.format("%04d", run.incrementAndGet());
      String body = "{\"unitCode\":\"pg-phone-dept\",\"channel\":\"ONLINE\",\"content\":\"窗口无人\",\"contactPhone\":\"" + phone + "\"}";
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> accepted = new WebClient(port).header("X-Forwarded-For", "203.0.113." + (run.get() * 10 + i))
            .postJson("/api/complaints", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
      }
      long before = jdbc.sql("select count(*) from complaint").query(Long.class).single();
      HttpResponse<String> refused = new WebClient(port).header("X-Forwarded-For", "203.0.113.250").postJson("/api/complaints", body);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
      assertThat(refused.body()).contains("同一联系电话每小时最多提交 5 件投诉");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(before);
      assertThat(jdbc.sql("select sum(hits) from public_form_hit where kind = 'COMPLAINT_PHONE' and hit_key = ?").param(phone)
          .query(Long.class).single()).isEqualTo(5);
    });
  }

  /** PostgreSQL's varchar(n) counts characters as the app's limits do (web.TextLimits): n 𪚥 or emoji fit, n + 1 do not. */
  @Test
  void textsAtTheirLimitInRareCharactersAreStoredOnPostgres() {
    String rare = "𪚥";
    units.create(new UnitService.UnitDraft("pg-limit-dept", rare.repeat(200), UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("pg-limit-hall", "字数大厅", UnitType.HALL, "pg-limit-dept"));
    units.create(new UnitService.UnitDraft("pg-limit-w1", "字数窗口", UnitType.WINDOW, "pg-limit-hall"));
    assertThat(jdbc.sql("select name from unit where code = 'pg-limit-dept'").query(String.class).single()).isEqualTo(rare.repeat(200));
    staff.create(new StaffService.StaffDraft("pg-limit-w1", rare.repeat(100), "PG-LIMIT-1", false, "😀".repeat(100)));
    assertThat(jdbc.sql("select name || '|' || position from staff where badge_no = 'PG-LIMIT-1'").query(String.class).single())
        .isEqualTo(rare.repeat(100) + "|" + "😀".repeat(100));

    HttpResponse<String> complaint = new WebClient(port).postJson("/api/complaints", "{\"unitCode\":\"pg-limit-w1\",\"channel\":\"ONLINE\","
        + "\"content\":\"" + "😀".repeat(2000) + "\",\"contactName\":\"" + rare.repeat(50) + "\"}");
    assertThat(complaint.statusCode()).as(complaint.body()).isEqualTo(201);
    HttpResponse<String> over = new WebClient(port).postJson("/api/complaints",
        "{\"unitCode\":\"pg-limit-w1\",\"channel\":\"ONLINE\",\"content\":\"" + "😀".repeat(2001) + "\"}");
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(over.body()).contains("投诉内容最长 2000 字，现有 2001 字");

    identity.ensureUser("pg-limit-office", "办公室", "字数", "pg-secret-1");
    identity.ensureMembership("pg-limit-office", Groups.OFFICE);
    WebClient office = new WebClient(port);
    office.login("pg-limit-office", "pg-secret-1");
    String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
    HttpResponse<String> rating = office.postJson("/api/ratings", "{\"unitCode\":\"pg-limit-w1\",\"level\":4,\"channel\":\"FORM\","
        + "\"ratedAt\":\"" + today + "\",\"clientRef\":\"pg-limit-1\",\"comment\":\"" + rare.repeat(500) + "\"}");
    assertThat(rating.statusCode()).as(rating.body()).isEqualTo(201);
    assertThat(jdbc.sql("select comment from rating where client_ref = 'pg-limit-1'").query(String.class).single()).isEqualTo(rare.repeat(500));

    // The database itself: varchar(500) took 500 characters of two UTF-16 units each, and refuses 501.
    assertThatThrownBy(() -> jdbc.sql("update rating set comment = ? where client_ref = 'pg-limit-1'").param(rare.repeat(501)).update())
        .hasMessageContaining("value too long");
  }

  /** Issue 17's two tries from Modeler on PostgreSQL: a broken ComplaintHandling is refused, the unchanged one alone keeps its forms. */
  @Test
  void aBrokenDiagramFromModelerIsRefusedAndTheDiagramAloneKeepsItsForms() throws IOException {
    String shipped = Files.readString(Path.of("bpmn", "complaint-handling.bpmn"));
    String before = latestComplaintHandling();
    HttpResponse<String> refused = deployAsModeler(shipped.replace("${registerComplaintDelegate}", "${registerComplaintDelegat}")
        .replace("Task_VerifyComplaint", "Task_CheckComplaint"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("DeploymentRefused").contains("registerComplaintDelegat").contains("Task_VerifyComplaint");
    assertThat(latestComplaintHandling()).isEqualTo(before);
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'DEPLOYMENT_REFUSED' and subject = 'ComplaintHandling'")
        .query(Long.class).single()).isPositive();

    HttpResponse<String> accepted = deployAsModeler(shipped);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    String deploymentId = repositoryService.getProcessDefinition(latestComplaintHandling()).getDeploymentId();
    try {
      assertThat(repositoryService.getDeploymentResourceNames(deploymentId))
          .contains("complaint-handling.bpmn", "forms/complaint-triage.form", "forms/complaint-start.form");
    } finally {
      repositoryService.deleteDeployment(deploymentId, true);
    }
  }

  private String latestComplaintHandling() {
    return repositoryService.createProcessDefinitionQuery().processDefinitionKey("ComplaintHandling").latestVersion().singleResult().getId();
  }

  private HttpResponse<String> deployAsModeler(String bpmn) {
    String boundary = "----modeler" + java.util.UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    for (String[] field : List.of(new String[] {"deployment-name", "pg-complaint-handling"}, new String[] {"deploy-changed-only", "true"})) {
      body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field[0]).append("\"\r\n\r\n")
          .append(field[1]).append("\r\n");
    }
    body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"data\"; filename=\"complaint-handling.bpmn\"\r\n")
        .append("Content-Type: application/octet-stream\r\n\r\n").append(bpmn).append("\r\n--").append(boundary).append("--\r\n");
    WebClient modeler = new WebClient(port).basic("admin", "test-admin-secret");
    return modeler.send(modeler.request("/engine-rest/deployment/create")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), java.nio.charset.StandardCharsets.UTF_8)));
  }
}
