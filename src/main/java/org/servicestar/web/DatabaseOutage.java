package org.servicestar.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The database is unreachable (stopped, restarting, network gone, pool exhausted): every request
 * that needed it answers 503 with a Retry-After header and a Chinese message — JSON for API clients,
 * a short page for browsers — instead of hanging or showing a stack trace. Nothing was stored, so
 * the client may simply send again. The pool gives up after its connection timeout (5 s on
 * PostgreSQL, see application-postgres.yaml) and recovers by itself when the database is back.
 */
@Configuration
public class DatabaseOutage {

  static final String MESSAGE = "数据库暂时不可用，请稍后重试（同一 clientRef 重发不会重复记录）。";
  public static final int RETRY_AFTER_SECONDS = 10;
  private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

  /** Whether {@code e} or one of its causes says the database could not be reached. */
  public static boolean isCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof CannotGetJdbcConnectionException) {
        return true;
      }
      // The database went away mid-transaction: the rollback then fails on the pool's closed connection
      // (no SQLState), and the statement's own error is kept aside as the "application exception".
      if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
          && isCause(rollback.getApplicationException())) {
        return true;
      }
      if (t instanceof SQLException closed && closed.getSQLState() == null && "Connection is closed".equals(closed.getMessage())) {
        return true;
      }
      // 08…: connection exceptions; 57P01–57P03: the server is shutting down or starting up.
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the caller is a program (JSON) rather than a browser showing a page. */
  static boolean wantsJson(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return path.startsWith("/api/") || path.startsWith("/engine-rest") || path.startsWith("/camunda/api/")
        || path.startsWith("/actuator/") || (accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE));
  }

  /** Outermost, so that it also sees the login's and HTTP basic's database errors. */
  @Bean
  FilterRegistrationBean<OutageFilter> databaseOutageFilter() {
    FilterRegistrationBean<OutageFilter> registration = new FilterRegistrationBean<>(new OutageFilter());
    registration.setName("servicestar-database-outage");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  static final class OutageFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      try {
        chain.doFilter(request, response);
      } catch (ServletException | RuntimeException e) {
        if (!isCause(e) || response.isCommitted()) {
          throw e;
        }
        log.warn("数据库不可用，{} {} 答复 503: {}", request.getMethod(), request.getRequestURI(), rootMessage(e));
        answer(request, response);
      }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
      return false;
    }
  }

  static void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.resetBuffer();
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (wantsJson(request)) {
      response.setContentType("application/json;charset=UTF-8");
      response.getOutputStream().write(json().getBytes(StandardCharsets.UTF_8));
    } else {
      response.setContentType("text/html;charset=UTF-8");
      response.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String json() {
    return "{\"status\":503,\"error\":\"" + MESSAGE + "\",\"fields\":{}}";
  }

  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  // Self-contained: the usual layout may itself need the database (the user's name, menus).
  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="zh-CN"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
      <title>服务暂时不可用 - 服务之星</title></head>
      <body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.6">
      <h1>服务暂时不可用</h1>
      <p>%s</p>
      <p>系统会自动恢复，无需任何操作。请约 %d 秒后<a href="">刷新本页</a>；已提交成功的内容不会丢失。</p>
      </body></html>
      """.formatted(MESSAGE, RETRY_AFTER_SECONDS);
}
