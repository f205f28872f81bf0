package org.servicestar.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.servicestar.web.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The sessions in PostgreSQL (Spring Session JDBC, V38) as SessionRepositoryFilter uses them: once a request's
 * answer is being sent, a database outage no longer throws from the session store.
 *
 * <p>The filter saves the session when the response is committed, i.e. while a page or an answer is already being
 * written (every request saves: its last access changed), and again after the request, when it also looks the
 * session up once more. Thrown there, an outage aborts an answer half sent — a truncated body instead of the
 * clean 503 or the page the outage rule promises. So a failed save is logged (one WARN per request, without the
 * session id, a credential) and dropped: that request's changes to its session are not persisted, and the user's
 * next request reads the last saved state (during the outage that request answers 503, the session being
 * unreadable). A failed look-up once the answer is committed finds no session, which that late look-up only uses
 * to decide about the cookie. Before the answer is committed, look-ups and deletes still throw: {@link
 * DatabaseOutage} then answers 503, and a logout must not look done while its row survives.
 */
final class OutageTolerantSessions<S extends Session> implements FindByIndexNameSessionRepository<S> {

  private static final Logger log = LoggerFactory.getLogger(OutageTolerantSessions.class);
  /** The request being answered on this thread (set by {@link AnswerScope}, outside SessionRepositoryFilter). */
  private static final ThreadLocal<Answer> ANSWER = new ThreadLocal<>();

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
      Answer answer = ANSWER.get();
      if (answer == null || !answer.unsavedLogged) {
        // The root cause only: the wrapped exceptions' messages carry the SQL, and no stack trace per request.
        log.warn("数据库不可用，本次请求的会话未保存（下次请求读取上次保存的会话）: {}", DatabaseOutage.rootMessage(e));
      }
      if (answer != null) {
        answer.unsavedLogged = true;
      }
    }
  }

  @Override
  public S findById(String id) {
    try {
      return sessions.findById(id);
    } catch (RuntimeException e) {
      Answer answer = ANSWER.get();
      if (!DatabaseOutage.isCause(e) || answer == null || !answer.response.isCommitted()) {
        throw e;
      }
      return null;
    }
  }

  @Override
  public S createSession() {
    return sessions.createSession();
  }

  @Override
  public void deleteById(String id) {
    sessions.deleteById(id);
  }

  @Override
  public Map<String, S> findByIndexNameAndIndexValue(String indexName, String indexValue) {
    return sessions.findByIndexNameAndIndexValue(indexName, indexValue);
  }

  private static final class Answer {
    final ServletResponse response;
    boolean unsavedLogged;

    Answer(ServletResponse response) {
      this.response = response;
    }
  }

  /** Marks the request being answered on this thread, around SessionRepositoryFilter's whole work. */
  static final class AnswerScope implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      Answer outer = ANSWER.get();
      ANSWER.set(new Answer(response));
      try {
        chain.doFilter(request, response);
      } finally {
        if (outer == null) {
          ANSWER.remove();
        } else {
          ANSWER.set(outer);
        }
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Wiring {

    /**
     * Wraps the repository Spring Boot configures as it is made. A SessionRepository bean of our own (@Primary) would
     * not do: Boot's Spring Session configuration backs off when one exists (@ConditionalOnMissingBean), taking the
     * JDBC repository, its properties and its clean-up with it. The repository's own start and stop (its clean-up
     * schedule) still run on the original, which Spring keeps for them.
     */
    @Bean
    static BeanPostProcessor outageTolerantSessions() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof JdbcIndexedSessionRepository jdbc ? new OutageTolerantSessions<>(jdbc) : bean;
        }
      };
    }

    /** Just outside SessionRepositoryFilter (spring.session.servlet.filter-order is left at its default). */
    @Bean
    FilterRegistrationBean<AnswerScope> sessionAnswerScope() {
      FilterRegistrationBean<AnswerScope> registration = new FilterRegistrationBean<>(new AnswerScope());
      registration.setName("servicestar-session-answer-scope");
      registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
      registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
      return registration;
    }
  }
}
