package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.award.AwardApprovalIds;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * A JSON body that gives a key twice is refused on every JSON endpoint of ours with 400 naming the
 * key, and stores nothing (rows counted before and after). The same body without the second key is
 * accepted, so each refusal is for the duplicate and nothing else.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateKeysTest {

  private static final int YEAR = 2076;
  private static final String PASSWORD = "dk-secret-1";
  private static final String CONTENT = "该窗口今年三月多次无故拖延办理营业执照变更，有工单记录可查。";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  ObjectMapper objectMapper;
  @Autowired
  RequestMappingHandlerAdapter handlerAdapter;

  private final ObjectMapper json = new ObjectMapper();
  private String deploymentId;
  private long nomineeId;
  private WebClient office;

  @BeforeAll
  void aWindowAnOfficeMemberAndAnObjectionPeriod() {
    units.create(new UnitService.UnitDraft("dk-dept", "重复字段测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("dk-hall", "重复字段大厅", UnitType.HALL, "dk-dept"));
    units.create(new UnitService.UnitDraft("dk-w1", "重复字段一号窗口", UnitType.WINDOW, "dk-hall"));
    identity.ensureUser("office-dk", "办公室", "重复", PASSWORD);
    identity.ensureMembership("office-dk", Groups.OFFICE);
    office = new WebClient(port);
    office.login("office-dk", PASSWORD);

    jdbc.sql("""
            insert into award_round (campaign_year, status, approval_rule, publicity_start, publicity_end, updated_at)
            values (?, 'PUBLICITY', 'MAJORITY', ?, ?, ?)""")
        .params(YEAR, LocalDate.of(2099, 12, 1), LocalDate.of(2099, 12, 31), LocalDateTime.now()).update();
    jdbc.sql("""
            insert into award_nominee (campaign_year, category, subject, subject_name, unit_code, score, stars, rank_in_category,
                                       origin, status)
            values (?, 'WINDOW', 'dk-w1', '重复字段一号窗口', 'dk-w1', ?, 5, 1, 'RANKING', 'APPROVED')""")
        .params(YEAR, new BigDecimal("95.50")).update();
    nomineeId = jdbc.sql("select id from award_nominee where campaign_year = ?").param(YEAR).query(Long.class).single();
    ProcessBuilder process = Bpmn.createExecutableProcess("DkObjectionFixture");
    BpmnModelInstance model = process.camundaHistoryTimeToLive(1).startEvent().userTask("Task_Publicity").endEvent().done();
    process.eventSubProcess("SubProcess_Objection").startEvent("StartEvent_Objection").interrupting(false)
        .message(AwardApprovalIds.Messages.OBJECTION_RECEIVED).userTask("Task_VerifyObjectionFixture").endEvent();
    deploymentId = repositoryService.createDeployment().name("duplicate-keys-test")
        .addModelInstance("dk-objection-fixture.bpmn", model).deploy().getId();
    runtimeService.startProcessInstanceByKey("DkObjectionFixture", AwardApprovalIds.businessKey(YEAR));
  }

  @AfterAll
  void removeProcess() {
    if (deploymentId != null) {
      repositoryService.deleteDeployment(deploymentId, true);
    }
  }

  @Test
  void theConverterThatReadsJsonAndTheAppsObjectMapperDetectDuplicates() {
    assertThat(objectMapper.getFactory().isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)).isTrue();
    // The first converter that reads JSON is the one used for @RequestBody (Spring keeps its own default after Boot's).
    HttpMessageConverter<?> reader = handlerAdapter.getMessageConverters().stream()
        .filter(c -> c.canRead(Map.class, MediaType.APPLICATION_JSON)).findFirst().orElseThrow();
    assertThat(reader).isInstanceOf(MappingJackson2HttpMessageConverter.class);
    assertThat(((MappingJackson2HttpMessageConverter) reader).getObjectMapper().getFactory()
        .isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)).isTrue();
  }

  @Test
  void aRatingWithTheLevelTwiceIsRefusedAndOpensNoComplaint() {
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    String twice = "{\"unitCode\":\"dk-w1\",\"level\":5,\"channel\":\"FORM\",\"ratedAt\":\"" + today
        + "\",\"clientRef\":\"dk-rating-1\",\"level\":1}";
    refused(office, "/api/ratings", twice, "level");
    // The same key spelt with an escape is the same key.
    refused(office, "/api/ratings", twice.replace(",\"level\":1}", ",\"lev\\u0065l\":1}"), "level");
    accepted(office, "/api/ratings", twice.replace(",\"level\":1}", "}"), "rating");
  }

  @Test
  void aBatchWithAKeyTwiceInOneItemIsRefusedWhole() {
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    String item = "{\"unitCode\":\"dk-w1\",\"level\":4,\"channel\":\"FORM\",\"ratedAt\":\"" + today + "\",\"clientRef\":\"dk-batch-%d\"}";
    String twice = "{\"items\":[" + item.formatted(1) + "," + item.formatted(2).replace("}", ",\"level\":1}") + "]}";
    refused(office, "/api/ratings/batch", twice, "items[1].level");
    refused(office, "/api/ratings/batch", "{\"items\":[" + item.formatted(1) + "],\"items\":[]}", "items");
    HttpResponse<String> control = post(office, "/api/ratings/batch", twice.replace(",\"level\":1}", "}"));
    assertThat(control.statusCode()).as(control.body()).isEqualTo(200);
    assertThat(control.body()).contains("\"accepted\":2");
  }

  @Test
  void aComplaintWithTheUnitTwiceIsRefused() {
    String twice = "{\"unitCode\":\"dk-w1\",\"channel\":\"ONLINE\",\"content\":\"排队两小时无人叫号\",\"clientRef\":\"dk-complaint-1\","
        + "\"unitCode\":\"dk-dept\"}";
    refused(new WebClient(port), "/api/complaints", twice, "unitCode");
    accepted(new WebClient(port), "/api/complaints", twice.replace(",\"unitCode\":\"dk-dept\"}", "}"), "complaint");
  }

  @Test
  void anObjectionWithTheNomineeTwiceIsRefused() {
    String twice = "{\"nomineeId\":" + nomineeId + ",\"name\":\"王五\",\"phone\":\"13912345678\",\"content\":\"" + CONTENT
        + "\",\"clientRef\":\"dk-objection-1\",\"nomineeId\":" + (nomineeId + 1000) + "}";
    String path = "/publicity/" + YEAR + "/objections";
    refused(new WebClient(port), path, twice, "nomineeId");
    accepted(new WebClient(port), path, twice.replace(",\"nomineeId\":" + (nomineeId + 1000) + "}", "}"), "award_objection");
  }

  private void refused(WebClient client, String path, String body, String field) {
    Map<String, Long> before = rows();
    HttpResponse<String> answer = post(client, path, body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    JsonNode error = parse(answer);
    assertThat(error.get("status").asInt()).isEqualTo(400);
    assertThat(error.get("error").asText()).isEqualTo(DuplicateKeys.ERROR);
    String key = field.substring(field.lastIndexOf('.') + 1);
    assertThat(error.get("fields").get(field)).as(answer.body()).isNotNull();
    assertThat(error.get("fields").get(field).asText()).isEqualTo("字段 " + key + " 重复出现");
    assertThat(rows()).as("nothing stored").isEqualTo(before);
  }

  private void accepted(WebClient client, String path, String body, String table) {
    Map<String, Long> before = rows();
    HttpResponse<String> answer = post(client, path, body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    assertThat(rows().get(table)).as("the control stores one " + table).isEqualTo(before.get(table) + 1);
  }

  private HttpResponse<String> post(WebClient client, String path, String body) {
    return client.send(client.request(path).header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Map<String, Long> rows() {
    Map<String, Long> rows = new TreeMap<>();
    for (String table : new String[] {"rating", "complaint", "award_objection", "ACT_RU_EXECUTION", "ACT_RU_TASK"}) {
      rows.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
    }
    return rows;
  }

  private JsonNode parse(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
