package org.servicestar.notification;

import java.time.Duration;
import java.time.LocalTime;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How notification mails are sent ({@code servicestar.mail.*}). The SMTP server itself is Spring
 * Boot's {@code spring.mail.*}: without {@code spring.mail.host} nothing is sent and every mail is
 * marked LOGGED, written to the log and shown on {@code /admin/messages}.
 *
 * @param from          the sender's address (many servers want the account of {@code spring.mail.username})
 * @param fromName      the sender's display name
 * @param pollInterval  how often each node looks for mails to send or retry
 * @param maxAttempts   attempts before a mail is marked FAILED
 * @param retryBackoff  the wait after the first failed attempt; doubled after each further one
 * @param maxBackoff    the longest wait between two attempts
 * @param lease         how long a node holds a claimed mail; a node that died frees it after this
 * @param batchSize     mails one pass claims at most
 * @param retention     how long delivered mails are kept ({@link MailRetention})
 */
@ConfigurationProperties("servicestar.mail")
record MailProperties(
    @DefaultValue("noreply@servicestar.local") String from,
    @DefaultValue("服务之星") String fromName,
    @DefaultValue("PT30S") Duration pollInterval,
    @DefaultValue("8") int maxAttempts,
    @DefaultValue("PT1M") Duration retryBackoff,
    @DefaultValue("PT2H") Duration maxBackoff,
    @DefaultValue("PT10M") Duration lease,
    @DefaultValue("50") int batchSize,
    @DefaultValue Retention retention) {

  /**
   * {@code servicestar.mail.retention.*}: mails delivered (SENT) or logged (LOGGED) longer ago than
   * {@code period} are deleted between {@code window-start} and {@code window-end} (the app's zone,
   * {@code servicestar.zone}; the window may pass midnight), {@code batch-size} a statement. A period
   * of zero keeps them for ever. PENDING and FAILED mails are never deleted.
   */
  record Retention(
      @DefaultValue("180d") Duration period,
      @DefaultValue("1000") int batchSize,
      @DefaultValue("01:00") LocalTime windowStart,
      @DefaultValue("05:00") LocalTime windowEnd) {

    Retention {
      if (batchSize < 1) {
        throw new IllegalArgumentException("servicestar.mail.retention.batch-size must be at least 1");
      }
    }

    static Retention defaults() {
      return new Retention(Duration.ofDays(180), 1000, LocalTime.of(1, 0), LocalTime.of(5, 0));
    }

    boolean forEver() {
      return period.isZero() || period.isNegative();
    }
  }

  MailProperties {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("servicestar.mail.max-attempts must be at least 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("servicestar.mail.batch-size must be at least 1");
    }
    try {
      new InternetAddress(from, true).validate();
    } catch (AddressException e) {
      throw new IllegalArgumentException("servicestar.mail.from is not an e-mail address: " + from, e);
    }
  }

  /** The defaults, for code and tests that build the sender by hand. */
  static MailProperties defaults() {
    return new MailProperties("noreply@servicestar.local", "服务之星", Duration.ofSeconds(30), 8,
        Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofMinutes(10), 50, Retention.defaults());
  }

  /** The wait before attempt {@code attemptsMade + 1}: backoff, doubled per failure, capped. */
  Duration backoffAfter(int attemptsMade) {
    Duration wait = retryBackoff;
    for (int i = 1; i < attemptsMade && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
