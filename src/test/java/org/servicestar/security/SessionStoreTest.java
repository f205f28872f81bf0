package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.autoconfigure.session.SessionProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Sessions live in the database (Spring Session JDBC, issue 22), so any node serves a logged-in user:
 * our login, our CSRF token and the Camunda webapps' own login are all stored there, every attribute
 * readable by another JVM, and a session gone from the table is gone everywhere. The two-node test
 * (FaultsReliability) proves the same across a killed node.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionStoreTest {

  private static final String USER = "sess-office";
  private static final String PASSWORD = "sess-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  SessionRepositoryFilter<?> sessionFilter;
  @Autowired
  ApplicationContext context;

  @BeforeAll
  void user() {
    identity.ensureUser(USER, "会话", "测试", PASSWORD);
    identity.ensureMembership(USER, Groups.OFFICE);
  }

  @Test
  void ourLoginAndTasklistsLoginAreStoredInTheDatabaseAndEndWithTheirRow() throws Exception {
    WebClient client = new WebClient(port).loginToTasklist(USER, PASSWORD);
    HttpResponse<String> tasks = client.getJson("/camunda/api/engine/engine/default/task/count");
    assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
    client.csrfOf("/logout");

    String session = jdbc.sql("select primary_id from spring_session where principal_name = ?").param(USER)
        .query(String.class).single();
    Map<String, byte[]> attributes = new java.util.HashMap<>();
    jdbc.sql("select attribute_name, attribute_bytes from spring_session_attributes where session_primary_id = ?").param(session)
        .query(rs -> {
          attributes.put(rs.getString(1), rs.getBytes(2));
        });
    // Spring Security's login and CSRF token, and Camunda's webapp login (Authentications) with its own XSRF token.
    assertThat(attributes.keySet()).contains("SPRING_SECURITY_CONTEXT",
        "org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository.CSRF_TOKEN", "authenticatedUser");
    for (Map.Entry<String, byte[]> attribute : attributes.entrySet()) {
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(attribute.getValue()))) {
        assertThat(in.readObject()).as(attribute.getKey()).isNotNull();
      }
    }
    assertThat(attributes.get("authenticatedUser")).isNotEmpty();
    System.out.printf("session in the database: %d attributes %s%n", attributes.size(), List.copyOf(attributes.keySet()));

    // Nothing of the session is kept in the node's memory: without its row, the user is logged out of both.
    jdbc.sql("delete from spring_session where primary_id = ?").param(session).update();
    assertThat(client.get("/").headers().firstValue("Location").orElse("")).endsWith("/login");
    assertThat(client.getJson("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(401);
  }

  @Test
  void loggingOutDeletesTheSessionsRow() {
    String user = USER + "-out";
    identity.ensureUser(user, "会话", "退出", PASSWORD);
    WebClient client = new WebClient(port);
    client.login(user, PASSWORD);
    assertThat(count(user)).isEqualTo(1);
    HttpResponse<String> out = client.postForm("/logout", Map.of("_csrf", client.csrfOf("/logout")));
    assertThat(out.headers().firstValue("Location").orElse("")).contains("/login?logout");
    assertThat(count(user)).isZero();
  }

  /**
   * A database outage must not break an answer already being written (OutageTolerantSessions): the session filter
   * uses the tolerant repository, and the scope telling it whether the answer is committed encloses the filter.
   */
  @Test
  void theSessionFilterUsesTheOutageTolerantRepositoryInsideItsAnswerScope() {
    assertThat(ReflectionTestUtils.getField(sessionFilter, "sessionRepository")).isInstanceOf(OutageTolerantSessions.class);
    int sessionFilterOrder = context.getBean(SessionProperties.class).getServlet().getFilterOrder();
    int scopeOrder = context.getBeansOfType(FilterRegistrationBean.class).values().stream()
        .filter(r -> r.getFilter() instanceof OutageTolerantSessions.AnswerScope).findFirst().orElseThrow().getOrder();
    assertThat(scopeOrder).isLessThan(sessionFilterOrder);
  }

  private long count(String user) {
    return jdbc.sql("select count(*) from spring_session where principal_name = ?").param(user).query(Long.class).single();
  }
}
