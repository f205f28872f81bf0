package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The public's pages of a window: the rating page its QR code opens, the thank-you, the QR code and the card. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatePagesTest {

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;
  @Autowired
  AddressRateLimiter limiter;
  @Autowired
  JdbcClient jdbc;

  @BeforeAll
  void windows() {
    units.create(new UnitService.UnitDraft("rp-dept", "页面测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("rp-hall", "页面测试大厅", UnitType.HALL, "rp-dept"));
    units.create(new UnitService.UnitDraft("rp-w1", "页面测试一号窗口", UnitType.WINDOW, "rp-hall"));
    units.create(new UnitService.UnitDraft("rp-xss", "<script>alert('x')</script>窗口", UnitType.WINDOW, "rp-hall"));
    units.create(new UnitService.UnitDraft("rp-closed", "已撤并窗口", UnitType.WINDOW, "rp-hall"));
    units.setActive("rp-closed", units.require("rp-closed").version(), false);
    staff.create(new StaffService.StaffDraft("rp-w1", "陈页", "RP-001", false, "受理员"));
  }

  @BeforeEach
  void freshLimits() {
    limiter.reset();
  }

  private long ratingsOf(String unitCode) {
    return jdbc.sql("select count(*) from rating r join unit u on u.id = r.unit_id where u.code = ?").param(unitCode)
        .query(Long.class).single();
  }

  private static Map<String, String> form(String... pairs) {
    Map<String, String> form = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  @Test
  void thePageShowsTheWindowItsStaffTheFiveLevelsAndSetsTheRatersCookie() {
    WebClient phone = new WebClient(port);
    HttpResponse<String> page = phone.get("/rate/rp-w1");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("页面测试一号窗口").contains("页面测试局 · 页面测试大厅")
        .contains("非常满意", "满意", "基本满意", "不满意", "非常不满意")
        .contains("陈页（工号 RP-001）")
        .contains("本窗口尚未公开服务承诺")
        .contains("name=\"viewport\"").contains("/rate/_static/rate.css")
        .doesNotContain("<script");
    assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(RaterCookie.NAME + "=")
        .contains("HttpOnly").contains("SameSite=Lax"));
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(page.headers().allValues("Set-Cookie")).as("no session for the public").noneMatch(c -> c.startsWith("JSESSIONID"));
    assertThat(page.body()).doesNotContain("_csrf");
    assertThat(phone.postForm("/rate/rp-w1", form("level", "5")).headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("JSESSIONID"));
    HttpResponse<String> css = new WebClient(port).get("/rate/_static/rate.css");
    assertThat(css.statusCode()).as("the style sheet is public").isEqualTo(200);
    assertThat(css.body()).contains(".levels");
  }

  @Test
  void aPlainFormPostRatesRedirectsToTheThanksAndTheSamePhoneWaitsTillTomorrow() {
    WebClient phone = new WebClient(port);
    phone.get("/rate/rp-w1");
    long before = ratingsOf("rp-w1");
    HttpResponse<String> posted = phone.postForm("/rate/rp-w1", form("level", "5", "staffBadge", "RP-001", "comment", "很耐心"));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
    assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/rate/rp-w1/thanks");
    assertThat(phone.get("/rate/rp-w1/thanks").body()).contains("感谢您的评价");
    assertThat(ratingsOf("rp-w1")).isEqualTo(before + 1);
    assertThat(jdbc.sql("select channel from rating where id = (select max(id) from rating)").query(String.class).single()).isEqualTo("QR");

    HttpResponse<String> again = phone.postForm("/rate/rp-w1", form("level", "4"));
    assertThat(again.statusCode()).isEqualTo(429);
    assertThat(again.body()).contains("您今天已经评价过").contains("页面测试一号窗口");
    assertThat(ratingsOf("rp-w1")).isEqualTo(before + 1);
    assertThat(new WebClient(port).postForm("/rate/rp-w1", form("level", "4")).statusCode())
        .as("another phone (a new cookie is set on the post itself)").isEqualTo(302);
  }

  @Test
  void aDoubleTapStoresOneRating() {
    WebClient phone = new WebClient(port);
    String page = phone.get("/rate/rp-w1").body();
    String ref = page.replaceAll("(?s).*name=\"ref\" value=\"([^\"]+)\".*", "$1");
    long before = ratingsOf("rp-w1");
    assertThat(phone.postForm("/rate/rp-w1", form("level", "5", "ref", ref)).statusCode()).isEqualTo(302);
    assertThat(phone.postForm("/rate/rp-w1", form("level", "5", "ref", ref)).statusCode()).isEqualTo(302);
    assertThat(ratingsOf("rp-w1")).isEqualTo(before + 1);
  }

  @Test
  void aBadReviewFromThePageBecomesAComplaintAndIsThankedAccordingly() {
    WebClient phone = new WebClient(port);
    phone.get("/rate/rp-w1");
    HttpResponse<String> posted = phone.postForm("/rate/rp-w1", form("level", "1", "comment", "态度生硬",
        "contactName", "刘先生", "contactPhone", "13500001234"));
    assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/rate/rp-w1/thanks?bad");
    assertThat(phone.get("/rate/rp-w1/thanks?bad").body()).contains("专人核实");
    Map<String, Object> complaint = jdbc.sql("""
            select c.source, c.content, c.contact_phone from rating r join complaint c on c.number = r.complaint_number
             where r.id = (select max(r2.id) from rating r2 join unit u on u.id = r2.unit_id where u.code = 'rp-w1')""")
        .query().singleRow();
    assertThat(complaint).containsEntry("SOURCE", "RATING").containsEntry("CONTENT", "态度生硬").containsEntry("CONTACT_PHONE", "13500001234");
  }

  @Test
  void aFormWithoutALevelComesBackWithTheProblemAndWhatWasTyped() {
    WebClient phone = new WebClient(port);
    phone.get("/rate/rp-w1");
    HttpResponse<String> back = phone.postForm("/rate/rp-w1", form("comment", "<b>粗体</b>", "contactPhone", "abc"));
    assertThat(back.statusCode()).isEqualTo(400);
    assertThat(back.body()).contains("请选择您的评价").contains("联系电话只能包含数字")
        .contains("&lt;b&gt;粗体&lt;/b&gt;").doesNotContain("<b>粗体");
  }

  @Test
  void unknownAndInactiveWindowsGetAClearPageInChinese() {
    HttpResponse<String> unknown = new WebClient(port).get("/rate/no-such-window");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("没有找到这个窗口").contains("no-such-window");
    HttpResponse<String> closed = new WebClient(port).get("/rate/rp-closed");
    assertThat(closed.statusCode()).isEqualTo(404);
    assertThat(closed.body()).contains("已撤并窗口").contains("已停用");
    assertThat(new WebClient(port).postForm("/rate/rp-closed", form("level", "5")).statusCode()).isEqualTo(404);
    assertThat(ratingsOf("rp-closed")).isZero();
    assertThat(new WebClient(port).get("/rate/rp-closed/qr.png").statusCode()).isEqualTo(404);
    HttpResponse<String> odd = new WebClient(port).get("/rate/%3Cscript%3E");
    assertThat(odd.statusCode()).isEqualTo(404);
    assertThat(odd.body()).contains("&lt;script&gt;").doesNotContain("<script>");
  }

  @Test
  void namesAreEscaped() {
    String page = new WebClient(port).get("/rate/rp-xss").body();
    assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;窗口").doesNotContain("<script>alert");
    assertThat(new WebClient(port).get("/rate/rp-xss/card").body()).doesNotContain("<script>alert");
  }

  @Test
  void theQrCodeOpensTheRatingPageAndTheCardIsA6() throws Exception {
    WebClient client = new WebClient(port);
    HttpResponse<byte[]> png = java.net.http.HttpClient.newHttpClient().send(client.request("/rate/rp-w1/qr.png").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/png");
    assertThat(QrCodesTest.decode(png.body())).isEqualTo("http://localhost:8080/rate/rp-w1");

    String card = client.get("/rate/rp-w1/card").body();
    assertThat(card).contains("页面测试一号窗口").contains("rp-w1").contains("/rate/rp-w1/qr.png").contains("card.css")
        .contains("http://localhost:8080/rate/rp-w1");
    // The H2 test set-up, like a fresh demo, has no public address: the card says so above the card
    // (screen only; the print CSS hides .actions), before thousands are printed pointing to localhost.
    assertThat(card).contains("id=\"public-address-missing\"").contains("SERVICESTAR_PUBLIC_URL");
    assertThat(client.get("/rate/_static/card.css").body()).contains("@page { size: A6");
  }
}
