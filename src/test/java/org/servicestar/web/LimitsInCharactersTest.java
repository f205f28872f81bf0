package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Texts at their limit in emoji and in CJK Extension B characters (two UTF-16 units each) are
 * accepted and stored whole; one character more is refused, and the message states the count in
 * characters. On H2, whose varchar counts UTF-16 units, this needs {@link H2TextColumns}.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsInCharactersTest {

  private static final String EMOJI = "😀";
  private static final String RARE = "𪚥";
  private static final String RARE_2 = "𠀀";
  private static final String PASSWORD = "lc-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  DataSource dataSource;

  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void aWindowAndAnOfficeMember() {
    units.create(new UnitService.UnitDraft("lc-dept", "字数测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("lc-hall", "字数测试大厅", UnitType.HALL, "lc-dept"));
    units.create(new UnitService.UnitDraft("lc-w1", "字数测试窗口", UnitType.WINDOW, "lc-hall"));
    identity.ensureUser("office-lc", "办公室", "字数", PASSWORD);
    identity.ensureMembership("office-lc", Groups.OFFICE);
  }

  @Test
  void aComplaintAtItsLimitsInEmojiAndRareCharactersIsStoredWhole() {
    String content = EMOJI.repeat(2000);
    String name = RARE.repeat(50);
    HttpResponse<String> created = complaint(content, name);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String number = parse(created).get("number").asText();
    assertThat(jdbc.sql("select content from complaint where number = ?").param(number).query(String.class).single()).isEqualTo(content);
    assertThat(jdbc.sql("select contact_name from complaint where number = ?").param(number).query(String.class).single()).isEqualTo(name);
  }

  @Test
  void oneCharacterOverIsRefusedAndTheMessageCountsCharacters() {
    long before = complaints();
    assertThat(refusal(complaint(EMOJI.repeat(2001), null), "content")).isEqualTo("投诉内容最长 2000 字，现有 2001 字");
    assertThat(refusal(complaint(EMOJI.repeat(16_384), null), "content")).isEqualTo("投诉内容最长 2000 字，现有 16384 字");
    assertThat(refusal(complaint("排队两小时无人叫号", RARE.repeat(51)), "contactName")).isEqualTo("联系人姓名最长 50 字，现有 51 字");
    assertThat(complaints()).as("nothing stored").isEqualTo(before);
  }

  @Test
  void aRatingCommentAtItsLimitInRareCharactersIsStoredAndOneMoreIsRefused() {
    WebClient office = new WebClient(port);
    office.login("office-lc", PASSWORD);
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    String rating = "{\"unitCode\":\"lc-w1\",\"level\":4,\"channel\":\"FORM\",\"ratedAt\":\"" + today
        + "\",\"clientRef\":\"%s\",\"comment\":\"%s\"}";
    HttpResponse<String> atLimit = post(office, "/api/ratings", rating.formatted("lc-rating-1", RARE_2.repeat(500)));
    assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(201);
    assertThat(jdbc.sql("select comment from rating where client_ref = 'lc-rating-1'").query(String.class).single())
        .isEqualTo(RARE_2.repeat(500));
    HttpResponse<String> over = post(office, "/api/ratings", rating.formatted("lc-rating-2", RARE_2.repeat(501)));
    assertThat(refusal(over, "comment")).isEqualTo("意见最长 500 字，现有 501 字");
    assertThat(jdbc.sql("select count(*) from rating where client_ref = 'lc-rating-2'").query(Long.class).single()).isZero();
  }

  @Test
  void masterDataNamesInRareCharactersReachTheirLimitAtTheirFullLength() {
    // A unit's name also names its Camunda group (ACT_ID_GROUP.NAME_ varchar(255), UTF-16 units on H2): PostgresIT stores 200 𪚥.
    units.create(new UnitService.UnitDraft("lc-w2", RARE.repeat(120), UnitType.WINDOW, "lc-hall"));
    assertThat(units.byCode("lc-w2").orElseThrow().name()).isEqualTo(RARE.repeat(120));
    assertThatThrownBy(() -> units.create(new UnitService.UnitDraft("lc-w3", RARE.repeat(201), UnitType.WINDOW, "lc-hall")))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.fieldErrors()).containsEntry("name", "单位名称最长 200 字，现有 201 字"));
    staff.create(new StaffService.StaffDraft("lc-w1", RARE.repeat(100), "LC-001", false, RARE_2.repeat(100)));
    assertThat(jdbc.sql("select name || '|' || position from staff where badge_no = 'LC-001'").query(String.class).single())
        .isEqualTo(RARE.repeat(100) + "|" + RARE_2.repeat(100));
    assertThatThrownBy(() -> staff.create(new StaffService.StaffDraft("lc-w1", RARE.repeat(101), "LC-002", false, null)))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.fieldErrors()).containsEntry("name", "姓名最长 100 字，现有 101 字"));
  }

  /** H2TextColumns has widened every text column of the app's tables once; a second run changes nothing. */
  @Test
  void everyTextColumnOfTheAppHoldsItsWidthInCharactersOnH2() throws SQLException {
    List<String> unmarked = jdbc.sql("""
            select c.table_name || '.' || c.column_name from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.data_type = 'CHARACTER VARYING'
              and c.table_name not like 'ACT\\_%' and lower(c.table_name) <> 'servicestar_schema_history'
              and coalesce(c.remarks, '') <> 'utf16:' || c.character_maximum_length""")
        .query(String.class).list();
    assertThat(unmarked).isEmpty();
    assertThat(jdbc.sql("select character_maximum_length from information_schema.columns where table_name = 'RATING'"
        + " and column_name = 'COMMENT'").query(Long.class).single()).as("varchar(500) in V6").isEqualTo(1000);
    try (Connection connection = dataSource.getConnection()) {
      assertThat(H2TextColumns.widen(connection, "servicestar_schema_history")).isZero();
    }
  }

  private HttpResponse<String> complaint(String content, String contactName) {
    String body = "{\"unitCode\":\"lc-w1\",\"channel\":\"ONLINE\",\"content\":\"" + content + "\""
        + (contactName == null ? "" : ",\"contactName\":\"" + contactName + "\"") + "}";
    return post(new WebClient(port), "/api/complaints", body);
  }

  private static HttpResponse<String> post(WebClient client, String path, String body) {
    return client.send(client.request(path).header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private String refusal(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode fields = parse(response).get("fields");
    assertThat(fields.has(field)).as(response.body()).isTrue();
    return fields.get(field).asText();
  }

  private long complaints() {
    return jdbc.sql("select count(*) from complaint").query(Long.class).single();
  }

  private JsonNode parse(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
