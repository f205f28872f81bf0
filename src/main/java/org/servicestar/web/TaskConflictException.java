package org.servicestar.web;

import org.camunda.bpm.engine.ProcessEngineException;

/**
 * Two people worked on the same task at once and this one lost: it was claimed by someone else,
 * completed by someone else, or changed under their hands. The message says so in Chinese; the
 * REST API answers 409 with it and Tasklist shows it as it is.
 */
public class TaskConflictException extends ProcessEngineException {

  TaskConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
