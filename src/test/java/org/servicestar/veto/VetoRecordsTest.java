package org.servicestar.veto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Veto records on the whole app: the rules, the race of two reports, the delegate in a process, and the page. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VetoRecordsTest {

  private static final String PASSWORD = "veto-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  VetoRecords vetoes;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  AuditTrail audit;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  PlatformTransactionManager transactions;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  org.camunda.bpm.engine.TaskService taskService;
  @Autowired
  org.camunda.bpm.engine.IdentityService identityService;

  @BeforeAll
  void unitsAndPeople() {
    units.create(new UnitService.UnitDraft("vt-dept", "否决测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("vt-hall", "否决测试大厅", UnitType.HALL, "vt-dept"));
    units.create(new UnitService.UnitDraft("vt-w01", "否决测试一号窗口", UnitType.WINDOW, "vt-hall"));
    unitGroups.createLead("vt-w01", "lead-vt-w01", "窗口负责人", PASSWORD);
    person("leader-vt", Groups.LEADING_GROUP);
    person("office-vt", Groups.OFFICE);
    person("inspector-vt", Groups.INSPECTORS);
  }

  private void person(String userId, String group) {
    identity.ensureUser(userId, userId, "测试", PASSWORD);
    identity.ensureMembership(userId, group);
  }

  @Test
  void theSameFactIsRecordedOnceAndAudited() {
    VetoRecord first = vetoes.record("vt-hall", 3, VetoSourceType.COMPLAINT, "TS-2026-900001", "态度生硬，经查属实");
    VetoRecord again = vetoes.record("vt-hall", 3, "complaint", " TS-2026-900001 ", "再次上报");

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.evidence()).isEqualTo("态度生硬，经查属实");
    assertThat(first.status()).isEqualTo(VetoStatus.PENDING);
    assertThat(first.clauseInfo()).isEqualTo(VetoClause.HOSTILE_SERVICE);
    assertThat(first.sourcePage()).isEqualTo("/complaints/TS-2026-900001");
    assertThat(count("vt-hall", "TS-2026-900001")).isEqualTo(1);
    assertThat(audit.of(VetoRecords.subject(first.id()), 10)).extracting(AuditTrail.Entry::action).filteredOn("VETO_RECORDED"::equals).hasSize(1);

    VetoRecord otherClause = vetoes.record("vt-hall", 5, VetoSourceType.COMPLAINT, "TS-2026-900001", "超时办结");
    assertThat(otherClause.id()).as("another clause is another fact").isNotEqualTo(first.id());
    assertThat(vetoes.ofSource(VetoSourceType.COMPLAINT, "TS-2026-900001")).extracting(VetoRecord::clause).containsExactly(3, 5);
  }

  @Test
  void twoReportsAtTheSameMomentMakeOneRecord() throws Exception {
    TransactionTemplate tx = new TransactionTemplate(transactions);
    CountDownLatch bothInTransaction = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<VetoRecord>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        results.add(pool.submit(() -> tx.execute(status -> {
          bothInTransaction.countDown();
          await(bothInTransaction);
          return vetoes.record("vt-w01", 4, VetoSourceType.RECTIFICATION, "ZG-2026-900002", "第二次验收不到位");
        })));
      }
      long a = results.get(0).get(30, TimeUnit.SECONDS).id();
      long b = results.get(1).get(30, TimeUnit.SECONDS).id();
      assertThat(a).isEqualTo(b);
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("vt-w01", "ZG-2026-900002")).isEqualTo(1);
  }

  @Test
  void badFactsAreRefusedWithTheField() {
    assertThatThrownBy(() -> vetoes.record("vt-hall", 7, VetoSourceType.INSPECTION, "JC-2026-000001", null))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("clause"));
    assertThatThrownBy(() -> vetoes.record("nowhere", 1, VetoSourceType.INSPECTION, "JC-2026-000001", null))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("unitCode"));
    assertThatThrownBy(() -> vetoes.record("vt-hall", 1, "RUMOUR", "X-1", null))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("sourceType"));
    assertThatThrownBy(() -> vetoes.record("vt-hall", 1, VetoSourceType.INSPECTION, " ", null))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("sourceId"));
    assertThat(vetoes.ofSource(VetoSourceType.INSPECTION, "JC-2026-000001")).isEmpty();
  }

  @Test
  void theLeadingGroupConfirmsOrAnnulsOncePendingRecordsWithAReason() {
    VetoRecord record = vetoes.record("vt-hall", 6, VetoSourceType.INSPECTION, "JC-2026-900003", "暗访中严重影响形象");
    assertThatThrownBy(() -> vetoes.decide(record.id(), VetoStatus.CONFIRMED, "  ", "leader-vt")).hasMessageContaining("理由");
    assertThat(vetoes.require(record.id()).status()).isEqualTo(VetoStatus.PENDING);

    VetoRecord confirmed = vetoes.decide(record.id(), VetoStatus.CONFIRMED, "经领导小组会议研究确认", "leader-vt");
    assertThat(confirmed.status()).isEqualTo(VetoStatus.CONFIRMED);
    assertThat(confirmed.ruledAt()).isNotNull();
    assertThat(confirmed.rulingReason()).isEqualTo("经领导小组会议研究确认");
    assertThat(vetoes.confirmedOf("vt-hall")).extracting(VetoRecord::id).contains(record.id());
    assertThatThrownBy(() -> vetoes.decide(record.id(), VetoStatus.ANNULLED, "改变主意", "leader-vt")).hasMessageContaining("不能再次裁定");
    assertThat(vetoes.require(record.id()).status()).isEqualTo(VetoStatus.CONFIRMED);

    VetoRecord other = vetoes.record("vt-hall", 1, VetoSourceType.OBJECTION, "YY-2026-000001", "公示异议");
    assertThat(vetoes.decide(other.id(), VetoStatus.ANNULLED, "经核实不属实", "leader-vt").status()).isEqualTo(VetoStatus.ANNULLED);
    assertThat(vetoes.confirmedOf("vt-hall")).extracting(VetoRecord::id).doesNotContain(other.id());
    assertThat(audit.of(VetoRecords.subject(record.id()), 10)).extracting(AuditTrail.Entry::action)
        .containsExactly("VETO_CONFIRMED", "VETO_RULING_OPENED", "VETO_RECORDED");
  }

  @Test
  void theDelegateRecordsFromProcessVariablesOnce() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("VetoDelegateFixture").camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("Task_RecordVeto").camundaDelegateExpression("${recordVetoDelegate}")
        .serviceTask("Task_RecordVetoAgain").camundaDelegateExpression("${recordVetoDelegate}")
        .endEvent().done();
    repositoryService.createDeployment().addModelInstance("veto-delegate-fixture.bpmn", model).deploy();

    runtimeService.startProcessInstanceByKey("VetoDelegateFixture", Map.of("unitCode", "vt-w01", "vetoClause", 3L,
        "vetoSourceType", "COMPLAINT", "vetoSourceId", "TS-2026-900004", "vetoEvidence", "服务对象投诉属实"));

    assertThat(vetoes.ofSource(VetoSourceType.COMPLAINT, "TS-2026-900004")).singleElement().satisfies(r -> {
      assertThat(r.unitCode()).isEqualTo("vt-w01");
      assertThat(r.clause()).isEqualTo(3);
      assertThat(r.evidence()).isEqualTo("服务对象投诉属实");
      assertThat(r.status()).isEqualTo(VetoStatus.PENDING);
    });
    assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey("VetoDelegateFixture", Map.of("unitCode", "vt-w01",
        "vetoSourceType", "COMPLAINT", "vetoSourceId", "TS-2026-900005"))).hasMessageContaining("vetoClause");
    assertThat(vetoes.ofSource(VetoSourceType.COMPLAINT, "TS-2026-900005")).isEmpty();
  }

  @Test
  void aPendingVetoIsRuledByTheLeadingGroupInTasklistAtEveryDoorAndThePageShowsTheVotes() {
    VetoRecord record = vetoes.record("vt-w01", 4, VetoSourceType.RECTIFICATION, "ZG-2026-900006", "<script>alert(1)</script> 逾期未整改");
    assertThat(record.rulingProcessId()).as("the ruling starts with the record").isNotNull();
    List<Task> ballots = taskService.createTaskQuery().processInstanceBusinessKey(VetoRulingIds.businessKey(record.id())).list();
    List<String> members = identity.membersOf(Groups.LEADING_GROUP).stream().map(u -> u.getId()).toList();
    assertThat(ballots).extracting(Task::getAssignee).containsExactlyInAnyOrderElementsOf(members);
    assertThat(ballots).extracting(Task::getTaskDefinitionKey).containsOnly(VetoRulingIds.Tasks.RULE_ON_VETO);
    assertThat(ballots).allSatisfy(t -> assertThat(t.getDueDate()).isNotNull());
    assertThat(vetoes.startRuling(record.id())).as("one ruling per record").isFalse();

    WebClient office = new WebClient(port);
    office.login("office-vt", PASSWORD);
    String page = office.get("/vetoes?unit=vt-w01").body();
    assertThat(page).contains("ZG-2026-900006").contains("第4项 整改不力").contains("对机关、企业、群众提出的问题未整改或整改不及时、不到位的")
        .contains("href=\"/rectifications/ZG-2026-900006\"").contains("&lt;script&gt;").doesNotContain("<script>alert(1)")
        .contains("第 1 轮表决中").doesNotContain("确认否决</button>");

    WebClient lead = new WebClient(port);
    lead.login("lead-vt-w01", PASSWORD);
    assertThat(lead.get("/vetoes").statusCode()).isEqualTo(403);
    assertThat(lead.get("/vetoes/" + record.id()).statusCode()).isEqualTo(403);

    // /engine-rest: a member completes only their own ballot, with a ruling and a reason
    WebClient leaderRest = new WebClient(port).basic("leader-vt", PASSWORD);
    Task own = ballots.stream().filter(t -> t.getAssignee().equals("leader-vt")).findFirst().orElseThrow();
    HttpResponse<String> noReason = leaderRest.postJson("/engine-rest/task/" + own.getId() + "/complete",
        "{\"variables\":{\"vetoRuling\":{\"value\":\"CONFIRM\"},\"vetoRulingReason\":{\"value\":\"\"}}}");
    assertThat(noReason.statusCode()).as(noReason.body()).isBetween(400, 500);
    ballots.stream().filter(t -> !t.getAssignee().equals("leader-vt")).findFirst().ifPresent(other ->
        assertThat(leaderRest.postJson("/engine-rest/task/" + other.getId() + "/complete",
            "{\"variables\":{\"vetoRuling\":{\"value\":\"ANNUL\"},\"vetoRulingReason\":{\"value\":\"替别人投\"}}}").statusCode())
            .isEqualTo(403));
    HttpResponse<String> voted = leaderRest.postJson("/engine-rest/task/" + own.getId() + "/complete",
        "{\"variables\":{\"vetoRuling\":{\"value\":\"CONFIRM\"},\"vetoRulingReason\":{\"value\":\"整改严重逾期，予以确认\"}}}");
    assertThat(voted.statusCode()).as(voted.body()).isEqualTo(204);

    // the other members confirm until the rule decides
    for (Task t : ballots) {
      if (t.getAssignee().equals("leader-vt") || !vetoes.require(record.id()).pending()) {
        continue;
      }
      identityService.setAuthentication(t.getAssignee(), List.of(Groups.LEADING_GROUP));
      try {
        taskService.complete(t.getId(), Map.of("vetoRuling", "CONFIRM", "vetoRulingReason", "同意确认"));
      } finally {
        identityService.clearAuthentication();
      }
    }
    VetoRecord now = vetoes.require(record.id());
    assertThat(now.status()).isEqualTo(VetoStatus.CONFIRMED);
    assertThat(now.ruledBy()).contains("leader-vt");
    assertThat(now.rulingReason()).contains("整改严重逾期，予以确认");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(VetoRulingIds.businessKey(record.id())).count()).isZero();
    assertThat(audit.of(VetoRecords.subject(record.id()), 20)).extracting(AuditTrail.Entry::action)
        .contains("VETO_RECORDED", "VETO_RULING_OPENED", "VETO_VOTED", "VETO_CONFIRMED");

    WebClient inspector = new WebClient(port);
    inspector.login("inspector-vt", PASSWORD);
    assertThat(inspector.get("/vetoes/" + record.id()).body()).contains("整改严重逾期，予以确认").contains("leader-vt").contains("已确认");
  }

  @Test
  void theOfficeFilesAVetoByHandWithEvidenceAndItGoesToTheSameRuling() {
    WebClient office = new WebClient(port);
    office.login("office-vt", PASSWORD);
    assertThat(office.get("/vetoes/new").body()).contains("依据文件文号").contains("严重违法违纪");
    String token = office.csrfOf("/vetoes/new");

    HttpResponse<String> bad = multipart(office, token, Map.of("unitCode", "vt-w01", "clause", "7", "facts", " ", "sourceDocument", ""),
        "note.txt", "just text".getBytes(StandardCharsets.UTF_8));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("否决条款").contains("请写明事实").contains("文号").contains("JPEG");
    assertThat(vetoes.ofUnit("vt-w01")).noneMatch(r -> r.sourceType() == VetoSourceType.OFFICE);

    byte[] pdf = "%PDF-1.7 通报".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> filed = multipart(office, token, Map.of("unitCode", "vt-w01", "clause", "1", "facts", "窗口工作人员收受好处费，经纪委查实",
        "sourceDocument", "纪检通报〔2026〕3号"), "通报.pdf", pdf);
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(302);
    VetoRecord record = vetoes.ofSource(VetoSourceType.OFFICE, "纪检通报〔2026〕3号").get(0);
    assertThat(record.clause()).isEqualTo(1);
    assertThat(record.recordedBy()).isEqualTo("office-vt");
    assertThat(record.rulingProcessId()).isNotNull();
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(VetoRulingIds.businessKey(record.id())).count())
        .isEqualTo(identity.membersOf(Groups.LEADING_GROUP).size());
    String show = office.get("/vetoes/" + record.id()).body();
    assertThat(show).contains("通报.pdf").contains("办公室登记").contains("纪检通报〔2026〕3号");
    long fileId = jdbc.sql("select id from veto_evidence where veto_id = ?").param(record.id()).query(Long.class).single();
    assertThat(office.getBytes("/vetoes/" + record.id() + "/evidence/" + fileId).body()).isEqualTo(pdf);

    assertThat(multipart(office, token, Map.of("unitCode", "vt-w01", "clause", "1", "facts", "再次登记",
        "sourceDocument", "纪检通报〔2026〕3号"), "a.pdf", pdf).statusCode()).as("the same fact twice").isEqualTo(400);

    WebClient leader = new WebClient(port);
    leader.login("leader-vt", PASSWORD);
    assertThat(leader.get("/vetoes/new").statusCode()).isEqualTo(403);
    assertThat(leader.get("/vetoes/" + record.id()).body()).contains("在任务列表中裁定");
  }

  private static HttpResponse<String> multipart(WebClient client, String token, Map<String, String> fields, String fileName, byte[] file) {
    String boundary = "----vt" + System.nanoTime();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    java.util.function.Consumer<String> text = t -> body.writeBytes(t.getBytes(StandardCharsets.UTF_8));
    fields.forEach((k, v) -> text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n"));
    text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    body.writeBytes(file);
    text.accept("\r\n--" + boundary + "--\r\n");
    return client.send(client.request("/vetoes").header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("X-CSRF-TOKEN", token).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  private long count(String unitCode, String sourceId) {
    return jdbc.sql("select count(*) from veto_record where unit_code = ? and source_id = ?").params(unitCode, sourceId)
        .query(Long.class).single();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
