package org.servicestar.veto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
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
    assertThat(audit.of(VetoRecords.subject(first.id()), 10)).extracting(AuditTrail.Entry::action).containsExactly("VETO_RECORDED");

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
        .containsExactly("VETO_CONFIRMED", "VETO_RECORDED");
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
  void thePageShowsTheClausesAndOnlyTheLeadingGroupRules() {
    VetoRecord record = vetoes.record("vt-w01", 4, VetoSourceType.RECTIFICATION, "ZG-2026-900006", "<script>alert(1)</script> 逾期未整改");

    WebClient office = new WebClient(port);
    office.login("office-vt", PASSWORD);
    String page = office.get("/vetoes?unit=vt-w01").body();
    assertThat(page).contains("ZG-2026-900006").contains("第4项 整改不力").contains("对机关、企业、群众提出的问题未整改或整改不及时、不到位的")
        .contains("href=\"/rectifications/ZG-2026-900006\"").contains("&lt;script&gt;").doesNotContain("<script>alert(1)")
        .doesNotContain("确认否决</button>");
    String officeToken = office.csrfOf("/logout");
    assertThat(office.postForm("/vetoes/" + record.id() + "/confirm", Map.of("reason", "办公室无权", "_csrf", officeToken)).statusCode())
        .isEqualTo(403);

    WebClient lead = new WebClient(port);
    lead.login("lead-vt-w01", PASSWORD);
    assertThat(lead.get("/vetoes").statusCode()).isEqualTo(403);

    WebClient leader = new WebClient(port);
    leader.login("leader-vt", PASSWORD);
    String leaderPage = leader.get("/vetoes?status=PENDING").body();
    assertThat(leaderPage).contains("ZG-2026-900006").contains("确认否决");
    String token = leader.csrfOf("/vetoes");
    HttpResponse<String> noReason = leader.postForm("/vetoes/" + record.id() + "/confirm", Map.of("reason", "", "_csrf", token));
    assertThat(noReason.statusCode()).isEqualTo(302);
    assertThat(vetoes.require(record.id()).status()).isEqualTo(VetoStatus.PENDING);
    assertThat(leader.postForm("/vetoes/" + record.id() + "/confirm", Map.of("reason", "没有 CSRF")).statusCode()).isEqualTo(403);

    HttpResponse<String> confirmed = leader.postForm("/vetoes/" + record.id() + "/confirm", Map.of("reason", "整改严重逾期，予以确认", "_csrf", token));
    assertThat(confirmed.statusCode()).isEqualTo(302);
    assertThat(confirmed.headers().firstValue("Location").orElseThrow()).contains("/vetoes");
    VetoRecord now = vetoes.require(record.id());
    assertThat(now.status()).isEqualTo(VetoStatus.CONFIRMED);
    assertThat(now.ruledBy()).isEqualTo("leader-vt");
    assertThat(leader.get("/vetoes?unit=vt-w01&status=CONFIRMED").body()).contains("整改严重逾期，予以确认").contains("已确认");
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
