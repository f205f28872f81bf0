package org.servicestar.complaint;

import org.camunda.bpm.engine.ProcessEngineException;

/** What a person entered in a task form can't be accepted; Tasklist shows the message and the task stays open. */
class ComplaintInputRefused extends ProcessEngineException {

  ComplaintInputRefused(String message) {
    super(message);
  }
}
