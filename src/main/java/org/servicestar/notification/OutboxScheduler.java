package org.servicestar.notification;


import java.time.Duration;

import org.servicestar.web.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs {@link OutboxSender} on one background thread of this node: right after a transaction that
 * wrote mails commits, and every {@code servicestar.mail.poll-interval} for retries and for whatever
 * another node or an earlier run left. The engine never waits for a mail server. At night the same
 * thread prunes delivered mails ({@link MailRetention}, one node a night).
 */
@Component
class OutboxScheduler extends BackgroundLoop {

  private static final Logger log = LoggerFactory.getLogger(OutboxScheduler.class);

  private final OutboxSender sender;
  private final MailRetention retention;
  private final MailProperties properties;

  OutboxScheduler(OutboxSender sender, MailRetention retention, MailProperties properties) {
    super("mail-outbox");
    this.sender = sender;
    this.retention = retention;
    this.properties = properties;
  }

  /** After the commit of a transaction that wrote a mail (and at once, without a transaction). */
  @TransactionalEventListener(fallbackExecution = true)
  void mailQueued(MailOutbox.MailQueued event) {
    wakeUp();
  }

  @Override
  protected void pass() {
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
  protected Duration initialDelay() {
    return interval().compareTo(Duration.ofSeconds(5)) < 0 ? interval() : Duration.ofSeconds(5);
  }

  @Override
  protected Duration interval() {
    return properties.pollInterval().toMillis() < 1 ? Duration.ofMillis(1) : properties.pollInterval();
  }

  @Override
  public void start() {
    super.start();
    log.info("Mail outbox sender started on {} ({}; every {})", sender.node(),
        sender.smtpConfigured() ? "SMTP" : "no spring.mail.host: mails are logged, not sent", properties.pollInterval());
  }
}
