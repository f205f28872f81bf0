package org.servicestar.web;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request has an id: the {@code X-Request-Id} a proxy in front of the app sent (when it is
 * well-formed), or a new one. It is in the logging context (MDC {@code requestId}, printed on every
 * log line of the request), in the answer's {@code X-Request-Id} header, and on every error answer in
 * place of the exception's text: a person quotes it to the hotline, and the log says what happened.
 */
@Configuration
public class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "requestId";
  static final String ATTRIBUTE = RequestIds.class.getName();
  /** What an id from outside may look like: no spaces, quotes or line breaks that could forge a log line. */
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  /** The id of this request (the same in its error dispatch); a new one if the filter did not see it. */
  public static String of(HttpServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    if (id instanceof String known) {
      return known;
    }
    String fresh = current() != null ? current() : newId();
    request.setAttribute(ATTRIBUTE, fresh);
    return fresh;
  }

  /** The id of the request this thread serves, or null outside a request. */
  public static String current() {
    return MDC.get(MDC_KEY);
  }

  static String newId() {
    return String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  static boolean isWellFormed(String id) {
    return id != null && WELL_FORMED.matcher(id).matches();
  }

  /** Outermost, so that the database outage filter, security and the engine's REST API all log with the id. */
  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
    FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
    registration.setName("servicestar-request-id");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  static final class RequestIdFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String id = request.getAttribute(ATTRIBUTE) instanceof String known ? known
          : isWellFormed(request.getHeader(HEADER)) ? request.getHeader(HEADER) : newId();
      request.setAttribute(ATTRIBUTE, id);
      response.setHeader(HEADER, id);
      String outer = MDC.get(MDC_KEY);
      MDC.put(MDC_KEY, id);
      try {
        chain.doFilter(request, response);
      } finally {
        if (outer == null) {
          MDC.remove(MDC_KEY);
        } else {
          MDC.put(MDC_KEY, outer);
        }
      }
    }

    /** The error page of a failed request runs with the same id, so its log lines match the failure's. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
      return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
      return false;
    }
  }
}
