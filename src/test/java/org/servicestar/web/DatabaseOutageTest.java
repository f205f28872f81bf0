package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;

/** What a request meets when the database is away (the whole outage is in reliability.FaultsReliability). */
class DatabaseOutageTest {

  private static final RuntimeException POOL_TIMED_OUT = new CannotCreateTransactionException("Could not open JDBC Connection",
      new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms."));

  private static MockHttpServletResponse filter(MockHttpServletRequest request, RuntimeException thrown) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    new DatabaseOutage.OutageFilter().doFilter(request, response, (req, res) -> {
      throw new ServletException("Request processing failed", thrown);
    });
    return response;
  }

  @Test
  void recognisesAnUnreachableDatabaseDeepInTheCauses() {
    assertThat(DatabaseOutage.isCause(new RuntimeException(POOL_TIMED_OUT))).isTrue();
    assertThat(DatabaseOutage.isCause(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
    assertThat(DatabaseOutage.isCause(new SQLException("An I/O error occurred while sending to the backend.", "08006"))).isTrue();
    assertThat(DatabaseOutage.isCause(new DataIntegrityViolationException("duplicate key",
        new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
    assertThat(DatabaseOutage.isCause(new IllegalStateException("no"))).isFalse();
    // The database went away mid-transaction (FaultsReliability met it): the rollback failed on the pool's closed connection.
    org.springframework.transaction.TransactionSystemException rollback =
        new org.springframework.transaction.TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
    assertThat(DatabaseOutage.isCause(rollback)).isTrue();
    org.springframework.transaction.TransactionSystemException other =
        new org.springframework.transaction.TransactionSystemException("JDBC rollback failed", new SQLException("read-only transaction", "25006"));
    assertThat(DatabaseOutage.isCause(other)).isFalse();
    other.initApplicationException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    assertThat(DatabaseOutage.isCause(other)).isTrue();
  }

  @Test
  void anApiClientGets503WithRetryAfterAndTheReasonInJson() throws Exception {
    MockHttpServletResponse response = filter(new MockHttpServletRequest("POST", "/api/ratings"), POOL_TIMED_OUT);
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("10");
    assertThat(response.getContentType()).startsWith("application/json");
    assertThat(response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"status\":503,\"error\":\"" + DatabaseOutage.MESSAGE + "\",\"fields\":{}}").doesNotContain("Exception");
  }

  @Test
  void aBrowserGetsAChinesePage() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/units");
    request.addHeader("Accept", "text/html,application/xhtml+xml");
    MockHttpServletResponse response = filter(request, POOL_TIMED_OUT);
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getContentType()).startsWith("text/html");
    assertThat(response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("服务暂时不可用", "数据库暂时不可用")
        .doesNotContain("Exception");
  }

  @Test
  void otherFailuresAreLeftToTheUsualErrorHandling() {
    assertThatThrownBy(() -> filter(new MockHttpServletRequest("GET", "/units"), new IllegalStateException("bug")))
        .isInstanceOf(ServletException.class).hasRootCauseMessage("bug");
  }
}
