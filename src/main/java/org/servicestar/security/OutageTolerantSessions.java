package org.servicestar.security;

import java.util.Map;

import org.servicestar.web.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * The sessions in PostgreSQL (Spring Session JDBC, V38), as SessionRepositoryFilter uses them: a save that fails
 * because the database is unreachable is logged and dropped instead of thrown.
 *
 * <p>The filter saves the session when the response is committed, i.e. while a page or an answer is already being
 * written (and every request saves, since its last-access time changed). Thrown there, the failure aborts a
 * response half sent — a truncated body instead of the clean 503 or the page the outage rule promises. Dropped,
 * that request's changes to its session are not persisted: the user's next request reads the last saved state
 * (during an outage that request needs the database anyway, and answers 503 until it is back). Reading and
 * deleting still throw: they happen before anything is written (reading a session is the request's first use of
 * the database, answered 503 by {@link DatabaseOutage}), and a logout must not look done while its row survives.
 */
final class OutageTolerantSessions<S extends Session> implements FindByIndexNameSessionRepository<S> {

  private static final Logger log = LoggerFactory.getLogger(OutageTolerantSessions.class);

  private final FindByIndexNameSessionRepository<S> sessions;

  OutageTolerantSessions(FindByIndexNameSessionRepository<S> sessions) {
    this.sessions = sessions;
  }

  @Override
  public void save(S session) {
    try {
      sessions.save(session);
    } catch (RuntimeException e) {
      if (!DatabaseOutage.isCause(e)) {
        throw e;
      }
      // The root cause only: a session id is a credential, and the wrapped exceptions' messages carry the SQL.
      log.warn("数据库不可用，本次请求的会话未保存（下次请求读取上次保存的会话）: {}", DatabaseOutage.rootMessage(e));
    }
  }

  @Override
  public S createSession() {
    return sessions.createSession();
  }

  @Override
  public S findById(String id) {
    return sessions.findById(id);
  }

  @Override
  public void deleteById(String id) {
    sessions.deleteById(id);
  }

  @Override
  public Map<String, S> findByIndexNameAndIndexValue(String indexName, String indexValue) {
    return sessions.findByIndexNameAndIndexValue(indexName, indexValue);
  }

  /**
   * Wraps the repository Spring Boot configures as it is made. A SessionRepository bean of our own (@Primary) would
   * not do: Boot's Spring Session configuration backs off when one exists (@ConditionalOnMissingBean), taking the
   * JDBC repository, its properties and its clean-up with it. The repository's own start and stop (its clean-up
   * schedule) still run on the original, which Spring keeps for them.
   */
  @Component
  static class Wrapping implements BeanPostProcessor {
    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
      return bean instanceof JdbcIndexedSessionRepository jdbc ? new OutageTolerantSessions<>(jdbc) : bean;
    }
  }
}
