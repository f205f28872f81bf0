package org.servicestar.notification;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs {@link OutboxSender} on one background thread of this node: right after a transaction that
 * wrote mails commits, and every {@code servicestar.mail.poll-interval} for retries and for whatever
 * another node or an earlier run left. The engine never waits for a mail server. At night the same
 * thread prunes delivered mails ({@link MailRetention}, one node a night).
 */
@Component
class OutboxScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxScheduler.class);

  private final OutboxSender sender;
  private final MailRetention retention;
  private final MailProperties properties;
  private final AtomicBoolean wakeUpPending = new AtomicBoolean();
  private volatile ScheduledExecutorService executor;

  OutboxScheduler(OutboxSender sender, MailRetention retention, MailProperties properties) {
    this.sender = sender;
    this.retention = retention;
    this.properties = properties;
  }

  /** After the commit of a transaction that wrote a mail (and at once, without a transaction). */
  @TransactionalEventListener(fallbackExecution = true)
  void mailQueued(MailOutbox.MailQueued event) {
    ScheduledExecutorService running = executor;
    if (running != null && wakeUpPending.compareAndSet(false, true)) {
      try {
        running.execute(() -> {
          wakeUpPending.set(false);
          pass();
        });
      } catch (RuntimeException e) {
        wakeUpPending.set(false); // shutting down: the next start's first pass sends it
      }
    }
  }

  private void pass() {
    try {
      sender.sendDue();
    } catch (RuntimeException e) {
      // e.g. the database is unreachable for a moment; the next pass tries again
      log.warn("Mail outbox pass failed: {}", e.toString());
    }
    try {
      retention.pruneIfDue(sender.node());
    } catch (RuntimeException e) {
      // the lease runs out and this or another node tries again within the night
      log.warn("Mail retention failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mail-outbox");
      thread.setDaemon(true);
      return thread;
    });
    long interval = Math.max(1, properties.pollInterval().toMillis());
    started.scheduleWithFixedDelay(this::pass, Math.min(interval, 5000), interval, TimeUnit.MILLISECONDS);
    executor = started;
    log.info("Mail outbox sender started on {} ({}; every {})", sender.node(),
        sender.smtpConfigured() ? "SMTP" : "no spring.mail.host: mails are logged, not sent", properties.pollInterval());
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
