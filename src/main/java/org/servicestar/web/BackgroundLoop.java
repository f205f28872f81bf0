package org.servicestar.web;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.context.SmartLifecycle;

/**
 * Work a node does in the background on a thread of its own: a pass every interval from the start
 * of the app to its stop, and one more soon when something asks ({@link #wakeUp}, e.g. after a
 * commit), never two waiting at once. The mail outbox, complaints whose process did not start and
 * the public forms' ended windows each run one.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

  private final String threadName;
  private final AtomicBoolean wakeUpPending = new AtomicBoolean();
  private volatile ScheduledExecutorService executor;

  protected BackgroundLoop(String threadName) {
    this.threadName = threadName;
  }

  /** One pass; it handles its own failures (the next pass tries again). */
  protected abstract void pass();

  protected abstract Duration initialDelay();

  protected abstract Duration interval();

  /** A pass soon, on the loop's thread (the caller does not wait); ignored while one is already waiting or when stopped. */
  protected void wakeUp() {
    ScheduledExecutorService running = executor;
    if (running != null && wakeUpPending.compareAndSet(false, true)) {
      try {
        running.execute(() -> {
          wakeUpPending.set(false);
          pass();
        });
      } catch (RuntimeException e) {
        wakeUpPending.set(false); // shutting down: the next start's first pass does it
      }
    }
  }

  @Override
  public void start() {
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
    started.scheduleWithFixedDelay(this::pass, initialDelay().toMillis(), interval().toMillis(), TimeUnit.MILLISECONDS);
    executor = started;
  }

  @Override
  public void stop() {
    ScheduledExecutorService running = executor;
    executor = null;
    if (running != null) {
      running.shutdown();
      try {
        if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
          running.shutdownNow();
        }
      } catch (InterruptedException e) {
        running.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
