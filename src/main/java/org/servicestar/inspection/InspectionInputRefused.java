package org.servicestar.inspection;

import org.camunda.bpm.engine.ProcessEngineException;

/** What was entered can't be accepted; Tasklist shows the message, and the start or the task completion is undone. */
class InspectionInputRefused extends ProcessEngineException {

  InspectionInputRefused(String message) {
    super(message);
  }
}
