package org.servicestar.scoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

/** The office's "重新计算": a run in the background (Spring's task executor), refused while one of the year is going. */
@Component
class ScoringJobs {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringJobs.class);

  private final ScoringService scoring;
  private final TaskExecutor executor;

  ScoringJobs(ScoringService scoring) {
    this.scoring = scoring;
    // Its own executor, not a shared bean: the engine's job executor pool must not lose threads to scoring.
    SimpleAsyncTaskExecutor own = new SimpleAsyncTaskExecutor("scoring-");
    own.setConcurrencyLimit(2);
    this.executor = own;
  }

  /** Claims the year now (so a second click is refused at once), then scores it on another thread. */
  void start(int year, String actor) {
    scoring.claim(year);
    try {
      executor.execute(() -> {
        try {
          scoring.runClaimed(year, actor);
        } catch (RuntimeException e) {
          LOG.warn("Scoring of {} failed: {}", year, e.getMessage(), e);
        } finally {
          scoring.release(year);
        }
      });
    } catch (RuntimeException e) {
      scoring.release(year);
      throw e;
    }
  }
}
