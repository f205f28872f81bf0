package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.complaint.Complaint;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code POST /api/ratings} and {@code /api/ratings/batch} on the running app (H2). */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingApiTest {

  static final String PASSWORD = "rating-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  RatingDevices devices;
  @Autowired
  AddressRateLimiter limiter;
  @Autowired
  ComplaintService complaints;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  org.camunda.bpm.engine.TaskService taskService;
  @Autowired
  org.camunda.bpm.engine.FormService formService;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  RatingRepository ratings;

  private final ObjectMapper json = new ObjectMapper();
  private String keyOfW1;
  private String keyOfW2;

  @BeforeAll
  void windowsPadsAndPeople() {
    units.create(new UnitService.UnitDraft("ra-dept", "评价测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("ra-hall", "评价测试大厅", UnitType.HALL, "ra-dept"));
    units.create(new UnitService.UnitDraft("ra-w1", "评价测试一号窗口", UnitType.WINDOW, "ra-hall"));
    units.create(new UnitService.UnitDraft("ra-w2", "评价测试二号窗口", UnitType.WINDOW, "ra-hall"));
    staff.create(new StaffService.StaffDraft("ra-w1", "王评", "RA-001", true, "受理员"));
    keyOfW1 = devices.issue("ra-w1", "1 号评价器").key();
    keyOfW2 = devices.issue("ra-w2", "2 号评价器").key();
    identity.ensureUser("office-ra", "办公室", "评价", PASSWORD);
    identity.ensureMembership("office-ra", Groups.OFFICE);
    unitGroups.createLead("ra-hall", "lead-ra-hall", "大厅负责人", PASSWORD);
  }

  @BeforeEach
  void freshLimits() {
    limiter.reset();
  }

  HttpResponse<String> post(WebClient client, String path, String body, String... headers) {
    HttpRequest.Builder request = client.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request);
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    return post(new WebClient(port), path, body, headers);
  }

  JsonNode parse(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  long stored(String clientRefLike) {
    return jdbc.sql("select count(*) from rating where client_ref like ?").param(clientRefLike).query(Long.class).single();
  }

  long ratingsOf(String unitCode) {
    return jdbc.sql("select count(*) from rating r join unit u on u.id = r.unit_id where u.code = ?").param(unitCode)
        .query(Long.class).single();
  }

  @Test
  void aPadRatingIsStoredOnceUnderItsClientRef() {
    String body = """
        {"unitCode":"ra-w1","level":5,"channel":"DEVICE","staffBadge":"RA-001","clientRef":"ra-once-1","ratedAt":"%s"}"""
        .formatted(java.time.OffsetDateTime.now().minusMinutes(3));
    HttpResponse<String> first = post("/api/ratings", body, "X-Device-Key", keyOfW1);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode accepted = parse(first);
    assertThat(accepted.get("status").asText()).isEqualTo("ACCEPTED");
    assertThat(accepted.get("duplicate").asBoolean()).isFalse();

    HttpResponse<String> again = post("/api/ratings", body, "X-Device-Key", keyOfW1);
    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode duplicate = parse(again);
    assertThat(duplicate.get("status").asText()).isEqualTo("DUPLICATE");
    assertThat(duplicate.get("id").asLong()).isEqualTo(accepted.get("id").asLong());
    assertThat(stored("ra-once-1")).isEqualTo(1);
    Map<String, Object> row = jdbc.sql("select level, channel, staff_badge, device_id, entered_by, voter_hash from rating where client_ref = 'ra-once-1'")
        .query().singleRow();
    assertThat(((Number) row.get("LEVEL")).intValue()).isEqualTo(5);
    assertThat(row).containsEntry("CHANNEL", "DEVICE").containsEntry("STAFF_BADGE", "RA-001");
    assertThat(row.get("DEVICE_ID")).isNotNull();
    assertThat(row.get("VOTER_HASH")).isNull();
    assertThat(jdbc.sql("select last_used_at from rating_device where id = ?").param(row.get("DEVICE_ID")).query().singleValue()).isNotNull();
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
    long before = ratingsOf("ra-w1");
    JsonNode noLevel = parse(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"channel\":\"DEVICE\"}", "X-Device-Key", keyOfW1));
    assertThat(noLevel.get("status").asInt()).isEqualTo(400);
    assertThat(noLevel.get("fields").has("level")).isTrue();
    assertThat(parse(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":7,\"channel\":\"DEVICE\"}", "X-Device-Key", keyOfW1))
        .get("fields").get("level").asText()).contains("1–5");
    assertThat(parse(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":\"great\",\"channel\":\"DEVICE\"}", "X-Device-Key", keyOfW1))
        .get("fields").has("level")).isTrue();
    assertThat(parse(post("/api/ratings", "{\"unitCode\":\"nowhere\",\"level\":5,\"channel\":\"DEVICE\"}", "X-Device-Key", keyOfW1))
        .get("fields").get("unitCode").asText()).contains("nowhere");
    assertThat(parse(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"SMS\"}", "X-Device-Key", keyOfW1))
        .get("fields").has("channel")).isTrue();
    HttpResponse<String> tooLong = post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"DEVICE\",\"comment\":\""
        + "长".repeat(501) + "\"}", "X-Device-Key", keyOfW1);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(parse(tooLong).get("fields").get("comment").asText()).contains("500");
    assertThat(parse(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"DEVICE\",\"contactPhone\":\"<b>\"}",
        "X-Device-Key", keyOfW1)).get("fields").has("contactPhone")).isTrue();
    assertThat(parse(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"DEVICE\",\"clientRef\":\"has space\"}",
        "X-Device-Key", keyOfW1)).get("fields").has("clientRef")).isTrue();
    assertThat(parse(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"DEVICE\",\"ratedAt\":\"last week\"}",
        "X-Device-Key", keyOfW1)).get("fields").has("ratedAt")).isTrue();
    assertThat(post("/api/ratings", "{not json", "X-Device-Key", keyOfW1).statusCode()).isEqualTo(400);
    assertThat(post("/api/ratings", "[1,2]", "X-Device-Key", keyOfW1).statusCode()).isEqualTo(400);
    WebClient client = new WebClient(port);
    assertThat(client.send(client.request("/api/ratings").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"DEVICE\"}"))).statusCode())
        .as("only JSON: no cross-site form can post a rating").isEqualTo(415);
    assertThat(ratingsOf("ra-w1")).isEqualTo(before);
  }

  @Test
  void aBatchAnswersEveryItemAndKeepsTheGoodOnes() {
    post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":4,\"channel\":\"DEVICE\",\"clientRef\":\"ra-batch-earlier\"}", "X-Device-Key", keyOfW1);
    String body = """
        {"items":[
          {"unitCode":"ra-w1","level":5,"channel":"DEVICE","clientRef":"ra-batch-1"},
          {"unitCode":"ra-w1","level":9,"channel":"DEVICE","clientRef":"ra-batch-2"},
          {"unitCode":"ra-w1","level":4,"channel":"DEVICE","clientRef":"ra-batch-1"},
          {"unitCode":"ra-w1","level":4,"channel":"DEVICE","clientRef":"ra-batch-earlier"},
          "not an object",
          {"unitCode":"ra-w2","level":3,"channel":"DEVICE","clientRef":"ra-batch-5"},
          {"unitCode":"ra-w1","level":[3],"channel":"DEVICE","clientRef":"ra-batch-6"},
          {"unitCode":"ra-w1","level":3,"channel":"FORM","clientRef":"ra-batch-7"},
          {"unitCode":"ra-w1","level":3,"channel":"DEVICE","clientRef":"ra-batch-8"}
        ]}""";
    HttpResponse<String> response = post("/api/ratings/batch", body, "X-Device-Key", keyOfW1);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = parse(response);
    assertThat(answer.get("received").asInt()).isEqualTo(9);
    assertThat(answer.get("accepted").asInt()).isEqualTo(2);
    assertThat(answer.get("duplicates").asInt()).isEqualTo(2);
    assertThat(answer.get("refused").asInt()).isEqualTo(5);
    List<String> statuses = new ArrayList<>();
    answer.get("items").forEach(i -> statuses.add(i.get("index").asInt() + ":" + i.get("status").asText()
        + (i.get("code").isNull() ? "" : "/" + i.get("code").asText() + "/" + i.get("field").asText(""))));
    assertThat(statuses).containsExactly("0:ACCEPTED", "1:REFUSED/INVALID/level", "2:DUPLICATE", "3:DUPLICATE", "4:REFUSED/INVALID/",
        "5:REFUSED/FORBIDDEN/unitCode", "6:REFUSED/INVALID/level", "7:REFUSED/UNAUTHORIZED/channel", "8:ACCEPTED");
    JsonNode items = answer.get("items");
    assertThat(items.get(2).get("id").asLong()).as("the in-batch duplicate points at the first").isEqualTo(items.get(0).get("id").asLong());
    assertThat(items.get(1).get("reason").asText()).contains("1–5");
    assertThat(stored("ra-batch-_")).as("ra-batch-1 and ra-batch-8").isEqualTo(2);
    assertThat(stored("ra-batch-earlier")).isEqualTo(1);
  }

  /**
   * A batch of hundreds (RatingRepository stores them with one multi-row INSERT and sorts the generated
   * keys): every accepted item's id is the row with its own clientRef and level, and each bad review's
   * complaint names that rating and is the one on its row — with refused items and duplicates in
   * between, so a shift by one anywhere would show.
   */
  @Test
  void aBatchOverSeveralStatementsGivesEachRatingItsOwnId() {
    StringBuilder body = new StringBuilder("{\"items\":[");
    for (int i = 0; i < 300; i++) {
      int level = i % 97 == 5 ? 1 : i % 41 == 0 ? 9 : 3 + i % 3;
      String ref = i % 67 == 66 ? "ra-many-" + (i - 1) : "ra-many-" + i;
      body.append(i == 0 ? "" : ",").append("{\"unitCode\":\"ra-w1\",\"level\":").append(level)
          .append(",\"channel\":\"DEVICE\",\"comment\":\"第 ").append(i).append(" 条\",\"clientRef\":\"").append(ref).append("\"}");
    }
    JsonNode answer = parse(post("/api/ratings/batch", body.append("]}").toString(), "X-Device-Key", keyOfW1));
    int accepted = 0;
    int badReviews = 0;
    for (JsonNode item : answer.get("items")) {
      int i = item.get("index").asInt();
      if (i % 41 == 0) {
        assertThat(item.get("status").asText()).isEqualTo("REFUSED");
      } else if (i % 67 == 66) {
        assertThat(item.get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(item.get("id").asLong()).isEqualTo(answer.get("items").get(i - 1).get("id").asLong());
      } else {
        accepted++;
        assertThat(item.get("status").asText()).isEqualTo("ACCEPTED");
        Map<String, Object> row = jdbc.sql("select client_ref, level, comment, complaint_number from rating where id = ?")
            .param(item.get("id").asLong()).query().singleRow();
        assertThat(row.get("CLIENT_REF")).as("the row of item " + i).isEqualTo("ra-many-" + i);
        assertThat(((Number) row.get("LEVEL")).intValue()).isEqualTo(i % 97 == 5 ? 1 : 3 + i % 3);
        assertThat(row.get("COMMENT")).isEqualTo("第 " + i + " 条");
        if (i % 97 == 5) {
          badReviews++;
          String number = item.get("complaintNumber").asText();
          assertThat(row.get("COMPLAINT_NUMBER")).isEqualTo(number);
          Complaint complaint = complaints.byNumber(number).orElseThrow();
          assertThat(complaint.ratingId()).isEqualTo(item.get("id").asLong());
          assertThat(complaint.content()).isEqualTo("第 " + i + " 条");
        } else {
          assertThat(item.get("complaintNumber").isNull()).isTrue();
          assertThat(row.get("COMPLAINT_NUMBER")).isNull();
        }
      }
    }
    assertThat(badReviews).isEqualTo(4);
    assertThat(answer.get("accepted").asInt()).isEqualTo(accepted).isEqualTo(288);
    assertThat(stored("ra-many-%")).isEqualTo(accepted);
  }

  /** More ratings than one statement takes (a large spreadsheet): full statements as a JDBC batch, then the rest. */
  @Test
  void ratingsOverSeveralStatementsGetTheirOwnIdsInOrder() {
    Unit w1 = units.byCode("ra-w1").orElseThrow();
    java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
    List<ValidRating> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      all.add(new ValidRating(w1, 3 + i % 3, RatingChannel.FORM, null, "行 " + i, null, null, "ra-rows-" + i, now.minusMinutes(i),
          now.toLocalDate(), null, null, null, "office-ra"));
    }
    long[] ids = ratings.insertAll(all, now, 128);
    assertThat(ids).hasSize(300).doesNotHaveDuplicates();
    for (int i = 0; i < 300; i++) {
      assertThat(jdbc.sql("select client_ref from rating where id = ?").param(ids[i]).query(String.class).single())
          .as("the id of rating " + i).isEqualTo("ra-rows-" + i);
    }
  }

  @Test
  void aBatchOverTheCapOrEmptyOrShapelessIsRefusedWhole() {
    StringBuilder big = new StringBuilder("{\"items\":[");
    for (int i = 0; i < 1001; i++) {
      big.append(i == 0 ? "" : ",").append("{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"DEVICE\",\"clientRef\":\"ra-cap-").append(i).append("\"}");
    }
    HttpResponse<String> tooMany = post("/api/ratings/batch", big.append("]}").toString(), "X-Device-Key", keyOfW1);
    assertThat(tooMany.statusCode()).isEqualTo(413);
    assertThat(parse(tooMany).get("error").asText()).contains("1000").contains("1001");
    assertThat(stored("ra-cap-%")).isZero();
    assertThat(parse(post("/api/ratings/batch", "{\"items\":[]}", "X-Device-Key", keyOfW1)).get("fields").has("items")).isTrue();
    assertThat(post("/api/ratings/batch", "{\"ratings\":[{}]}", "X-Device-Key", keyOfW1).statusCode()).isEqualTo(400);
    assertThat(post("/api/ratings/batch", "{\"items\":[" + "x".repeat(10) + "]}").statusCode()).isEqualTo(400);
  }

  @Test
  void aPadNeedsAValidUnrevokedKeyOfItsOwnWindow() {
    String rating = "{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"DEVICE\"}";
    HttpResponse<String> noKey = post("/api/ratings", rating);
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(parse(noKey).get("error").asText()).contains("X-Device-Key");
    HttpResponse<String> unknown = post("/api/ratings", rating, "X-Device-Key", "ssk_made-up");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(parse(unknown).get("error").asText()).contains("无效");
    HttpResponse<String> foreign = post("/api/ratings", rating, "X-Device-Key", keyOfW2);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(parse(foreign).get("error").asText()).contains("评价测试二号窗口");

    RatingDevices.Issued spare = devices.issue("ra-w1", "备用评价器");
    assertThat(post("/api/ratings", rating, "X-Device-Key", spare.key()).statusCode()).isEqualTo(201);
    devices.revoke(spare.device().id());
    HttpResponse<String> revoked = post("/api/ratings", rating, "X-Device-Key", spare.key());
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(parse(revoked).get("error").asText()).contains("吊销");
    HttpResponse<String> revokedBatch = post("/api/ratings/batch", "{\"items\":[" + rating + "]}", "X-Device-Key", spare.key());
    assertThat(revokedBatch.statusCode()).as("a revoked pad hears it at once, for the whole batch").isEqualTo(401);
  }

  @Test
  void onePhoneRatesAWindowOnceADay() {
    String qr = "{\"unitCode\":\"%s\",\"level\":5,\"channel\":\"QR\",\"deviceToken\":\"%s\"}";
    assertThat(post("/api/ratings", qr.formatted("ra-w1", "phone-ra-0001")).statusCode()).isEqualTo(201);
    HttpResponse<String> again = post("/api/ratings", qr.formatted("ra-w1", "phone-ra-0001"));
    assertThat(again.statusCode()).isEqualTo(429);
    assertThat(parse(again).get("error").asText()).contains("今天已经评价过").contains("评价测试一号窗口");
    assertThat(again.headers().firstValue("Retry-After")).isPresent();
    assertThat(post("/api/ratings", qr.formatted("ra-w2", "phone-ra-0001")).statusCode()).as("another window").isEqualTo(201);
    assertThat(post("/api/ratings", qr.formatted("ra-w1", "phone-ra-0002")).statusCode()).as("another phone").isEqualTo(201);
    JsonNode batch = parse(post("/api/ratings/batch", "{\"items\":[" + qr.formatted("ra-w1", "phone-ra-0003") + ","
        + qr.formatted("ra-w1", "phone-ra-0003") + "]}"));
    assertThat(batch.get("items").get(0).get("status").asText()).isEqualTo("ACCEPTED");
    assertThat(batch.get("items").get(1).get("code").asText()).isEqualTo("LIMITED");
    assertThat(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":5,\"channel\":\"ONLINE\"}").statusCode())
        .as("an anonymous rating without a token cannot be limited, so it is refused").isEqualTo(400);
    assertThat(jdbc.sql("select count(*) from rating where voter_hash like '%phone%'").query(Long.class).single())
        .as("only hashes are stored").isZero();
  }

  @Test
  void oneAddressSendsAtMostTheLimitOfAnonymousRatingsAMinute() {
    int limit = limiter.limit();
    for (int i = 0; i < limit; i++) {
      HttpResponse<String> r = post("/api/ratings", "{\"unitCode\":\"ra-w2\",\"level\":4,\"channel\":\"ONLINE\",\"deviceToken\":\"rate-limit-" + i + "\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    HttpResponse<String> over = post("/api/ratings", "{\"unitCode\":\"ra-w2\",\"level\":4,\"channel\":\"ONLINE\",\"deviceToken\":\"rate-limit-x\"}");
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(parse(over).get("error").asText()).contains("过于频繁").contains(Integer.toString(limit));
    assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    assertThat(post("/api/ratings", "{\"unitCode\":\"ra-w2\",\"level\":4,\"channel\":\"DEVICE\"}", "X-Device-Key", keyOfW2).statusCode())
        .as("pads are not limited by address: a hall's pads share one").isEqualTo(201);
    limiter.reset();
  }

  @Test
  void onlyTheOfficeTypesInPaperFormsBoxEntriesAndHotlineRatings() {
    String form = "{\"unitCode\":\"ra-w1\",\"level\":4,\"channel\":\"FORM\",\"ratedAt\":\"%s\",\"clientRef\":\"ra-form-%s\"}";
    String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
    assertThat(post("/api/ratings", form.formatted(today, 1)).statusCode()).isEqualTo(401);
    WebClient lead = new WebClient(port);
    lead.login("lead-ra-hall", PASSWORD);
    assertThat(post(lead, "/api/ratings", form.formatted(today, 2)).statusCode()).isEqualTo(403);
    WebClient office = new WebClient(port);
    office.login("office-ra", PASSWORD);
    HttpResponse<String> typed = post(office, "/api/ratings", form.formatted(today, 3));
    assertThat(typed.statusCode()).as(typed.body()).isEqualTo(201);
    assertThat(jdbc.sql("select entered_by from rating where client_ref = 'ra-form-3'").query(String.class).single()).isEqualTo("office-ra");
  }

  @Test
  void aBadReviewBecomesAComplaintWithTheRatersContact() {
    HttpResponse<String> response = post("/api/ratings", """
        {"unitCode":"ra-w1","level":1,"channel":"DEVICE","comment":"等了一个小时没人理","contactName":"周女士","contactPhone":"139 0000 1111",
         "clientRef":"ra-bad-1"}""", "X-Device-Key", keyOfW1);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode answer = parse(response);
    String number = answer.get("complaintNumber").asText();
    assertThat(number).matches("TS-\\d{4}-\\d{6}");
    Complaint complaint = complaints.byNumber(number).orElseThrow();
    assertThat(complaint.source()).isEqualTo("RATING");
    assertThat(complaint.unitCode()).isEqualTo("ra-w1");
    assertThat(complaint.ratingId()).isEqualTo(answer.get("id").asLong());
    assertThat(complaint.content()).isEqualTo("等了一个小时没人理");
    assertThat(complaint.contactName()).isEqualTo("周女士");
    assertThat(complaint.contactPhone()).isEqualTo("139 0000 1111");
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(number).count()).isEqualTo(1);
    assertThat(jdbc.sql("select complaint_number from rating where id = ?").param(answer.get("id").asLong()).query(String.class).single())
        .isEqualTo(number);

    long complaintsBefore = jdbc.sql("select count(*) from complaint").query(Long.class).single();
    assertThat(parse(post("/api/ratings", "{\"unitCode\":\"ra-w1\",\"level\":1,\"channel\":\"DEVICE\",\"clientRef\":\"ra-bad-1\"}",
        "X-Device-Key", keyOfW1)).get("status").asText()).isEqualTo("DUPLICATE");
    assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).as("a resend makes no second complaint")
        .isEqualTo(complaintsBefore);

    JsonNode anonymousBad = parse(post("/api/ratings", "{\"unitCode\":\"ra-w2\",\"level\":2,\"channel\":\"QR\",\"deviceToken\":\"phone-ra-bad\"}"));
    Complaint withoutComment = complaints.byNumber(anonymousBad.get("complaintNumber").asText()).orElseThrow();
    assertThat(withoutComment.content()).isEqualTo("（差评，未留言）");
    assertThat(withoutComment.contactPhone()).isNull();
  }

  @Test
  void theStaffMemberABadReviewNamesIsKeptShownAndCountedOnceSubstantiated() {
    JsonNode answer = parse(post("/api/ratings", """
        {"unitCode":"ra-w1","level":1,"channel":"DEVICE","staffBadge":"RA-001","comment":"态度生硬","clientRef":"ra-bad-staff"}""",
        "X-Device-Key", keyOfW1));
    String number = answer.get("complaintNumber").asText();
    Complaint complaint = complaints.byNumber(number).orElseThrow();
    assertThat(complaint.staffBadge()).isEqualTo("RA-001");
    String instance = complaint.processInstanceId();
    assertThat(runtimeService.getVariable(instance, "namedStaff")).isEqualTo("王评（工号 RA-001）");

    org.camunda.bpm.engine.TaskService tasks = taskService;
    org.camunda.bpm.engine.task.Task triage = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    assertThat(triage.getTaskDefinitionKey()).isEqualTo("Task_TriageComplaint");
    assertThat(formService.getTaskFormVariables(triage.getId()).keySet()).contains("namedStaff");
    WebClient office = new WebClient(port);
    office.login("office-ra", PASSWORD);
    assertThat(office.get("/complaints/" + number).body()).contains("被点名的工作人员", "王评（工号 RA-001）");

    int year = complaint.createdAt().getYear();
    tasks.complete(triage.getId(), java.util.Map.of("triageOutcome", "ACCEPT", "namedStaff", "王评（工号 RA-001）"));
    assertThat(complaints.substantiatedNaming("RA-001", year)).as("not yet verified").isEmpty();
    org.camunda.bpm.engine.task.Task verify = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    assertThat(verify.getTaskDefinitionKey()).isEqualTo("Task_VerifyComplaint");
    assertThat(formService.getTaskFormVariables(verify.getId()).getValue("namedStaff", String.class)).isEqualTo("王评（工号 RA-001）");
    tasks.complete(verify.getId(), java.util.Map.of("substantiated", true, "category", "ATTITUDE", "severity", "LOW",
        "findings", "调看录像，属实"));
    assertThat(complaints.substantiatedNaming("RA-001", year)).extracting(Complaint::number).containsExactly(number);
  }
}
