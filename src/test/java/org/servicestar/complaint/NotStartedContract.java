package org.servicestar.complaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.Polling;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 17, part 4: while the engine cannot start ComplaintHandling, a bad review and a public complaint
 * are stored, acknowledged (201, the usual body, no engine text) and marked NOT_STARTED; the office is
 * mailed once; after a good deployment each becomes a complaint with exactly one running process, and
 * a second retry does nothing. The engine's refusal is real: the definition is suspended, so
 * {@code startProcessInstanceByKey} fails inside the engine exactly where a broken diagram's start fails
 * (the deploy-time contract check would refuse a broken copy of complaint-handling.bpmn itself).
 * Run on H2 ({@link NotStartedIntakeTest}) and PostgreSQL ({@link NotStartedIntakePostgresIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NotStartedContract {

  private static final String PASSWORD = "not-started-secret-1";
  private static final String OFFICE = "office-ns";
  private static final ObjectMapper JSON = new ObjectMapper();

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
  TaskService taskService;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  ComplaintService complaintService;
  @Autowired
  ComplaintStartRetry retry;
  @Autowired
  StartOutage outage;

  @BeforeAll
  void aWindowAnOfficeMemberWithAnAddressAndALead() {
    units.create(new UnitService.UnitDraft("ns-dept", "流程未启动测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("ns-hall", "流程未启动测试大厅", UnitType.HALL, "ns-dept"));
    units.create(new UnitService.UnitDraft("ns-w1", "流程未启动测试窗口", UnitType.WINDOW, "ns-hall"));
    identity.ensureUser(OFFICE, "办公室", "值班", PASSWORD, "office-ns@example.org");
    identity.ensureMembership(OFFICE, Groups.OFFICE);
    unitGroups.createLead("ns-hall", "lead-ns-hall", "大厅负责人", PASSWORD);
  }

  /** Every test begins with the engine able to start and no complaint waiting (nor an outage open). */
  @BeforeEach
  @AfterEach
  void engineWorks() {
    repositoryService.activateProcessDefinitionByKey(ComplaintHandlingIds.PROCESS);
    retry.retryNow();
    assertThat(complaintService.notStartedCount()).isZero();
    assertThat(outage.current()).isEmpty();
  }

  private void engineRefusesToStartComplaints() {
    repositoryService.suspendProcessDefinitionByKey(ComplaintHandlingIds.PROCESS);
  }

  @Test
  void aBadReviewAndAComplaintAreKeptAcknowledgedAndStartedOnceWhenTheDiagramIsGoodAgain() throws Exception {
    long alertsBefore = alertsToTheOffice();
    engineRefusesToStartComplaints();

    // A level-1 rating and a public complaint: both acknowledged as usual, with their numbers.
    String ref = ref();
    HttpResponse<String> rated = new WebClient(port).postJson("/api/ratings", """
        {"unitCode":"ns-w1","level":1,"channel":"ONLINE","comment":"窗口无人","contactPhone":"13900001111",
         "deviceToken":"ns-device-%s","clientRef":"ns-rating-%s"}""".formatted(ref, ref));
    assertThat(rated.statusCode()).as(rated.body()).isEqualTo(201);
    JsonNode rating = JSON.readTree(rated.body());
    assertThat(rating.get("status").asText()).isEqualTo("ACCEPTED");
    String fromRating = rating.get("complaintNumber").asText();
    assertThat(fromRating).matches("TS-\\d{4}-\\d{6}");

    HttpResponse<String> complained = new WebClient(port).postJson("/api/complaints", """
        {"unitCode":"ns-hall","channel":"ONLINE","content":"办事指南与窗口要求不一致","contactName":"钱先生"}""");
    assertThat(complained.statusCode()).as(complained.body()).isEqualTo(201);
    JsonNode complaint = JSON.readTree(complained.body());
    assertThat(complaint.get("duplicate").asBoolean()).isFalse();
    assertThat(complaint.get("message").asText()).isEqualTo("投诉已受理登记，请记下编号以便查询");
    String fromPublic = complaint.get("number").asText();
    assertThat(fromPublic).matches("TS-\\d{4}-\\d{6}");

    // The public never sees the engine's words.
    for (HttpResponse<String> answer : List.of(rated, complained)) {
      assertThat(answer.body()).doesNotContainIgnoringCase("engine").doesNotContainIgnoringCase("suspend")
          .doesNotContain("Exception").doesNotContain(ComplaintHandlingIds.PROCESS).doesNotContain("流程");
    }

    // Stored, marked NOT_STARTED with the engine's reason, without a process.
    long ratingId = rating.get("id").asLong();
    assertThat(jdbc.sql("select complaint_number from rating where id = ?").param(ratingId).query(String.class).single())
        .isEqualTo(fromRating);
    for (String number : List.of(fromRating, fromPublic)) {
      Complaint stored = complaintService.require(number);
      assertThat(stored.status()).isEqualTo(ComplaintStatus.NOT_STARTED.name());
      assertThat(stored.processInstanceId()).isNull();
      assertThat(failureOf(number)).containsIgnoringCase("suspended");
      assertThat(processesOf(number)).isZero();
    }
    assertThat(complaintService.require(fromRating).ratingId()).isEqualTo(ratingId);
    assertThat(complaintService.notStarted()).extracting(ComplaintService.NotStarted::number).containsExactly(fromRating, fromPublic);
    assertThatThrownBy(() -> complaintService.appeal(fromRating, "NS-1", "不是我的窗口"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("尚未启动");

    // The office: one mail for the outage, not one per complaint; audited.
    assertThat(alertsToTheOffice()).isEqualTo(alertsBefore + 1);
    assertThat(outage.current()).get().extracting(StartOutage.Outage::firstNumber).isEqualTo(fromRating);
    assertThat(audited("COMPLAINT_START_OUTAGE", ComplaintHandlingIds.PROCESS)).isGreaterThanOrEqualTo(1);

    // A retry while the engine still refuses: stops at the first, fails it again, audited, no second mail.
    ComplaintStartRetry.Run stillBroken = retry.retryNow();
    assertThat(stillBroken.started()).isZero();
    assertThat(stillBroken.failed()).isEqualTo(1);
    assertThat(stillBroken.waiting()).isEqualTo(2);
    assertThat(attemptsOf(fromRating)).isGreaterThanOrEqualTo(2);
    assertThat(audited("COMPLAINT_PROCESS_START_FAILED", fromRating)).isGreaterThanOrEqualTo(1);
    assertThat(alertsToTheOffice()).isEqualTo(alertsBefore + 1);

    // Shown with the reason to the office (dashboard) and administrators (/admin); not to a unit's lead.
    WebClient office = new WebClient(port);
    office.login(OFFICE, PASSWORD);
    assertThat(office.get("/dashboard").body()).contains("id=\"not-started\"", fromRating, fromPublic, "suspended");
    WebClient admin = new WebClient(port);
    admin.login("admin", "test-admin-secret");
    assertThat(admin.get("/admin").body()).contains("办理流程未启动的投诉", fromRating, fromPublic, "suspended");
    WebClient lead = new WebClient(port);
    lead.login("lead-ns-hall", PASSWORD);
    assertThat(lead.get("/dashboard").body()).doesNotContain("id=\"not-started\"").doesNotContain("suspended");

    // The failure is gone and a deployment is made: each complaint gets its process, exactly once.
    repositoryService.activateProcessDefinitionByKey(ComplaintHandlingIds.PROCESS);
    repositoryService.createDeployment().name("not-started-probe").addModelInstance("not-started-probe.bpmn",
        Bpmn.createExecutableProcess("NotStartedProbe").camundaHistoryTimeToLive(1).startEvent().endEvent().done()).deploy();
    Polling.until("both complaints started after the deployment", Duration.ofSeconds(60),
        () -> complaintService.notStartedCount() == 0);
    for (String number : List.of(fromRating, fromPublic)) {
      Complaint started = complaintService.require(number);
      assertThat(started.status()).isEqualTo(ComplaintStatus.RECEIVED.name());
      assertThat(processesOf(number)).isEqualTo(1);
      assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(number).singleResult().getId())
          .isEqualTo(started.processInstanceId());
      assertThat(taskService.createTaskQuery().processInstanceBusinessKey(number)
          .taskDefinitionKey(ComplaintHandlingIds.Tasks.TRIAGE).count()).isEqualTo(1);
      assertThat(audited("COMPLAINT_PROCESS_STARTED", number)).isEqualTo(1);
    }
    assertThat(runtimeService.getVariable(complaintService.require(fromRating).processInstanceId(), "realNameReview")).isEqualTo(true);
    assertThat(runtimeService.getVariable(complaintService.require(fromPublic).processInstanceId(), "realNameReview")).isEqualTo(false);
    Polling.until("the outage is over", Duration.ofSeconds(30), () -> outage.current().isEmpty());

    // A second retry does nothing; the office got one mail in all.
    assertThat(retry.retryNow()).isEqualTo(new ComplaintStartRetry.Run(0, 0, 0));
    for (String number : List.of(fromRating, fromPublic)) {
      assertThat(processesOf(number)).isEqualTo(1);
    }
    assertThat(alertsToTheOffice()).isEqualTo(alertsBefore + 1);
    assertThat(office.get("/dashboard").body()).doesNotContain("id=\"not-started\"");
  }

  @Test
  void twoNodesRetryingAtOnceStartEachComplaintOnce() throws Exception {
    engineRefusesToStartComplaints();
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      numbers.add(complaintService.submit(new ComplaintService.Submission("ns-hall", "LETTER", "来信第 " + i + " 封", null, null,
          null)).number());
    }
    assertThat(complaintService.notStartedCount()).isEqualTo(8);
    repositoryService.activateProcessDefinitionByKey(ComplaintHandlingIds.PROCESS);

    // Two retries at the same moment, each on its own thread, connections and transactions (as two nodes).
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ComplaintStartRetry.Run>> runs = new ArrayList<>();
      for (int node = 0; node < 2; node++) {
        runs.add(nodes.submit(() -> {
          go.await();
          return retry.retryNow();
        }));
      }
      go.countDown();
      int started = 0;
      for (Future<ComplaintStartRetry.Run> run : runs) {
        ComplaintStartRetry.Run done = run.get(120, TimeUnit.SECONDS);
        assertThat(done.failed()).isZero();
        started += done.started();
      }
      assertThat(started).as("this node's background retry may have taken some").isLessThanOrEqualTo(8);
    } finally {
      nodes.shutdownNow();
    }
    for (String number : numbers) {
      assertThat(processesOf(number)).as(number).isEqualTo(1);
      assertThat(complaintService.require(number).status()).isEqualTo(ComplaintStatus.RECEIVED.name());
      assertThat(audited("COMPLAINT_PROCESS_STARTED", number)).as(number).isEqualTo(1);
    }
    assertThat(complaintService.notStartedCount()).isZero();
  }

  private static String ref() {
    return Long.toString(System.nanoTime(), 36);
  }

  private long alertsToTheOffice() {
    return jdbc.sql("select count(*) from mail_outbox where kind = 'ALERT' and recipient_user = ?").param(OFFICE)
        .query(Long.class).single();
  }

  private long processesOf(String number) {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey(ComplaintHandlingIds.PROCESS)
        .processInstanceBusinessKey(number).count();
  }

  private String failureOf(String number) {
    return jdbc.sql("select start_failure from complaint where number = ?").param(number).query(String.class).single();
  }

  private int attemptsOf(String number) {
    return jdbc.sql("select start_attempts from complaint where number = ?").param(number).query(Integer.class).single();
  }

  private long audited(String action, String subject) {
    return jdbc.sql("select count(*) from audit_log where action = ? and subject = ?").params(action, subject)
        .query(Long.class).single();
  }
}
