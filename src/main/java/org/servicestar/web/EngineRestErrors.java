package org.servicestar.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.servicestar.engine.AnswerRefused;
import org.servicestar.engine.TaskAnswers;
import org.springframework.http.HttpHeaders;

/**
 * {@code /engine-rest}'s and Tasklist's API's answers to a task answer refused by its form or its
 * listener (400 with the Chinese reason), to a lost race (409 with the Chinese message of
 * {@link TaskConflictException}) and to a database outage (503 with Retry-After), where Camunda
 * answers 500 to all three. Tasklist's API is a Jersey application of Camunda's own, which no Spring
 * bean configures: {@link EngineApiErrors} registers the same mappers there. Camunda wraps the engine's exception in a {@link RestException} for some
 * calls (complete, submit-form), so both are looked through. Anything else goes to Camunda's own
 * handling. Priority 1: these mappers are chosen over Camunda's for the same exception types.
 */
@Configuration
class EngineRestErrors {

  @Bean
  ResourceConfigCustomizer engineRestErrorMappers() {
    return config -> config.register(EngineExceptions.class).register(RestExceptions.class);
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
      // A task's answer refused by its form (AnswerRefused) or by its task listener (TaskAnswers.Refused,
      // which the engine wraps as "ENGINE-03051 Exception while invoking TaskListener"): 400 with the
      // Chinese text alone, which Tasklist shows as it is.
      if (t instanceof AnswerRefused || t instanceof TaskAnswers.Refused) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(body("AnswerRefused", t.getMessage())).build();
      }
    }
    return null;
  }

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
      return answer != null ? answer : ExceptionHandlerHelper.getInstance().getResponse(e);
    }
  }

  @Priority(1)
  public static final class RestExceptions implements ExceptionMapper<RestException> {
    @Override
    public Response toResponse(RestException e) {
      Response answer = answer(e);
      return answer != null ? answer : ExceptionHandlerHelper.getInstance().getResponse(e);
    }
  }
}
