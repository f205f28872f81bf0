package org.servicestar.complaint;

import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.RuntimeService;
import org.servicestar.web.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts a stored complaint's ComplaintHandling, business key = its number, inside the caller's
 * transaction but behind a savepoint: when the engine cannot start it (a broken diagram, a suspended
 * definition, a failing delegate), only the start is rolled back and the caller keeps the complaint
 * (and the rating it came from) and marks it NOT_STARTED. The engine's own rollback marks the joined
 * transaction rollback-only; going back to the savepoint clears that mark (Spring's JDBC savepoints).
 *
 * <p>A database outage is not the engine's failure: it is thrown on, so the request answers 503 and
 * nothing is stored (web.DatabaseOutage), as before.
 */
@Component
class ProcessStarter {

  /** The engine did not start the process; {@link #reason} is the engine's text, for administrators only. */
  static final class NotStarted extends Exception {

    NotStarted(String reason, Throwable cause) {
      super(reason, cause);
    }

    String reason() {
      return getMessage();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ProcessStarter.class);

  private final RuntimeService runtimeService;
  private final TransactionTemplate savepoint;

  ProcessStarter(RuntimeService runtimeService, PlatformTransactionManager transactions) {
    this.runtimeService = runtimeService;
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  /** The new instance's id; the variables are computed inside, so a failure there counts as not started too. */
  String start(String number, Supplier<Map<String, Object>> variables) throws NotStarted {
    try {
      return savepoint.execute(status ->
          runtimeService.startProcessInstanceByKey(ComplaintHandlingIds.PROCESS, number, variables.get()).getId());
    } catch (RuntimeException e) {
      if (DatabaseOutage.isCause(e)) {
        throw e;
      }
      // One line per complaint while a broken diagram is deployed; the stack trace once at debug level.
      log.warn("ComplaintHandling for {} could not be started; the complaint is kept and retried: {}", number, e.toString());
      log.debug("ComplaintHandling for {} could not be started", number, e);
      throw new NotStarted(reason(e), e);
    }
  }

  /** "ProcessEngineException: ENGINE-…: Unknown property used in expression …" (the first message on the chain). */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage().strip();
      }
    }
    return e.getClass().getName();
  }
}
