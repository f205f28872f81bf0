package org.servicestar.web;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * {@code /engine-rest}'s and Tasklist's API's answers to a task answer refused by its form or its
 * listener (400 with the Chinese reason), to a lost race (409 with the Chinese message of
 * {@link TaskConflictException}) and to a database outage (503 with Retry-After), where Camunda
 * answers 500 to all three. Tasklist's API is a Jersey application of Camunda's own, which no Spring
 * bean configures: {@link EngineApiErrors} registers the same mappers there. Camunda wraps the engine's exception in a {@link RestException} for some
 * calls (complete, submit-form), so both are looked through. Anything else goes to Camunda's own
 * handling, except that a 500 keeps no engine or SQL text: unless the cause is a refusal written for
 * people by the app, the message becomes "服务器内部错误（请求编号 …）" ({@link RequestIds}) and the
 * exception is logged with that id. Camunda's 4xx answers (input errors such as "No matching task
 * with id …") are left as they are. Priority 1: these mappers are chosen over Camunda's for the same
 * exception types.
 */
@Configuration
class EngineRestErrors {

  private static final Logger log = LoggerFactory.getLogger(EngineRestErrors.class);

  @Bean
  ResourceConfigCustomizer engineRestErrorMappers() {
    return config -> config.register(EngineExceptions.class).register(RestExceptions.class).register(OtherExceptions.class);
  }

  /** The answer for {@code e}, or null when neither a lost race nor an outage is behind it. */
  static Response answer(Throwable e) {
    if (DatabaseOutage.isCause(e)) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
          .header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS)
          .entity(body("DatabaseUnavailable", DatabaseOutage.MESSAGE)).build();
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TaskConflictException conflict) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(body("TaskConflictException", conflict.getMessage())).build();
      }
      // A task's answer refused by its form (engine.AnswerRefused) or by its task listener (TaskAnswers.Refused,
      // which the engine wraps as "ENGINE-03051 Exception while invoking TaskListener"): 400 with the
      // Chinese text alone, which Tasklist shows as it is.
      if (t instanceof RefusedForPeople) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(body("AnswerRefused", t.getMessage())).build();
      }
    }
    return null;
  }

  /** Camunda's answer for {@code e}; a 500 without the engine's text unless {@code e} is a refusal for people. */
  static Response camunda(Throwable e) {
    Response response = ExceptionHandlerHelper.getInstance().getResponse(e);
    if (response.getStatus() < 500 || isRefusalForPeople(e)) {
      return response;
    }
    String id = RequestIds.current() != null ? RequestIds.current() : RequestIds.newId();
    log.error("/engine-rest 出错，答复 {}（请求编号 {}）", response.getStatus(), id, e);
    String type = response.getEntity() instanceof ExceptionDto dto && dto.getType() != null ? dto.getType() : e.getClass().getSimpleName();
    return Response.status(response.getStatus()).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(body(type, "服务器内部错误（请求编号 " + id + "）")).build();
  }

  /**
   * Whether {@code e} says what a person must correct, in their words: an exception of the app's own
   * (TaskAnswers.Refused, a feature's …InputRefused, InvalidInputException) or an engine exception the
   * app raised with its message (a task listener's {@code new ProcessEngineException("请填写…")}),
   * anywhere in the causes — as long as no database error is among them.
   */
  static boolean isRefusalForPeople(Throwable e) {
    boolean ours = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException || t.getClass().getName().startsWith("org.apache.ibatis.")) {
        return false;
      }
      ours |= t.getClass().getName().startsWith(APP_PACKAGE)
          || t instanceof ProcessEngineException && t.getStackTrace().length > 0
              && t.getStackTrace()[0].getClassName().startsWith(APP_PACKAGE);
    }
    return ours;
  }

  private static final String APP_PACKAGE = "org.servicestar.";

  /** Camunda's error shape ({@code type}, {@code message}), which Tasklist and Modeler show. */
  private static Map<String, Object> body(String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("message", message);
    return body;
  }

  @Priority(1)
  public static final class EngineExceptions implements ExceptionMapper<ProcessEngineException> {
    @Override
    public Response toResponse(ProcessEngineException e) {
      Response answer = answer(e);
      return answer != null ? answer : camunda(e);
    }
  }

  @Priority(1)
  public static final class RestExceptions implements ExceptionMapper<RestException> {
    @Override
    public Response toResponse(RestException e) {
      Response answer = answer(e);
      return answer != null ? answer : camunda(e);
    }
  }

  /** Everything else Camunda answers with its catch-all (a NullPointerException, a MyBatis error …). */
  @Priority(1)
  public static final class OtherExceptions implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      Response answer = answer(e);
      return answer != null ? answer : camunda(e);
    }
  }
}
