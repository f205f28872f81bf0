package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Failures that used to send SQL or engine text to the person answer with a request id instead, and
 * the log has the details under that id. The failures are real ones: a table of the app is renamed
 * for the duration of a request (restored in a finally), and {@code /engine-rest} is sent a string
 * variable longer than Camunda's column.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class NoInternalTextTest {

  /** Words of H2's, PostgreSQL's and Java's failures that must never reach a person. */
  private static final String[] INTERNAL = {"SQL", "sql", "Exception", "exception", "ENGINE-", "Table", "TEXT_", "COMPLAINT_EVENT",
      "COMMITMENT", "\tat "};

  @LocalServerPort
  int port;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  UnitService units;
  @Autowired
  RepositoryService repositoryService;

  private final ObjectMapper json = new ObjectMapper();
  private String deploymentId;

  @BeforeAll
  void aWindowAndAProcessToStart() {
    units.create(new UnitService.UnitDraft("ni-dept", "错误编号测试局", UnitType.DEPARTMENT, null));
    deploymentId = repositoryService.createDeployment().name("no-internal-text-test")
        .addModelInstance("ni-fixture.bpmn", Bpmn.createExecutableProcess("NiFixture").camundaHistoryTimeToLive(1)
            .startEvent().userTask("Task_Wait").endEvent().done())
        .deploy().getId();
  }

  @AfterAll
  void removeProcess() {
    if (deploymentId != null) {
      repositoryService.deleteDeployment(deploymentId, true);
    }
  }

  @Test
  void anApiFailureAnswersWithTheRequestIdAndLogsTheDetailsUnderIt(CapturedOutput output) throws Exception {
    long before = jdbc.sql("select count(*) from complaint").query(Long.class).single();
    HttpResponse<String> answer;
    jdbc.sql("alter table complaint_event rename to complaint_event_away").update();
    try {
      WebClient citizen = new WebClient(port);
      answer = citizen.send(citizen.request("/api/complaints").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"unitCode\":\"ni-dept\",\"channel\":\"ONLINE\",\"content\":\"排队两小时无人叫号\"}")));
    } finally {
      jdbc.sql("alter table complaint_event_away rename to complaint_event").update();
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
    String id = answer.headers().firstValue(RequestIds.HEADER).orElseThrow();
    JsonNode body = json.readTree(answer.body());
    assertThat(body.get("status").asInt()).isEqualTo(500);
    assertThat(body.get("error").asText()).isEqualTo("服务器内部错误，请稍后再试（请求编号 " + id + "）");
    assertThat(body.get("requestId").asText()).isEqualTo(id);
    assertThat(answer.body()).doesNotContain(INTERNAL);
    assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).as("rolled back").isEqualTo(before);
    assertThat(output.getAll()).as("the log has the details under the id").contains("[" + id + "]", "请求编号 " + id)
        .containsIgnoringCase("complaint_event");
  }

  @Test
  void aPageFailureShowsTheRequestIdOnTheErrorPage(CapturedOutput output) {
    HttpResponse<String> page;
    jdbc.sql("alter table commitment rename to commitment_away").update();
    try {
      WebClient browser = new WebClient(port);
      page = browser.send(browser.request("/commitments").header("Accept", "text/html,application/xhtml+xml").GET());
    } finally {
      jdbc.sql("alter table commitment_away rename to commitment").update();
    }
    assertThat(page.statusCode()).isEqualTo(500);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    String id = page.headers().firstValue(RequestIds.HEADER).orElseThrow();
    assertThat(page.body()).contains("请求编号 <code>" + id + "</code>", "请把下面的请求编号告诉竞赛办公室").doesNotContain(INTERNAL);
    assertThat(output.getAll()).contains("请求编号 " + id).containsIgnoringCase("commitment");
  }

  @Test
  void theEngineRestApiHidesADatabaseErrorBehindTheRequestId(CapturedOutput output) throws Exception {
    WebClient admin = new WebClient(port).basic("admin", "test-admin-secret");
    HttpResponse<String> answer = admin.postJson("/engine-rest/process-definition/key/NiFixture/start",
        "{\"variables\": {\"note\": {\"value\": \"" + "长".repeat(5000) + "\", \"type\": \"String\"}}}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
    String id = answer.headers().firstValue(RequestIds.HEADER).orElseThrow();
    JsonNode body = json.readTree(answer.body());
    assertThat(body.get("message").asText()).isEqualTo("服务器内部错误（请求编号 " + id + "）");
    assertThat(body.has("type")).isTrue();
    assertThat(answer.body().replace(body.get("type").asText(), "")).doesNotContain(INTERNAL);
    assertThat(output.getAll()).contains("请求编号 " + id, "TEXT_");

    // Camunda's answers to wrong input are for the person who sent it, and stay as they are.
    HttpResponse<String> unknown = admin.getJson("/engine-rest/task/no-such-task");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("No matching task with id no-such-task");
  }

  @Test
  void springsOwnErrorAnswerCarriesTheIdAndNoExceptionText() throws Exception {
    WebClient client = new WebClient(port).header(RequestIds.HEADER, "proxy-id-0001");
    HttpResponse<String> missing = client.getJson("/results/no-such-page");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue(RequestIds.HEADER)).as("a well-formed id from a proxy is kept").hasValue("proxy-id-0001");
    JsonNode body = json.readTree(missing.body());
    assertThat(body.get("requestId").asText()).isEqualTo("proxy-id-0001");
    assertThat(body.has("message")).as("no exception text: " + missing.body()).isFalse();
    assertThat(body.has("trace")).isFalse();

    HttpResponse<String> forged = new WebClient(port).header(RequestIds.HEADER, "x\" onload=\"1").getJson("/results/no-such-page");
    assertThat(forged.headers().firstValue(RequestIds.HEADER).orElseThrow()).as("a malformed id is replaced").matches("[0-9a-f]{16}");
  }
}
