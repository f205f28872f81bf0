package org.servicestar.complaint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.SQLTransientConnectionException;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.SimpleTransactionStatus;

/** Which failures keep a complaint (NOT_STARTED) and which still lose the request (a database outage: 503). */
class ProcessStarterTest {

  private final RuntimeService runtime = mock(RuntimeService.class);
  private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
  private final ProcessStarter starter;

  ProcessStarterTest() {
    when(transactions.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    starter = new ProcessStarter(runtime, transactions);
  }

  @Test
  void startsWithTheNumberAsBusinessKeyBehindASavepoint() throws Exception {
    ProcessInstance instance = mock(ProcessInstance.class);
    when(instance.getId()).thenReturn("pi-1");
    when(runtime.startProcessInstanceByKey(eq(ComplaintHandlingIds.PROCESS), eq("TS-2026-000001"), anyMap())).thenReturn(instance);
    assertThat(starter.start("TS-2026-000001", () -> Map.of("complaintNumber", "TS-2026-000001"))).isEqualTo("pi-1");
    verify(transactions).getTransaction(org.mockito.ArgumentMatchers.argThat(
        (TransactionDefinition d) -> d.getPropagationBehavior() == TransactionDefinition.PROPAGATION_NESTED));
  }

  @Test
  void anEngineFailureIsNotStartedWithTheEnginesReason() {
    when(runtime.startProcessInstanceByKey(any(), any(), anyMap())).thenThrow(new ProcessEngineException(
        "ENGINE-03029 Unknown property used in expression: ${registerComplaintDelegat}"));
    assertThatThrownBy(() -> starter.start("TS-2026-000002", Map::of)).isInstanceOf(ProcessStarter.NotStarted.class)
        .hasMessage("ProcessEngineException: ENGINE-03029 Unknown property used in expression: ${registerComplaintDelegat}");
  }

  @Test
  void aFailureWhileComputingTheVariablesIsNotStartedToo() {
    assertThatThrownBy(() -> starter.start("TS-2026-000003", () -> {
      throw new IllegalStateException("unit gone");
    })).isInstanceOf(ProcessStarter.NotStarted.class).hasMessageContaining("unit gone");
  }

  @Test
  void aDatabaseOutageIsThrownOnSoTheRequestAnswers503AndStoresNothing() {
    RuntimeException outage = new ProcessEngineException("flush failed",
        new CannotGetJdbcConnectionException("no connection", new SQLTransientConnectionException("timed out")));
    when(runtime.startProcessInstanceByKey(any(), any(), anyMap())).thenThrow(outage);
    assertThatThrownBy(() -> starter.start("TS-2026-000004", Map::of)).isSameAs(outage);
  }
}
