package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.MapSession;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A session save that fails because the database is gone must not throw into a response being written (the
 * outage's truncated answers): it is logged once per request, without the session id; a look-up fails quietly only
 * once the answer is committed; other failures still throw.
 */
class OutageTolerantSessionsTest {

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(OutageTolerantSessions.class);
  private final FailingSessions failing = new FailingSessions();
  private final OutageTolerantSessions<MapSession> sessions = new OutageTolerantSessions<>(failing);

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  @Test
  void aSaveFailingBecauseTheDatabaseIsUnreachableIsLoggedOnceWithoutTheSessionIdAndNotThrown() {
    MapSession session = new MapSession();
    failing.failure = new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
        new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms."));

    sessions.save(session);
    failing.failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
    sessions.save(session);

    assertThat(failing.saves).isEqualTo(2);
    assertThat(log.list).hasSize(2).allSatisfy(line -> {
      assertThat(line.getLevel()).isEqualTo(Level.WARN);
      assertThat(line.getFormattedMessage()).contains("会话未保存").doesNotContain(session.getId());
      assertThat(line.getThrowableProxy()).as("no stack trace per failed save").isNull();
    });
    assertThat(log.list.get(0).getFormattedMessage()).contains("Connection is not available");
  }

  @Test
  void inOneRequestTheSessionFiltersTwoFailedSavesAreOneWarning() throws Exception {
    failing.failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
    inARequest(new MockHttpServletResponse(), () -> {
      sessions.save(new MapSession());
      sessions.save(new MapSession());
    });
    assertThat(failing.saves).isEqualTo(2);
    assertThat(log.list).hasSize(1);
  }

  /**
   * SessionRepositoryFilter looks the session up again after the answer was committed (its second commit): an
   * outage then finds no session rather than aborting the answer; before the commit it still throws (→ 503).
   */
  @Test
  void aLookUpFailingInAnOutageFindsNoSessionOnlyOnceTheAnswerIsCommitted() throws Exception {
    failing.failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
    MockHttpServletResponse committed = new MockHttpServletResponse();
    committed.setCommitted(true);
    inARequest(committed, () -> assertThat(sessions.findById("x")).isNull());
    inARequest(new MockHttpServletResponse(), () ->
        assertThatThrownBy(() -> sessions.findById("x")).isInstanceOf(CannotGetJdbcConnectionException.class));
    assertThatThrownBy(() -> sessions.findById("x")).as("outside a request").isInstanceOf(CannotGetJdbcConnectionException.class);
    failing.failure = new IllegalStateException("a bug");
    inARequest(committed, () -> assertThatThrownBy(() -> sessions.findById("x")).hasMessage("a bug"));
  }

  @Test
  void otherFailuresAndDeletesStillThrow() {
    failing.failure = new IllegalStateException("not serializable");
    assertThatThrownBy(() -> sessions.save(new MapSession())).hasMessage("not serializable");
    failing.failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
    assertThatThrownBy(() -> sessions.deleteById("x")).isInstanceOf(CannotGetJdbcConnectionException.class);
    assertThat(log.list).isEmpty();
  }

  private static void inARequest(MockHttpServletResponse response, Runnable work) throws Exception {
    new OutageTolerantSessions.AnswerScope().doFilter(new MockHttpServletRequest(), response, (request, answer) -> work.run());
  }

  @Test
  void aSaveThatWorksIsTheRepositorysOwn() {
    MapSession session = new MapSession();
    sessions.save(session);
    assertThat(failing.saved).isSameAs(session);
    assertThat(log.list).isEmpty();
  }

  /** Throws {@link #failure} from every call that needs the database, if set. */
  private static final class FailingSessions implements FindByIndexNameSessionRepository<MapSession> {
    RuntimeException failure;
    int saves;
    MapSession saved;

    @Override
    public MapSession createSession() {
      return new MapSession();
    }

    @Override
    public void save(MapSession session) {
      saves++;
      fail();
      saved = session;
    }

    @Override
    public MapSession findById(String id) {
      fail();
      return null;
    }

    @Override
    public void deleteById(String id) {
      fail();
    }

    @Override
    public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
      fail();
      return Map.of();
    }

    private void fail() {
      if (failure != null) {
        throw failure;
      }
    }
  }
}
