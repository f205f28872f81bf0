package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the running app serves to an administrator's browser for each of Camunda's webapps: our
 * config.js (Chinese by default), our zh.json, and our user-styles.css that hides the migration
 * banner, not the webjar's files of the same names. WebappLocaleTest checks the files themselves.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebappLocaleAppTest {

  /** The test profile's administrator (application-test.yaml). */
  private static final String ADMIN = "admin";
  private static final String ADMIN_PW = "test-admin-secret";

  @LocalServerPort
  int port;

  private WebClient admin;

  @BeforeAll
  void logIn() {
    admin = new WebClient(port).loginToTasklist(ADMIN, ADMIN_PW);
  }

  private HttpResponse<String> served(String path) {
    HttpResponse<String> response = admin.get(path);
    assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
    return response;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void theWebappGetsChineseByDefaultAndNoMigrationBanner(String app) throws IOException {
    String page = served("/camunda/app/" + app + "/default/").body();
    assertThat(page).as(app + " page").contains("/camunda/app/" + app + "/styles/user-styles.css");

    String config = WebappLocaleTest.stripComments(served("/camunda/app/" + app + "/scripts/config.js").body());
    assertThat(config).as(app + " config.js").containsPattern("availableLocales:\\s*\\['zh',\\s*'en'\\]")
        .containsPattern("fallbackLocale:\\s*'zh'");

    assertThat(WebappLocaleTest.hidesBanner(served("/camunda/app/" + app + "/styles/user-styles.css").body()))
        .as(app + " user-styles.css hides the migration banner").isTrue();

    String zh = served("/camunda/app/" + app + "/locales/zh.json").body();
    assertThat(zh).as(app + " zh.json is ours").isEqualTo(ours(app + "/locales/zh.json"));
  }

  private static String ours(String file) throws IOException {
    try (InputStream in = WebappLocaleAppTest.class.getClassLoader().getResourceAsStream(WebappLocaleTest.APP + file)) {
      assertThat(in).as(file + " on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
