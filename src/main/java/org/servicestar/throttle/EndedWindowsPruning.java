package org.servicestar.throttle;

import java.time.Duration;

import org.servicestar.web.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the public forms' counts whose window has ended, every few minutes on a background thread of
 * each node, each time one short statement of its own: never inside a request's transaction, where it
 * would wait for (and hold up) other requests. Two nodes deleting at once only delete the rows once.
 */
class EndedWindowsPruning extends BackgroundLoop {

  private static final Logger log = LoggerFactory.getLogger(EndedWindowsPruning.class);
  static final Duration EVERY = Duration.ofMinutes(10);

  private final PublicFormLimits limits;

  EndedWindowsPruning(PublicFormLimits limits) {
    super("public-form-limits");
    this.limits = limits;
  }

  @Override
  protected Duration initialDelay() {
    return Duration.ofMinutes(1);
  }

  @Override
  protected Duration interval() {
    return EVERY;
  }

  @Override
  protected void pass() {
    try {
      int deleted = limits.prune();
      log.debug("Public form limits: {} ended windows deleted", deleted);
    } catch (RuntimeException e) {
      // The database away for a moment, or another node's delete in the way: the next run deletes them.
      log.warn("Public form limits: pruning failed: {}", e.toString());
    }
  }
}
