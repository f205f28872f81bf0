package org.servicestar.complaint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.FixedWindows;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code POST /api/complaints} and the complaint pages, on the running app. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplaintIntakeTest {

  private static final String PASSWORD = "complaint-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  ComplaintService complaintService;
  @Autowired
  org.camunda.bpm.engine.FormService formService;
  @Autowired
  org.camunda.bpm.engine.RepositoryService repositoryService;
  @Value("${servicestar.public-forms.per-address-per-minute}")
  int perAddress;
  @Value("${servicestar.public-forms.per-phone}")
  int perPhone;

  /** Addresses and phones of this class's own, fresh for each limit test (and each of its runs). */
  private final AtomicInteger fresh = new AtomicInteger();

  @BeforeAll
  void aUnitWithALead() {
    units.create(new UnitService.UnitDraft("ci-dept", "投诉测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("ci-hall", "投诉测试大厅", UnitType.HALL, "ci-dept"));
    unitGroups.createLead("ci-hall", "lead-ci-hall", "大厅负责人", PASSWORD);
    identity.ensureUser("office-ci", "办公室", "投诉", PASSWORD);
    identity.ensureMembership("office-ci", Groups.OFFICE);
  }

  private HttpResponse<String> post(String json) {
    WebClient anonymous = new WebClient(port);
    return anonymous.send(anonymous.request("/api/complaints").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** As a proxy in front of the app sends it (server.forward-headers-strategy: native). */
  private HttpResponse<String> postFrom(String address, String json) {
    return new WebClient(port).header("X-Forwarded-For", address).postJson("/api/complaints", json);
  }

  private long complaintProcesses() {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey(ComplaintHandlingIds.PROCESS).count();
  }

  private long complaintCount() {
    return jdbc.sql("select count(*) from complaint").query(Long.class).single();
  }

  @Test
  void aComplaintIsNumberedStoredAndStartsItsProcess() {
    HttpResponse<String> response = post("""
        {"unitCode":"ci-hall","channel":"ONLINE","content":"排队两小时无人叫号","contactName":"张先生","contactPhone":"138 0000 0000"}""");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String number = response.body().replaceAll(".*\"number\":\"([^\"]+)\".*", "$1");
    assertThat(number).matches("TS-\\d{4}-\\d{6}");
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(number)
        .processDefinitionKey(ComplaintHandlingIds.PROCESS).count()).isEqualTo(1);
    // The contact stays in the complaint table, out of the process variables.
    String instanceId = jdbc.sql("select process_instance_id from complaint where number = ?").param(number).query(String.class).single();
    assertThat(runtimeService.getVariables(instanceId)).doesNotContainKeys("contactName", "contactPhone")
        .containsEntry("unitCode", "ci-hall");
  }

  @Test
  void theOfficeRegistersAComplaintWithTheStartFormInTasklist() {
    String definitionId = repositoryService.createProcessDefinitionQuery().processDefinitionKey(ComplaintHandlingIds.PROCESS)
        .latestVersion().singleResult().getId();
    org.camunda.bpm.engine.runtime.ProcessInstance instance = formService.submitStartForm(definitionId, Map.of(
        "unitCode", "ci-hall", "channel", "HOTLINE", "content", "12345 转来：窗口推诿", "contactName", "王先生",
        "contactPhone", "13700000000"));
    String number = runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).singleResult().getBusinessKey();
    assertThat(number).matches("TS-\\d{4}-\\d{6}");
    assertThat(jdbc.sql("select contact_phone from complaint where number = ?").param(number).query(String.class).single())
        .isEqualTo("13700000000");
    assertThat(runtimeService.getVariables(instance.getId())).doesNotContainKeys("contactName", "contactPhone")
        .containsEntry("complaintNumber", number);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> formService.submitStartForm(definitionId, Map.of(
        "unitCode", "nowhere", "channel", "HOTLINE", "content", "x")))).hasMessageContaining("没有编码为 nowhere 的启用单位");
  }

  @Test
  void aRealNameBadReviewIsMarkedForItsReturnVisit() {
    String named = complaintService.submitBadReview("ci-hall", "等了一小时", "赵女士", "13600000000", 900_001L);
    String anonymous = complaintService.submitBadReview("ci-hall", "", null, null, 900_002L);
    assertThat(runtimeService.getVariable(instanceOf(named), "realNameReview")).isEqualTo(true);
    assertThat(runtimeService.getVariable(instanceOf(anonymous), "realNameReview")).isEqualTo(false);
    assertThat(complaintService.submitBadReview("ci-hall", "重发", null, null, 900_002L)).isEqualTo(anonymous);
  }

  private String instanceOf(String number) {
    return jdbc.sql("select process_instance_id from complaint where number = ?").param(number).query(String.class).single();
  }

  @Test
  void theSameClientRefIsStoredOnce() {
    String body = """
        {"unitCode":"ci-hall","channel":"HOTLINE","content":"电话无人接听","clientRef":"hotline-2026-0001"}""";
    HttpResponse<String> first = post(body);
    long count = complaintCount();
    HttpResponse<String> again = post(body);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("\"duplicate\":true")
        .contains(first.body().replaceAll(".*\"number\":\"([^\"]+)\".*", "$1"));
    assertThat(complaintCount()).isEqualTo(count);
  }

  @Test
  void oneAddressIsAnswered429AboveItsLimitAndNothingIsStored() {
    assertThat(perAddress).as("as many as anonymous ratings (application.yaml)").isEqualTo(30);
    FixedWindows.withinOne(Duration.ofMinutes(1), () -> {
      String address = "198.18.1." + fresh.incrementAndGet();
      for (int i = 0; i < perAddress; i++) {
        HttpResponse<String> accepted = postFrom(address,
            "{\"unitCode\":\"ci-hall\",\"channel\":\"ONLINE\",\"content\":\"第 " + i + " 件\"}");
        assertThat(accepted.statusCode()).as(i + ": " + accepted.body()).isEqualTo(201);
      }
      long complaints = complaintCount();
      long processes = complaintProcesses();

      HttpResponse<String> refused = postFrom(address, "{\"unitCode\":\"ci-hall\",\"channel\":\"ONLINE\",\"content\":\"再来一件\"}");

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
      assertThat(refused.body()).matches("\\{\"status\":429,\"error\":\"提交过于频繁：同一网络地址每分钟最多提交 30 件投诉，请 \\d+ 秒后再试\","
          + "\"fields\":\\{}}");
      assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
      assertThat(complaintCount()).isEqualTo(complaints);
      assertThat(complaintProcesses()).as("no process started").isEqualTo(processes);
      assertThat(postFrom("198.18.2." + fresh.get(), "{\"unitCode\":\"ci-hall\",\"channel\":\"ONLINE\",\"content\":\"别的地址\"}")
          .statusCode()).as("another address").isEqualTo(201);
      assertThat(postFrom(address, "{\"channel\":\"ONLINE\",\"content\":\"x\"}").statusCode())
          .as("bad input is still named, not counted").isEqualTo(400);
    });
  }

  @Test
  void onePhoneIsAnswered429AboveItsLimitFromAnyAddress() {
    FixedWindows.withinOne(Duration.ofHours(1), () -> {
      int n = fresh.incrementAndGet();
      String phone = String.format("139 %04d %04d", n, n);
      for (int i = 0; i < perPhone; i++) {
        HttpResponse<String> accepted = postFrom("198.20." + n + "." + i, "{\"unitCode\":\"ci-hall\",\"channel\":\"HOTLINE\","
            + "\"content\":\"电话投诉 " + i + "\",\"contactPhone\":\"" + phone + "\",\"clientRef\":\"ci-phone-" + n + "-" + i + "\"}");
        assertThat(accepted.statusCode()).as(i + ": " + accepted.body()).isEqualTo(201);
      }
      HttpResponse<String> again = postFrom("198.19.4." + n, "{\"unitCode\":\"ci-hall\",\"channel\":\"HOTLINE\","
          + "\"content\":\"电话投诉 0\",\"contactPhone\":\"" + phone + "\",\"clientRef\":\"ci-phone-" + n + "-0\"}");
      assertThat(again.statusCode()).as("the same clientRef again is answered as before").isEqualTo(200);
      long complaints = complaintCount();
      long processes = complaintProcesses();

      HttpResponse<String> refused = postFrom("198.19.4." + n, "{\"unitCode\":\"ci-hall\",\"channel\":\"ONLINE\","
          + "\"content\":\"换个地址再投诉\",\"contactPhone\":\"" + phone.replace(" ", "") + "\"}");

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
      assertThat(refused.body()).contains("\"error\":\"提交过于频繁：同一联系电话每小时最多提交 5 件投诉，请 ").contains("\"fields\":{}");
      assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
      assertThat(complaintCount()).isEqualTo(complaints);
      assertThat(complaintProcesses()).isEqualTo(processes);
      assertThat(postFrom("198.19.4." + n, "{\"unitCode\":\"ci-hall\",\"channel\":\"ONLINE\",\"content\":\"不留电话\"}")
          .statusCode()).as("the address itself was not counted by the refusal").isEqualTo(201);
    });
  }

  @Test
  void theOfficeAndTheAppAreNotLimited() {
    int n = fresh.incrementAndGet();
    for (int i = 0; i <= perPhone; i++) {
      assertThat(complaintService.submit(new ComplaintService.Submission("ci-hall", "HOTLINE", "热线转来 " + i, null,
          "13655550000", "ci-internal-" + n + "-" + i)).duplicate()).isFalse();
    }
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
    long before = complaintCount();
    assertThat(post("{\"channel\":\"ONLINE\",\"content\":\"x\"}").body()).contains("\"unitCode\"");
    assertThat(post("{\"unitCode\":\"no-such-unit\",\"channel\":\"ONLINE\",\"content\":\"x\"}").body())
        .contains("没有编码为 no-such-unit 的启用单位");
    HttpResponse<String> tooLong = post("{\"unitCode\":\"ci-hall\",\"channel\":\"ONLINE\",\"content\":\"" + "长".repeat(10_000) + "\"}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("\"content\"").contains("10000");
    assertThat(post("{\"unitCode\":\"ci-hall\",\"channel\":\"FAX\",\"content\":\"x\"}").body()).contains("\"channel\"");
    assertThat(post("{\"unitCode\":\"ci-hall\",\"channel\":\"ONLINE\",\"content\":\"a\\u0000b\"}").body()).contains("控制字符");
    assertThat(post("{\"unitCode\":\"ci-hall\",\"channel\":\"ONLINE\",\"content\":\"x\",\"contactPhone\":\"<script>\"}").body())
        .contains("\"contactPhone\"");
    assertThat(post("{not json").statusCode()).isEqualTo(400);
    assertThat(post("{\"unitCode\":[1],\"content\":\"x\"}").statusCode()).isEqualTo(400);
    assertThat(complaintCount()).isEqualTo(before);
  }

  @Test
  void scriptIsShownEscapedAndTheContactOnlyToTheOffice() {
    HttpResponse<String> response = post("""
        {"unitCode":"ci-hall","channel":"LETTER","content":"<script>alert('x')</script>","contactName":"李女士","contactPhone":"13900000000"}""");
    String number = response.body().replaceAll(".*\"number\":\"([^\"]+)\".*", "$1");

    WebClient office = new WebClient(port);
    office.login("office-ci", PASSWORD);
    String page = office.get("/complaints/" + number).body();
    assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain("<script>alert");
    assertThat(page).contains("13900000000");
    assertThat(page).as("timeline steps in words, not codes").contains("<td>收到</td>").doesNotContain(">RECEIVED<");
    // Issue 21: the citizen is 群众 with the channel, never Spring Security's "anonymousUser"; the unit by name.
    assertThat(jdbc.sql("select e.actor from complaint_event e join complaint c on c.id = e.complaint_id where c.number = ?")
        .param(number).query(String.class).list()).first().isEqualTo("public");
    assertThat(page).contains("<td>群众（" + Complaint.channelLabel("LETTER") + "）</td>").doesNotContain("anonymousUser")
        .contains("投诉测试大厅（ci-hall）");

    WebClient lead = new WebClient(port);
    lead.login("lead-ci-hall", PASSWORD);
    String leadsView = lead.get("/complaints/" + number).body();
    assertThat(leadsView).contains(number).doesNotContain("13900000000").doesNotContain("李女士");
  }

  @Test
  void aUnitLeadSeesOnlyTheirOwnUnitsComplaints() {
    units.create(new UnitService.UnitDraft("ci-other", "另一大厅", UnitType.HALL, "ci-dept"));
    String other = post("{\"unitCode\":\"ci-other\",\"channel\":\"ONLINE\",\"content\":\"别的单位\"}").body()
        .replaceAll(".*\"number\":\"([^\"]+)\".*", "$1");
    WebClient lead = new WebClient(port);
    lead.login("lead-ci-hall", PASSWORD);
    assertThat(lead.get("/complaints/" + other).statusCode()).isEqualTo(403);
    assertThat(lead.get("/complaints").body()).doesNotContain(other);
    assertThat(new WebClient(port).get("/complaints").statusCode()).isEqualTo(302);
  }
}
