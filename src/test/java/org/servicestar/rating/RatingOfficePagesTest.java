package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The office's ratings pages: pads' keys, typing in paper forms, the figures and the QR codes. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingOfficePagesTest {

  static final String PASSWORD = "rating-office-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  JdbcClient jdbc;

  private WebClient office;

  @BeforeAll
  void unitsAndPeople() {
    units.create(new UnitService.UnitDraft("ro-dept", "办公测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("ro-hall", "办公测试大厅", UnitType.HALL, "ro-dept"));
    units.create(new UnitService.UnitDraft("ro-w1", "办公测试一号窗口", UnitType.WINDOW, "ro-hall"));
    identity.ensureUser("office-ro", "办公室", "评议", PASSWORD);
    identity.ensureMembership("office-ro", Groups.OFFICE);
    identity.ensureUser("leader-ro", "领导", "评议", PASSWORD);
    identity.ensureMembership("leader-ro", Groups.LEADING_GROUP);
    unitGroups.createLead("ro-hall", "lead-ro-hall", "大厅负责人", PASSWORD);
    office = new WebClient(port);
    office.login("office-ro", PASSWORD);
  }

  private static Map<String, String> form(String... pairs) {
    Map<String, String> form = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  /** Where a redirect goes, as a path (the flash message waits for exactly that request). */
  private static String path(HttpResponse<String> redirect) {
    return java.net.URI.create(redirect.headers().firstValue("Location").orElseThrow()).getRawPath() + "?"
        + java.net.URI.create(redirect.headers().firstValue("Location").orElseThrow()).getRawQuery();
  }

  private HttpResponse<String> rateWithKey(String key) {
    WebClient pad = new WebClient(port);
    return pad.send(pad.request("/api/ratings").header("Content-Type", "application/json").header("X-Device-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"unitCode\":\"ro-w1\",\"level\":5,\"channel\":\"DEVICE\"}")));
  }

  @Test
  void theOfficeIssuesAKeyThatIsShownOnceAndRevokesIt() {
    String csrf = office.csrfOf("/ratings/devices");
    HttpResponse<String> issued = office.postForm("/ratings/devices", form("unitCode", "ro-w1", "label", "大厅 1 号评价器", "_csrf", csrf));
    assertThat(issued.statusCode()).isEqualTo(302);
    String page = office.get("/ratings/devices").body();
    Matcher key = Pattern.compile("(ssk_[A-Za-z0-9_-]{43})").matcher(page);
    assertThat(key.find()).as(page).isTrue();
    assertThat(page).contains("只显示这一次");
    assertThat(office.get("/ratings/devices").body()).as("shown once").doesNotContain(key.group(1));
    assertThat(jdbc.sql("select count(*) from rating_device where key_hash = ?").param(RatingHashes.sha256(key.group(1)))
        .query(Long.class).single()).as("only the hash is stored").isEqualTo(1);

    assertThat(rateWithKey(key.group(1)).statusCode()).isEqualTo(201);
    long id = jdbc.sql("select id from rating_device where key_hash = ?").param(RatingHashes.sha256(key.group(1))).query(Long.class).single();
    assertThat(office.postForm("/ratings/devices/" + id + "/revoke", form("_csrf", office.csrfOf("/ratings/devices"))).statusCode())
        .isEqualTo(302);
    assertThat(rateWithKey(key.group(1)).statusCode()).isEqualTo(401);
    assertThat(office.get("/ratings/devices").body()).contains("已吊销");

    HttpResponse<String> noLabel = office.postForm("/ratings/devices", form("unitCode", "ro-w1", "label", "", "_csrf", office.csrfOf("/ratings/devices")));
    assertThat(noLabel.statusCode()).isEqualTo(302);
    assertThat(office.get("/ratings/devices").body()).contains("请填写评价器的名称");
  }

  @Test
  void theOfficeTypesInAPaperFormAndABadOneBecomesAComplaint() {
    String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
    HttpResponse<String> typed = office.postForm("/ratings/entry", form("unitCode", "ro-w1", "channel", "FORM", "level", "2",
        "ratedDate", today, "serial", "PY-RO-0001", "comment", "材料要求前后不一", "contactName", "孙先生", "contactPhone", "13311112222",
        "_csrf", office.csrfOf("/ratings/entry")));
    assertThat(typed.statusCode()).as(typed.body()).isEqualTo(302);
    assertThat(typed.headers().firstValue("Location").orElseThrow()).contains("unitCode=ro-w1").contains("channel=FORM");
    Map<String, Object> row = jdbc.sql("select channel, entered_by, complaint_number, rated_day from rating where client_ref = 'PY-RO-0001'")
        .query().singleRow();
    assertThat(row).containsEntry("CHANNEL", "FORM").containsEntry("ENTERED_BY", "office-ro");
    assertThat((String) row.get("COMPLAINT_NUMBER")).matches("TS-\\d{4}-\\d{6}");
    assertThat(office.get(path(typed)).body()).contains("差评已转为投诉 " + row.get("COMPLAINT_NUMBER"));

    HttpResponse<String> again = office.postForm("/ratings/entry", form("unitCode", "ro-w1", "channel", "FORM", "level", "2",
        "ratedDate", today, "serial", "PY-RO-0001", "_csrf", office.csrfOf("/ratings/entry")));
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(office.get(path(again)).body()).contains("此前已录入").contains("value=\"ro-w1\" selected");

    HttpResponse<String> wrong = office.postForm("/ratings/entry", form("unitCode", "ro-w1", "channel", "QR", "level", "",
        "ratedDate", "2020-01-01", "_csrf", office.csrfOf("/ratings/entry")));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("只能录入评议表").contains("请选择评价等级");
  }

  @Test
  void theOverviewShowsFiguresAndQrCodesToThoseWhoOverseeAndHidesContacts() {
    WebClient pad = new WebClient(port);
    pad.send(pad.request("/api/ratings").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
        "{\"unitCode\":\"ro-w1\",\"level\":1,\"channel\":\"ONLINE\",\"deviceToken\":\"ro-phone-1\",\"comment\":\"<i>斜体</i>\","
            + "\"contactName\":\"吴女士\",\"contactPhone\":\"13288889999\"}")));
    HttpResponse<String> page = office.get("/ratings?unit=ro-hall");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("办公测试大厅").contains("id=\"figures\"").contains("/rate/ro-w1/card").contains("/rate/ro-w1/qr.png")
        .contains("id=\"public-address-missing\"")
        .contains("&lt;i&gt;斜体&lt;/i&gt;").doesNotContain("<i>斜体").doesNotContain("13288889999").doesNotContain("吴女士");

    WebClient leader = new WebClient(port);
    leader.login("leader-ro", PASSWORD);
    assertThat(leader.get("/ratings?unit=ro-hall").statusCode()).isEqualTo(200);
    assertThat(leader.get("/ratings/devices").statusCode()).isEqualTo(403);
    WebClient lead = new WebClient(port);
    lead.login("lead-ro-hall", PASSWORD);
    assertThat(lead.get("/ratings").statusCode()).isEqualTo(403);
    assertThat(new WebClient(port).get("/ratings").statusCode()).as("anonymous: to the login page").isEqualTo(302);
    assertThat(office.get("/ratings?unit=nowhere").body()).contains("没有编码为 nowhere 的单位");
    assertThat(office.get("/ratings?from=yesterday").body()).contains("日期须为");
  }

  @Test
  void theOfficeExcludesARatingFromTheOverview() {
    WebClient pad = new WebClient(port);
    pad.send(pad.request("/api/ratings").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
        "{\"unitCode\":\"ro-w1\",\"level\":3,\"channel\":\"ONLINE\",\"deviceToken\":\"ro-phone-2\"}")));
    long id = jdbc.sql("select max(r.id) from rating r join unit u on u.id = r.unit_id where u.code = 'ro-w1' and r.channel = 'ONLINE'")
        .query(Long.class).single();
    HttpResponse<String> excluded = office.postForm("/ratings/" + id + "/exclude", form("reason", "同一人用多部手机刷分",
        "back", "?unit=ro-w1", "_csrf", office.csrfOf("/ratings?unit=ro-w1")));
    assertThat(excluded.statusCode()).isEqualTo(302);
    assertThat(excluded.headers().firstValue("Location").orElseThrow()).endsWith("/ratings?unit=ro-w1");
    assertThat(jdbc.sql("select excluded_reason from rating where id = ?").param(id).query(String.class).single()).isEqualTo("同一人用多部手机刷分");
    assertThat(office.get("/ratings?unit=ro-w1").body()).contains("已排除：同一人用多部手机刷分");
  }
}
