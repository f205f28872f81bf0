package org.servicestar.notification;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps {@code mail_outbox} from growing for ever (docs/performance.md "Growth": about 66 MB a city-year): mails
 * delivered ({@code SENT}) or written to the log ({@code LOGGED}) more than {@code
 * servicestar.mail.retention.period} ago are deleted, at night, in batches of {@code batch-size}, each
 * its own short statement. Never deleted: {@code PENDING} mails (still to send or to retry) and {@code
 * FAILED} ones (an administrator may send them again on /admin/messages, and they are the record of what
 * did not arrive).
 *
 * <p>Several nodes: each node's outbox thread asks at every poll; outside the night window that costs
 * nothing, inside it one conditional UPDATE of the job's row in {@code job_lease} — a lease, as a mail
 * is claimed in the outbox — lets the first node run the night's pruning and the others see it taken
 * or done. A node that dies meanwhile frees the lease when it ends; another node finishes the night.
 * Plain class, like {@link OutboxSender}: tests build it by hand; {@link OutboxScheduler} runs it.
 */
class MailRetention {

  private static final Logger log = LoggerFactory.getLogger(MailRetention.class);

  static final String JOB = "mail-retention";
  /** Long enough for a night's batches; a node that died holds the job no longer than this. */
  static final Duration LEASE = Duration.ofHours(1);

  /** What a call did: nothing (not the time, or another node's), or this node's run and the mails it deleted. */
  record Run(boolean ran, int deleted) {
    static final Run NONE = new Run(false, 0);
  }

  private final JdbcClient jdbc;
  private final MailOutbox outbox;
  private final MailProperties.Retention properties;

  MailRetention(JdbcClient jdbc, MailOutbox outbox, MailProperties.Retention properties) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.properties = properties;
  }

  /** Prunes when it is night and no node has done it tonight; otherwise does nothing. */
  Run pruneIfDue(String node) {
    LocalDateTime now = outbox.now();
    if (!properties.forEver() && nightStart(now) != null && claim(node, now)) {
      return new Run(true, prune(node, now));
    }
    return Run.NONE;
  }

  /** Deletes in batches until none is left or the night is over, then marks the night done and frees the lease. */
  private int prune(String node, LocalDateTime started) {
    LocalDateTime before = started.minus(properties.period());
    int batch = properties.batchSize();
    int deleted = 0;
    int last;
    do {
      last = deleteBatch(before, batch);
      deleted += last;
    } while (last == batch && nightStart(outbox.now()) != null);
    boolean finished = last < batch;
    if (finished) {
      jdbc.sql("update job_lease set locked_by = null, locked_until = null, last_finished_at = ? where name = ? and locked_by = ?")
          .params(outbox.now(), JOB, node).update();
    } else {
      jdbc.sql("update job_lease set locked_by = null, locked_until = null where name = ? and locked_by = ?").params(JOB, node).update();
    }
    if (deleted > 0 || !finished) {
      log.info("Mail retention: {} mails delivered before {} deleted{}", deleted, before,
          finished ? "" : " (the night ended first; tomorrow night goes on)");
    }
    return deleted;
  }

  /** One batch: the oldest delivered mails first. */
  int deleteBatch(LocalDateTime deliveredBefore, int limit) {
    return jdbc.sql("delete from mail_outbox where id in (select id from mail_outbox where status in (?, ?) and sent_at < ? "
            + "order by sent_at, id fetch first ? rows only)")
        .params(MailOutbox.SENT, MailOutbox.LOGGED, deliveredBefore, limit).update();
  }

  /**
   * Takes the job for this node: its lease free or expired, and not yet finished since tonight's
   * window began. One statement, so of several nodes asking at once exactly one gets it.
   */
  private boolean claim(String node, LocalDateTime now) {
    return jdbc.sql("update job_lease set locked_by = ?, locked_until = ?, last_started_at = ? where name = ? "
            + "and (locked_until is null or locked_until < ?) and (last_finished_at is null or last_finished_at < ?)")
        .params(node, now.plus(LEASE), now, JOB, now, nightStart(now)).update() == 1;
  }

  /** When the night window now in began (it may have begun yesterday), or null when it is not night. */
  LocalDateTime nightStart(LocalDateTime now) {
    LocalTime start = properties.windowStart();
    LocalTime end = properties.windowEnd();
    LocalTime time = now.toLocalTime();
    if (!start.isAfter(end)) {
      return !time.isBefore(start) && time.isBefore(end) ? now.toLocalDate().atTime(start) : null;
    }
    if (!time.isBefore(start)) {
      return now.toLocalDate().atTime(start);
    }
    return time.isBefore(end) ? now.toLocalDate().minusDays(1).atTime(start) : null;
  }
}
