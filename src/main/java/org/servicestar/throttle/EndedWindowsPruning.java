package org.servicestar.throttle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes the public forms' counts whose window has ended, every few minutes on a background thread of
 * each node, each time one short statement of its own: never inside a request's transaction, where it
 * would wait for (and hold up) other requests. Two nodes deleting at once only delete the rows once.
 */
class EndedWindowsPruning implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EndedWindowsPruning.class);
  static final Duration EVERY = Duration.ofMinutes(10);

  private final PublicFormLimits limits;
  private volatile ScheduledExecutorService executor;

  EndedWindowsPruning(PublicFormLimits limits) {
    this.limits = limits;
  }

  private void prune() {
    try {
      int deleted = limits.prune();
      log.debug("Public form limits: {} ended windows deleted", deleted);
    } catch (RuntimeException e) {
      // The database away for a moment, or another node's delete in the way: the next run deletes them.
      log.warn("Public form limits: pruning failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "public-form-limits");
      thread.setDaemon(true);
      return thread;
    });
    started.scheduleWithFixedDelay(this::prune, 1, EVERY.toMinutes(), TimeUnit.MINUTES);
    executor = started;
  }

  @Override
  public void stop() {
    ScheduledExecutorService running = executor;
    executor = null;
    if (running != null) {
      running.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
