package org.servicestar.evaluation;

import org.camunda.bpm.engine.ProcessEngineException;

/** What a person entered in an evaluation form can't be accepted; Tasklist shows the message and the task stays open. */
class EvaluationInputRefused extends ProcessEngineException {

  EvaluationInputRefused(String message) {
    super(message);
  }
}
