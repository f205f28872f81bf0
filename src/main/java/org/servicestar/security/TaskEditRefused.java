package org.servicestar.security;

import org.camunda.bpm.engine.AuthorizationException;

/** A person tried to change a task or a case beyond what their task asks: 403 with the reason in Chinese, nothing changed. */
public class TaskEditRefused extends AuthorizationException {

  TaskEditRefused(String message) {
    super(message);
  }
}
