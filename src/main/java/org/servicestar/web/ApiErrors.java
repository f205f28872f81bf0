package org.servicestar.web;

import java.util.LinkedHashMap;
import java.util.Map;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The JSON API's answers to bad input: a 4xx that names the field and the problem, never a stack trace. */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
// Before PageErrors, which answers the same exceptions for pages (a @RestController is a @Controller too).
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<Map<String, Object>> invalid(InvalidInputException e) {
    return body(HttpStatus.BAD_REQUEST, "输入有误", e.fieldErrors());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    Map<String, String> duplicate = DuplicateKeys.of(e);
    if (!duplicate.isEmpty()) {
      return body(HttpStatus.BAD_REQUEST, DuplicateKeys.ERROR, duplicate);
    }
    // Name the field when Jackson knows it (a wrong type); malformed JSON has none.
    Map<String, String> fields = e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
        ? Map.of(fieldOf(mapping), "类型不对") : Map.of();
    return body(HttpStatus.BAD_REQUEST, "请求内容不是有效的 JSON，或字段类型不对", fields);
  }

  private static String fieldOf(JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
  ResponseEntity<Map<String, Object>> badParameter(Exception e) {
    return body(HttpStatus.BAD_REQUEST, "输入有误", PageErrors.parameterProblem(e));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, Object>> notJson(HttpMediaTypeNotSupportedException e) {
    return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, PageErrors.NOT_JSON, Map.of());
  }

  @ExceptionHandler(OptimisticLockingFailureException.class)
  ResponseEntity<Map<String, Object>> conflict(OptimisticLockingFailureException e) {
    return body(HttpStatus.CONFLICT, e.getMessage(), Map.of());
  }

  /** A public form's limit (throttle.PublicFormLimits): 429, and when to try again. */
  @ExceptionHandler(TooManyRequestsException.class)
  ResponseEntity<Map<String, Object>> tooMany(TooManyRequestsException e) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
        .body(body(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), Map.of()).getBody());
  }

  static ResponseEntity<Map<String, Object>> body(HttpStatus status, String message, Map<String, String> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.value());
    body.put("error", message);
    body.put("fields", fields);
    return ResponseEntity.status(status).body(body);
  }
}
