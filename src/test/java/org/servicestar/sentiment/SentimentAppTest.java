package org.servicestar.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.rectification.RectificationIds;
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

/** The public-opinion register on the running app: a negative issue starts PublicOpinion and a real Rectification. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentimentAppTest {

  private static final String PASSWORD = "sentiment-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  SentimentService sentiments;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  TaskService taskService;

  @BeforeAll
  void aUnitWithALead() {
    units.create(new UnitService.UnitDraft("yq-dept", "舆情测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("yq-hall", "舆情测试大厅", UnitType.HALL, "yq-dept"));
    units.create(new UnitService.UnitDraft("yq-other", "舆情测试其他大厅", UnitType.HALL, "yq-dept"));
    unitGroups.createLead("yq-hall", "lead-yq-hall", "大厅负责人", PASSWORD);
    unitGroups.createLead("yq-other", "lead-yq-other", "其他负责人", PASSWORD);
    identity.ensureUser("office-yq", "办公室", "舆情", PASSWORD);
    identity.ensureMembership("office-yq", Groups.OFFICE);
  }

  private HttpResponse<String> record(WebClient client, Map<String, String> form) {
    Map<String, String> withToken = new java.util.HashMap<>(form);
    withToken.put("_csrf", client.csrfOf("/logout"));
    return client.postForm("/sentiments", withToken);
  }

  private static String numberOf(HttpResponse<String> response) {
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches(".*/sentiments/YQ-\\d{4}-\\d{6}");
    return location.substring(location.lastIndexOf('/') + 1);
  }

  @Test
  void aNegativeIssueIsAnsweredRectifiedAndClosed() {
    WebClient office = new WebClient(port);
    office.login("office-yq", PASSWORD);
    String number = numberOf(record(office, Map.of("unitCode", "yq-hall", "source", "INTERNET",
        "link", "https://weibo.example/123", "summary", "网帖反映大厅排队两小时", "severity", "MEDIUM", "negative", "true")));

    Sentiment recorded = sentiments.byNumber(number).orElseThrow();
    assertThat(recorded.negative()).isTrue();
    assertThat(recorded.status()).isEqualTo("RESPONDING");
    ProcessInstance instance = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(number)
        .processDefinitionKey(PublicOpinionIds.PROCESS).singleResult();
    assertThat(instance).isNotNull();

    Task respond = taskService.createTaskQuery().processInstanceId(instance.getId()).taskCandidateGroup(Groups.OFFICE).singleResult();
    assertThat(respond.getTaskDefinitionKey()).isEqualTo(PublicOpinionIds.Tasks.RESPOND);
    taskService.complete(respond.getId(), Map.of("response", "已发布情况说明，约谈大厅负责人"));
    assertThat(sentiments.byNumber(number).orElseThrow().status()).isEqualTo("RECTIFYING");

    ProcessInstance rectification = runtimeService.createProcessInstanceQuery().superProcessInstanceId(instance.getId()).singleResult();
    assertThat(rectification).isNotNull();
    assertThat(runtimeService.getVariables(rectification.getId())).containsEntry(RectificationIds.Vars.SOURCE_TYPE, "SENTIMENT")
        .containsEntry(RectificationIds.Vars.SOURCE_ID, number).containsEntry(RectificationIds.Vars.UNIT_CODE, "yq-hall");

    WebClient lead = new WebClient(port);
    lead.login("lead-yq-hall", PASSWORD);
    HttpResponse<String> page = lead.get("/sentiments/" + number);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("网帖反映大厅排队两小时", "已发布情况说明");
    WebClient other = new WebClient(port);
    other.login("lead-yq-other", PASSWORD);
    assertThat(other.get("/sentiments/" + number).statusCode()).isEqualTo(403);
    assertThat(other.get("/sentiments").body()).doesNotContain(number);
  }

  @Test
  void aPositiveIssueIsOnlyRecorded() {
    Sentiment s = sentiments.record(new SentimentService.SentimentDraft("yq-hall", "MEDIA", null, "日报表扬大厅延时服务", "LOW", false),
        "office-yq");
    assertThat(s.status()).isEqualTo("RECORDED");
    assertThat(s.processInstanceId()).isNull();
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(s.number()).count()).isZero();
  }

  @Test
  void badInputIsRefusedAndOnlyTheOfficeRecords() {
    assertThatThrownBy(() -> sentiments.record(new SentimentService.SentimentDraft("yq-hall", "RUMOUR", "ftp://x", " ", "HUGE", true),
        "office-yq"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors()).containsOnlyKeys("source", "link", "summary", "severity"));
    WebClient lead = new WebClient(port);
    lead.login("lead-yq-hall", PASSWORD);
    assertThat(record(lead, Map.of("unitCode", "yq-hall", "source", "MEDIA", "summary", "x", "severity", "LOW")).statusCode())
        .isEqualTo(403);
  }
}
