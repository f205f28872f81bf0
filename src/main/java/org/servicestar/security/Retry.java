package org.servicestar.security;

import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.dao.DataIntegrityViolationException;

/** Start-up work that two nodes may do at the same moment: the loser of a duplicate insert tries once more. */
final class Retry {

  private Retry() {
  }

  static void onceOnConflict(Runnable work) {
    try {
      work.run();
    } catch (ProcessEngineException | DataIntegrityViolationException e) {
      work.run();
    }
  }
}
