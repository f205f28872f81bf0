package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.time.AppClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Login throttling (per user, per address, across nodes, audited), session fixation, CSRF for the
 * browser forms and the security headers of our pages and of Camunda's webapps.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginAndHeadersTest {

  private static final String PASSWORD = "thr-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  AuditTrail audit;
  @Autowired
  LoginProperties properties;

  @BeforeAll
  void users() {
    for (String user : List.of("thr-a", "thr-b", "thr-c", "thr-d", "thr-e", "thr-f")) {
      identity.ensureUser(user, "节流", "测试", PASSWORD);
    }
    identity.ensureMembership("thr-f", Groups.OFFICE);
  }

  /** A client whose address (through the trusted proxy header) is its own, so address counts stay apart. */
  private WebClient from(String address) {
    return new WebClient(port).header("X-Forwarded-For", address);
  }

  private static String location(HttpResponse<String> response) {
    return response.headers().firstValue("Location").orElse("");
  }

  @Test
  void fiveFailuresRefuseEvenTheRightPasswordWithAClearMessageAndTheAuditTrailSaysSo() {
    WebClient client = from("10.20.0.1");
    for (int i = 0; i < properties.maxFailuresPerUser(); i++) {
      assertThat(location(client.login("thr-a", "wrong-" + i))).endsWith("/login?error");
    }
    HttpResponse<String> refused = client.login("thr-a", PASSWORD);
    assertThat(location(refused)).endsWith("/login?locked");
    assertThat(client.get("/login?locked").body()).contains("登录失败次数过多，已暂时锁定");
    // From another address and through HTTP basic on /engine-rest (Camunda Modeler) as well.
    HttpResponse<String> basic = from("10.20.0.2").basic("thr-a", PASSWORD).getJson("/engine-rest/user/thr-a/profile");
    assertThat(basic.statusCode()).isEqualTo(429);
    assertThat(basic.body()).contains("登录失败次数过多");

    List<AuditTrail.Entry> entries = audit.of("user:thr-a", 20);
    assertThat(entries).filteredOn(e -> e.action().equals("LOGIN_FAILED")).hasSize(properties.maxFailuresPerUser())
        .allSatisfy(e -> assertThat(e.detail()).contains("10.20.0.1"));
    assertThat(entries).filteredOn(e -> e.action().equals("LOGIN_THROTTLED")).hasSize(2);
    System.out.printf("login throttling: %d failures of thr-a, then the right password refused by form (302 /login?locked) and basic (429)%n",
        properties.maxFailuresPerUser());
  }

  @Test
  void aSuccessfulLoginResetsTheCount() {
    WebClient client = from("10.20.1.1");
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < properties.maxFailuresPerUser() - 1; i++) {
        assertThat(location(client.login("thr-b", "wrong"))).endsWith("/login?error");
      }
      assertThat(location(client.login("thr-b", PASSWORD))).as("round " + round).endsWith("/");
    }
  }

  @Test
  void oneAddressTryingManyUserNamesIsRefusedForAllOfThem() {
    WebClient attacker = from("10.20.2.1");
    for (int i = 0; i < properties.maxFailuresPerAddress(); i++) {
      assertThat(location(attacker.login("nobody-" + i, "guess"))).endsWith("/login?error");
    }
    assertThat(location(attacker.login("thr-c", PASSWORD))).endsWith("/login?locked");
    assertThat(location(from("10.20.2.2").login("thr-c", PASSWORD))).as("another address").endsWith("/");
  }

  @Test
  void anotherNodeCountsTheSameFailuresBecauseTheyAreInTheDatabase() {
    LoginThrottle nodeA = new LoginThrottle(jdbc, properties, audit, new AppClock(AppClock.DEFAULT_ZONE));
    LoginThrottle nodeB = new LoginThrottle(jdbc, properties, audit, new AppClock(AppClock.DEFAULT_ZONE));
    for (int i = 0; i < properties.maxFailuresPerUser(); i++) {
      (i % 2 == 0 ? nodeA : nodeB).failed("thr-d", "10.20.3." + i);
    }
    // This node (the running app) refuses the user although it saw none of the failures itself.
    assertThat(location(from("10.20.3.9").login("thr-d", PASSWORD))).endsWith("/login?locked");
  }

  @Test
  void failuresOlderThanTheWindowNoLongerCount() {
    LocalDateTime old = LocalDateTime.now().minus(properties.window()).minus(Duration.ofMinutes(1));
    for (int i = 0; i < properties.maxFailuresPerUser() + 3; i++) {
      jdbc.sql("insert into login_failure (at, username, address) values (?, ?, ?)").params(old, "thr-e", "10.20.4.1").update();
    }
    assertThat(location(from("10.20.4.1").login("thr-e", PASSWORD))).endsWith("/");
  }

  @Test
  void theSessionIdChangesOnLoginAndTheOldCsrfTokenDiesWithIt() {
    WebClient client = from("10.20.5.1");
    String tokenBefore = client.csrfOf("/login");
    String sessionBefore = client.cookie("JSESSIONID");
    assertThat(sessionBefore).isNotNull();
    assertThat(location(client.login("thr-f", PASSWORD))).endsWith("/");
    String sessionAfter = client.cookie("JSESSIONID");
    assertThat(sessionAfter).isNotNull().isNotEqualTo(sessionBefore);
    // A forged form (no token, or the token an attacker saw before the login) is refused; the real one works.
    assertThat(client.postForm("/logout", Map.of()).statusCode()).isEqualTo(403);
    assertThat(client.postForm("/logout", Map.of("_csrf", tokenBefore)).statusCode()).isEqualTo(403);
    assertThat(client.get("/").statusCode()).as("still logged in").isEqualTo(200);
    assertThat(location(client.postForm("/logout", Map.of("_csrf", client.csrfOf("/logout"))))).contains("/login?logout");
    System.out.printf("session fixation: JSESSIONID %s… → %s… on login; CSRF: POST /logout without or with the pre-login token → 403%n",
        sessionBefore.substring(0, 6), sessionAfter.substring(0, 6));
  }

  @Test
  void ourPagesSendAStrictPolicyAndHstsOnlyOverTls() {
    HttpResponse<String> page = new WebClient(port).get("/login");
    assertThat(page.headers().allValues("Content-Security-Policy")).containsExactly(SecurityConfig.PAGES_POLICY);
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(page.headers().firstValue("Strict-Transport-Security")).as("plain HTTP").isEmpty();
    assertThat(page.body()).as("no inline script the policy would block").doesNotContain("<script>");

    HttpResponse<String> behindTls = new WebClient(port).header("X-Forwarded-Proto", "https").get("/login");
    assertThat(behindTls.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age=31536000"));
    HttpResponse<String> restBehindTls = new WebClient(port).header("X-Forwarded-Proto", "https").getJson("/engine-rest/task");
    assertThat(restBehindTls.headers().firstValue("Strict-Transport-Security")).isPresent();
  }

  @Test
  void camundasWebappsKeepTheirOwnPolicyWhichTasklistsFormsNeed() {
    WebClient user = new WebClient(port).loginToTasklist("thr-f", PASSWORD);
    HttpResponse<String> tasklist = user.get("/camunda/app/tasklist/default/");
    assertThat(tasklist.statusCode()).isEqualTo(200);
    List<String> policies = tasklist.headers().allValues("Content-Security-Policy");
    assertThat(policies).hasSize(1);
    assertThat(policies.get(0)).isNotEqualTo(SecurityConfig.PAGES_POLICY).contains("'unsafe-eval'").contains("frame-ancestors");
    assertThat(tasklist.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void camundasOwnLoginIsClosedSoPasswordsAreOnlyCheckedBehindTheThrottle() {
    WebClient user = new WebClient(port).loginToTasklist("thr-f", PASSWORD);
    user.getJson("/camunda/api/admin/auth/user/default");
    HttpResponse<String> login = user.send(user.request("/camunda/api/admin/auth/user/default/login/tasklist")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", user.cookie("XSRF-TOKEN") == null ? "" : user.cookie("XSRF-TOKEN"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=thr-a&password=guess")));
    assertThat(login.statusCode()).isEqualTo(403);
  }
}
