package org.servicestar.notification;

import java.util.concurrent.Callable;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs engine look-ups without Camunda's authorization checks, inside the current command. A task is
 * often created while a user who may not read the other users, groups or process definitions completes
 * the task before it (a unit lead's work goes to the inspectors); the mail must reach them all the same.
 * Camunda skips the checks in listeners and delegates by default, but not when an administrator turns
 * {@code authorizationEnabledForCustomCode} on; this keeps the mails independent of that setting.
 *
 * <p>Never throws: an exception inside a reused command context or a joined Spring transaction would
 * mark the whole task change for rollback, and a notification must not undo the work it reports.
 */
final class Privileged {

  private static final Logger log = LoggerFactory.getLogger(Privileged.class);

  private Privileged() {
  }

  static <T> T call(ProcessEngine engine, String what, T fallback, Callable<T> work) {
    Callable<T> safe = () -> {
      try {
        return work.call();
      } catch (Exception e) {
        log.error("Notification: {} failed; no mail for it: {}", what, e.toString(), e);
        return fallback;
      }
    };
    try {
      ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
      Command<T> command = commandContext -> commandContext.runWithoutAuthorization(safe);
      return configuration.getCommandExecutorTxRequired().execute(command);
    } catch (RuntimeException e) {
      log.error("Notification: {} failed; no mail for it: {}", what, e.toString(), e);
      return fallback;
    }
  }
}
