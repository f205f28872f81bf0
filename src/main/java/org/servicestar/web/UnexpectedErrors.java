package org.servicestar.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A failure nobody foresaw (a bug, a database or engine error) answers 500 with the request's id
 * ({@link RequestIds}) and no internal text: an exception's message may hold SQL, table names,
 * engine codes or another person's data. The exception is logged with the same id.
 *
 * <ul>
 *   <li>In our controllers, after Spring's own resolvers (which answer 4xx for what they know) and
 *       our advice ({@link ApiErrors}, {@link PageErrors}): JSON
 *       {@code {"status":500,"error":"服务器内部错误，请稍后再试（请求编号 …）","fields":{},"requestId":"…"}}
 *       for programs, the error page with the id for browsers. Refused access and a database outage
 *       go on to Spring Security and {@link DatabaseOutage}, as before.</li>
 *   <li>Anything else reaching Spring Boot's {@code /error} (filters, the webapps): the same, since
 *       {@code server.error.include-message} is {@code never}; the error page and JSON carry the id.</li>
 * </ul>
 * {@code /engine-rest} has its own answer in {@link EngineRestErrors}.
 */
@Configuration
class UnexpectedErrors {

  private static final Logger log = LoggerFactory.getLogger(UnexpectedErrors.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a person is told: nothing of the cause, the id to quote. */
  static String message(String requestId) {
    return "服务器内部错误，请稍后再试（请求编号 " + requestId + "）";
  }

  /** The JSON API's answer to an unexpected failure (the shape of {@link ApiErrors} plus the id). */
  static Map<String, Object> body(String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", HttpStatus.INTERNAL_SERVER_ERROR.value());
    body.put("error", message(requestId));
    body.put("fields", Map.of());
    body.put("requestId", requestId);
    return body;
  }

  static boolean wantsJson(HttpServletRequest request) {
    String type = request.getContentType();
    return DatabaseOutage.wantsJson(request) || type != null && type.contains("json");
  }

  @Bean
  LastResort lastResortExceptionResolver() {
    return new LastResort();
  }

  @Bean
  ErrorAttributes errorAttributes() {
    return new WithRequestId();
  }

  /** The last of the exception resolvers: what none of the others answered. */
  static final class LastResort implements HandlerExceptionResolver, Ordered {

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
      if (response.isCommitted() || e instanceof AccessDeniedException || e instanceof AuthenticationException
          || DatabaseOutage.isCause(e)) {
        return null;
      }
      String id = RequestIds.of(request);
      log.error("{} {} 出错，答复 500（请求编号 {}）", request.getMethod(), request.getRequestURI(), id, e);
      if (wantsJson(request)) {
        try {
          response.resetBuffer();
          response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
          response.setContentType(MediaType.APPLICATION_JSON_VALUE + ";charset=UTF-8");
          response.getOutputStream().write(JSON.writeValueAsString(body(id)).getBytes(StandardCharsets.UTF_8));
          return new ModelAndView();
        } catch (IOException | IllegalStateException writeFailed) {
          log.warn("请求编号 {}：无法写出错误答复", id, writeFailed);
          return null;
        }
      }
      ModelAndView page = new ModelAndView("error", HttpStatus.INTERNAL_SERVER_ERROR);
      page.addObject("status", HttpStatus.INTERNAL_SERVER_ERROR.value());
      page.addObject("requestId", id);
      page.addObject("path", request.getRequestURI());
      return page;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  /**
   * Spring Boot's error attributes (for {@code /error}, page and JSON) with the request's id; a 5xx's
   * {@code error} is the message above and its exception is logged with the id. A 4xx keeps the
   * reason our controllers wrote for people ({@code ResponseStatusException}), nothing else.
   */
  static final class WithRequestId extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
      Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
      if (!(webRequest instanceof ServletWebRequest servlet)) {
        return attributes;
      }
      String id = RequestIds.of(servlet.getRequest());
      attributes.put("requestId", id);
      int status = attributes.get("status") instanceof Integer s ? s : HttpStatus.INTERNAL_SERVER_ERROR.value();
      Throwable error = getError(webRequest);
      if (status >= 500) {
        attributes.put("error", message(id));
        if (error != null) {
          log.error("{} 答复 {}（请求编号 {}）", attributes.get("path"), status, id, error);
        } else {
          log.warn("{} 答复 {}（请求编号 {}）", attributes.get("path"), status, id);
        }
      } else if (error instanceof ResponseStatusException refused && refused.getReason() != null) {
        attributes.put("message", refused.getReason());
      }
      return attributes;
    }
  }
}
