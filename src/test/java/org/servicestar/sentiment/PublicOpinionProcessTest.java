package org.servicestar.sentiment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.servicestar.sentiment.PublicOpinionIds.Tasks;
import static org.servicestar.sentiment.PublicOpinionIds.Vars;

import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.calendar.Workdays;

/** bpmn/public-opinion.bpmn with the real listener and delegate (service mocked) and a stand-in Rectification. */
@Deployment(resources = {"bpmn/public-opinion.bpmn", "fixtures/process/rectification-stub.bpmn", "forms/sentiment-respond.form"})
class PublicOpinionProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

  private final SentimentService sentiments = mock(SentimentService.class);

  @BeforeEach
  void beans() {
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init(engine.getProcessEngine());
    Mocks.register("workdays", Workdays.withShippedCalendars());
    Mocks.register("sentimentTaskListener", new SentimentTaskListener(sentiments));
    Mocks.register("recordSentimentOutcomeDelegate", new RecordSentimentOutcomeDelegate(sentiments));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  private ProcessInstance recorded() {
    return runtimeService().startProcessInstanceByKey(PublicOpinionIds.PROCESS, "YQ-2026-000001", Map.of(
        Vars.NUMBER, "YQ-2026-000001", Vars.UNIT_CODE, "tax-w01", Vars.UNIT_NAME, "综合办税一号窗口",
        Vars.PROBLEM, "网帖反映窗口排队两小时无人疏导", Vars.SEVERITY, "MEDIUM", Vars.DETAIL_LINK, "http://localhost/sentiments/YQ-2026-000001"));
  }

  @Test
  void theOfficeRespondsTheUnitRectifiesAndTheOutcomeIsRecorded() {
    ProcessInstance instance = recorded();
    assertThat(instance).isWaitingAt(Tasks.RESPOND);
    assertThat(task()).hasCandidateGroup("competition-office").hasDueDate(task().getDueDate());

    complete(task(), withVariables(Vars.RESPONSE, "已在网上回应并约谈窗口负责人"));
    verify(sentiments).responded(eq("YQ-2026-000001"), eq("已在网上回应并约谈窗口负责人"), any());

    assertThat(instance).isWaitingAt(Tasks.RECTIFICATION);
    ProcessInstance rectification = calledProcessInstance(instance);
    Map<String, Object> in = runtimeService().getVariables(rectification.getId());
    org.assertj.core.api.Assertions.assertThat(in).containsEntry("unitCode", "tax-w01").containsEntry("sourceType", "SENTIMENT")
        .containsEntry("sourceId", "YQ-2026-000001").containsEntry("problem", "网帖反映窗口排队两小时无人疏导")
        .containsEntry("severity", "MEDIUM");
    verify(sentiments, never()).closed(any(), any());

    runtimeService().setVariable(rectification.getId(), "rectificationNumber", "ZG-2026-000007");
    complete(task(rectification));

    verify(sentiments).closed("YQ-2026-000001", "ZG-2026-000007");
    assertThat(instance).isEnded().hasPassedInOrder(Tasks.RESPOND, Tasks.RECTIFICATION, Tasks.RECORD_OUTCOME,
        PublicOpinionIds.Events.HANDLED);
  }

  @Test
  void aResponseIsRequired() {
    ProcessInstance instance = recorded();
    String id = task(instance).getId();
    assertThatThrownBy(() -> taskService().complete(id, Map.of(Vars.RESPONSE, "  "))).isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("请填写回应与处置情况");
    assertThatThrownBy(() -> taskService().complete(id, Map.of(Vars.RESPONSE, "长".repeat(4001))))
        .hasMessageContaining("过长");
    verify(sentiments, never()).responded(any(), any(), any());
    assertThat(instance).isWaitingAt(Tasks.RESPOND);
  }
}
