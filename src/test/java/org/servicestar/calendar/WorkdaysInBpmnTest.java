package org.servicestar.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bean as diagrams use it: JUEL method calls with {@code Date} and number arguments, in a task's
 * due date and a timer, on a real (in-memory) engine.
 */
class WorkdaysInBpmnTest {

  private static ProcessEngine engine;

  @BeforeAll
  static void startEngine() {
    Workdays workdays = new Workdays(() -> ShippedCalendars.asCalendar(ShippedCalendars.load()), Clock.system(Workdays.ZONE));
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
        .createStandaloneInMemProcessEngineConfiguration()
        .setJdbcUrl("jdbc:h2:mem:calendar-engine;DB_CLOSE_DELAY=-1")
        .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP)
        .setJobExecutorActivate(false)
        .setProcessEngineName("calendar-test");
    configuration.setBeans(Map.of("workdays", workdays));
    engine = configuration.buildProcessEngine();

    BpmnModelInstance model = Bpmn.createExecutableProcess("WorkdaysExpression")
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .userTask("Task_Rectify")
          .camundaDueDate("${workdays.after(now(), 3)}")
          .camundaFollowUpDate("${workdays.afterDays(receivedAt, days)}")
        .boundaryEvent("Timer_Reminder").cancelActivity(false)
          .timerWithDate("${workdays.after(workdays.after(now(), 3), -1)}")
        .endEvent()
        .moveToActivity("Task_Rectify")
        .endEvent()
        .done();
    engine.getRepositoryService().createDeployment().addModelInstance("workdays.bpmn", model).deploy();
  }

  @AfterAll
  static void closeEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void dueDateAndReminderAcrossTheSpringFestival() {
    // Fri 2026-02-13 15:30 in Beijing.
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-02-13T07:30:00Z")));

    ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("WorkdaysExpression", Map.of(
        "receivedAt", Date.from(Instant.parse("2026-02-15T02:00:00Z")), // Sunday, in the holiday
        "days", 1L));

    Task task = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(task.getDueDate()).as("Wed 02-25 15:30").isEqualTo(Date.from(Instant.parse("2026-02-25T07:30:00Z")));
    assertThat(task.getFollowUpDate()).as("end of Tue 02-24").isEqualTo(Date.from(Instant.parse("2026-02-24T15:59:59Z")));
    Job reminder = engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
    assertThat(reminder.getDuedate()).as("Tue 02-24 15:30").isEqualTo(Date.from(Instant.parse("2026-02-24T07:30:00Z")));
  }
}
