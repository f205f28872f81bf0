package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.servicestar.engine.TaskAnswers;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/** The pieces of "no internal text reaches a person" that need no running app. */
class UnexpectedErrorsTest {

  private static final String SQL_TEXT = "Table \"COMPLAINT_EVENT\" not found; SQL statement: insert into complaint_event …";

  @Test
  void springsErrorAttributesCarryTheIdAndNeverTheExceptionsText() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setAttribute(RequestIds.ATTRIBUTE, "abc123def4567890");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
    request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException(SQL_TEXT));
    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/units");
    Map<String, Object> attributes = new UnexpectedErrors.WithRequestId()
        .getErrorAttributes(new ServletWebRequest(request), ErrorAttributeOptions.defaults());
    assertThat(attributes).containsEntry("status", 500).containsEntry("requestId", "abc123def4567890")
        .containsEntry("error", "服务器内部错误，请稍后再试（请求编号 abc123def4567890）").doesNotContainKeys("message", "exception", "trace");
    assertThat(attributes.toString()).doesNotContain("COMPLAINT_EVENT");
  }

  @Test
  void aReasonOurControllersWroteForPeopleIsKeptOnA4xx() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 404);
    request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new ResponseStatusException(HttpStatus.NOT_FOUND, "没有 2099 年的竞赛活动"));
    Map<String, Object> attributes = new UnexpectedErrors.WithRequestId()
        .getErrorAttributes(new ServletWebRequest(request), ErrorAttributeOptions.defaults());
    assertThat(attributes).containsEntry("message", "没有 2099 年的竞赛活动").containsKey("requestId");
  }

  @Test
  void theLastResortAnswersProgramsWithJsonAndLeavesRefusedAccessAndOutagesToTheirFilters() throws Exception {
    UnexpectedErrors.LastResort resolver = new UnexpectedErrors.LastResort();
    MockHttpServletRequest api = new MockHttpServletRequest("POST", "/api/complaints");
    api.setAttribute(RequestIds.ATTRIBUTE, "0123456789abcdef");
    MockHttpServletResponse response = new MockHttpServletResponse();
    ModelAndView handled = resolver.resolveException(api, response, null, new IllegalStateException(SQL_TEXT));
    assertThat(handled).isNotNull();
    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
        "{\"status\":500,\"error\":\"服务器内部错误，请稍后再试（请求编号 0123456789abcdef）\",\"fields\":{},\"requestId\":\"0123456789abcdef\"}");

    ModelAndView page = resolver.resolveException(new MockHttpServletRequest("GET", "/units"), new MockHttpServletResponse(), null,
        new IllegalStateException(SQL_TEXT));
    assertThat(page.getViewName()).isEqualTo("error");
    assertThat(page.getModel()).containsKey("requestId").containsEntry("status", 500);

    assertThat(resolver.resolveException(api, new MockHttpServletResponse(), null, new AccessDeniedException("no"))).isNull();
    assertThat(resolver.resolveException(api, new MockHttpServletResponse(), null,
        new IllegalStateException(new java.sql.SQLTransientConnectionException("pool")))).isNull();
  }

  @Test
  void aRefusalForPeopleIsToldAsItIsAndAnythingWithADatabaseErrorIsNot() {
    ProcessEngineException listenerFailed = camunda("ENGINE-03051 Exception while invoking TaskListener: 请填写核实情况",
        new TaskAnswers.Refused("请填写核实情况"));
    assertThat(EngineRestErrors.isRefusalForPeople(listenerFailed)).isTrue();
    assertThat(EngineRestErrors.isRefusalForPeople(camunda("ENGINE-03083 Exception while executing Batch Database Operations",
        new SQLException("Value too long for column \"TEXT_ CHARACTER VARYING(4000)\"")))).isFalse();
    assertThat(EngineRestErrors.isRefusalForPeople(camunda("ENGINE-09005 Could not parse BPMN process", null))).isFalse();
    ProcessEngineException oursWithSql = new TaskAnswers.Refused("保存失败");
    oursWithSql.initCause(new SQLException("duplicate key value violates unique constraint"));
    assertThat(EngineRestErrors.isRefusalForPeople(oursWithSql)).isFalse();
  }

  @Test
  void anIdFromOutsideIsKeptOnlyWhenItCannotForgeALogLine() {
    assertThat(RequestIds.isWellFormed("4f1c2a9e-77b0-4e0b-9a55-6f1f1d1b2c3d")).isTrue();
    assertThat(RequestIds.isWellFormed("abc")).isFalse();
    assertThat(RequestIds.isWellFormed("abcdefgh\n2026-01-01 ERROR forged")).isFalse();
    assertThat(RequestIds.isWellFormed("x".repeat(65))).isFalse();
    assertThat(RequestIds.newId()).matches("[0-9a-f]{16}");
  }

  /** An exception as the engine throws it: its first frame is Camunda's. */
  private static ProcessEngineException camunda(String message, Throwable cause) {
    ProcessEngineException e = cause == null ? new ProcessEngineException(message) : new ProcessEngineException(message, cause);
    e.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.camunda.bpm.engine.impl.interceptor.CommandExecutorImpl",
        "execute", "CommandExecutorImpl.java", 28)});
    return e;
  }
}
