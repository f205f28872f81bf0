package org.servicestar.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code mail_outbox} table (V5__mail_outbox.sql; V35 added the channels: e-mail and the group
 * robots). {@link #enqueue} joins the caller's transaction — the engine's, when a task listener or
 * delegate calls it — so a message exists exactly when the task change that caused it commits;
 * {@link OutboxSender} sends it afterwards.
 *
 * <p>Nodes share the table. A node claims rows with one conditional UPDATE (still PENDING, due, and
 * not leased by another node); only the node whose UPDATE changed a row sends it. The lease
 * ({@code locked_until}) frees the rows of a node that died while sending.
 */
class MailOutbox {

  private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);
  /** Rows per INSERT statement (13 parameters each). */
  private static final int INSERT_CHUNK = 200;

  static final String PENDING = "PENDING";
  static final String SENT = "SENT";
  static final String FAILED = "FAILED";
  static final String LOGGED = "LOGGED";

  static final int MAX_SUBJECT = 500;
  static final int MAX_BODY = 8000;
  static final int MAX_ERROR = 2000;

  /** Published when a mail was written; the sender wakes up after the transaction commits. */
  record MailQueued() {
  }

  /** A row as the sender and the administrators' page see it. */
  record Entry(long id, String kind, String recipientUser, String recipientAddress, String subject, String body,
               String taskId, String processInstanceId, String businessKey, String status, int attempts,
               String lastError, LocalDateTime createdAt, LocalDateTime nextAttemptAt, String lockedBy,
               LocalDateTime lockedUntil, LocalDateTime sentAt, Channel channel, String robot) {

    /** Who it goes to, for a log line: the address, or the robot's reference. */
    String recipient() {
      return channel == Channel.EMAIL ? recipientAddress : robot;
    }
  }

  private static final String COLUMNS = "id, kind, recipient_user, recipient_address, subject, body, task_id, "
      + "process_instance_id, business_key, status, attempts, last_error, created_at, next_attempt_at, locked_by, "
      + "locked_until, sent_at, channel, robot";

  private final JdbcClient jdbc;
  private final TransactionTemplate savepoint;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  MailOutbox(JdbcClient jdbc, PlatformTransactionManager transactions, ApplicationEventPublisher events, Clock clock) {
    this.jdbc = jdbc;
    // Nested: inside the engine's transaction a failed insert rolls back to a savepoint and leaves the
    // task change alone; without a transaction it is a transaction of its own.
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.events = events;
    this.clock = clock;
  }

  LocalDateTime now() {
    return LocalDateTime.now(clock);
  }

  /** Writes the mail as PENDING in the caller's transaction; it is sent once that commits. */
  void enqueue(Mail mail) {
    enqueueAll(List.of(mail));
  }

  /**
   * Writes the mails as PENDING in the caller's transaction, all in one statement (a task mailed to a
   * group is one row per member: one round trip instead of one per member). Should that fail, each
   * mail is tried on its own, so one bad row costs only itself; a mail that still cannot be written
   * is logged. Never throws: the task change that caused the mails goes on either way.
   */
  void enqueueAll(List<Mail> mails) {
    if (mails.isEmpty()) {
      return;
    }
    LocalDateTime now = now();
    try {
      for (int from = 0; from < mails.size(); from += INSERT_CHUNK) {
        List<Mail> chunk = mails.subList(from, Math.min(mails.size(), from + INSERT_CHUNK));
        savepoint.executeWithoutResult(status -> insert(chunk, now));
      }
    } catch (RuntimeException together) {
      for (Mail mail : mails) {
        try {
          savepoint.executeWithoutResult(status -> insert(List.of(mail), now));
        } catch (RuntimeException e) {
          log.error("Notification: could not write the message '{}' to {} into the outbox: {}", mail.subject(),
              mail.recipient(), e.toString(), e);
        }
      }
    }
    events.publishEvent(new MailQueued());
  }

  private void insert(List<Mail> mails, LocalDateTime now) {
    StringBuilder sql = new StringBuilder("insert into mail_outbox (kind, channel, recipient_user, recipient_address, robot, "
        + "subject, body, task_id, process_instance_id, business_key, status, attempts, created_at, next_attempt_at) values ");
    List<Object> params = new ArrayList<>(mails.size() * 13);
    for (Mail mail : mails) {
      sql.append(params.isEmpty() ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)");
      params.addAll(Arrays.asList(mail.kind().name(), mail.channel().name(), mail.recipientUser(), mail.recipientAddress(),
          mail.robot(), cut(mail.subject(), MAX_SUBJECT), cut(mail.body(), MAX_BODY), mail.taskId(), mail.processInstanceId(),
          cut(mail.businessKey(), 255), PENDING, now, now));
    }
    jdbc.sql(sql.toString()).params(params).update();
  }

  /** Ids of PENDING mails that are due and not leased, oldest first. */
  List<Long> dueIds(int limit) {
    LocalDateTime now = now();
    return jdbc.sql("select id from mail_outbox where status = ? and next_attempt_at <= ? "
            + "and (locked_until is null or locked_until < ?) order by next_attempt_at, id fetch first ? rows only")
        .params(PENDING, now, now, limit).query(Long.class).list();
  }

  /**
   * Claims the mail for this node for the lease, counting an attempt; empty when another node has it,
   * it is no longer pending, or it is not due.
   */
  Optional<Entry> claim(long id, String node, Duration lease) {
    return claim(List.of(id), node, lease).stream().findFirst();
  }

  /**
   * Claims those of the mails that are still PENDING, due and not leased, for this node for the lease,
   * counting an attempt: one conditional UPDATE for all of them (each in its own auto-commit statement,
   * outside any transaction), then reads back the rows this node now holds, oldest first.
   */
  List<Entry> claim(List<Long> ids, String node, Duration lease) {
    if (ids.isEmpty()) {
      return List.of();
    }
    LocalDateTime now = now();
    int claimed = jdbc.sql("update mail_outbox set locked_by = :node, locked_until = :until, attempts = attempts + 1 "
            + "where id in (:ids) and status = :pending and next_attempt_at <= :now and (locked_until is null or locked_until < :now)")
        .param("node", node).param("until", now.plus(lease)).param("ids", ids).param("pending", PENDING).param("now", now)
        .update();
    if (claimed == 0) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS + " from mail_outbox where id in (:ids) and locked_by = :node and status = :pending "
            + "order by next_attempt_at, id")
        .param("ids", ids).param("node", node).param("pending", PENDING).query(Entry.class).list();
  }

  /** {@link #markDone} for many mails in one statement; how many this node still held. */
  int markDone(List<Long> ids, String node, String status) {
    if (ids.isEmpty()) {
      return 0;
    }
    return jdbc.sql("update mail_outbox set status = :status, sent_at = :now, last_error = null, locked_by = null, "
            + "locked_until = null where id in (:ids) and locked_by = :node and status = :pending")
        .param("status", status).param("now", now()).param("ids", ids).param("node", node).param("pending", PENDING).update();
  }

  /** SENT or LOGGED; false when this node's lease was lost meanwhile (another node may have sent it). */
  boolean markDone(long id, String node, String status) {
    return markDone(List.of(id), node, status) == 1;
  }

  /** Another attempt at {@code nextAttempt}, or FAILED when {@code nextAttempt} is null. */
  boolean markFailedAttempt(long id, String node, String error, LocalDateTime nextAttempt) {
    return jdbc.sql("update mail_outbox set status = ?, next_attempt_at = ?, last_error = ?, locked_by = null, "
            + "locked_until = null where id = ? and locked_by = ? and status = ?")
        .params(nextAttempt == null ? FAILED : PENDING, nextAttempt == null ? now() : nextAttempt,
            cut(error, MAX_ERROR), id, node, PENDING).update() == 1;
  }

  /** An administrator sends a FAILED mail again: PENDING, due now, attempts counted from zero. */
  boolean retry(long id) {
    return jdbc.sql("update mail_outbox set status = ?, attempts = 0, next_attempt_at = ?, locked_by = null, "
            + "locked_until = null where id = ? and status = ?")
        .params(PENDING, now(), id, FAILED).update() == 1;
  }

  Optional<Entry> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from mail_outbox where id = ?").param(id).query(Entry.class).optional();
  }

  /** Newest first; {@code status} null for all. */
  List<Entry> page(String status, int offset, int size) {
    return page(status, null, offset, size);
  }

  /** Newest first; {@code status} and {@code channel} null for all. */
  List<Entry> page(String status, Channel channel, int offset, int size) {
    var spec = jdbc.sql("select " + COLUMNS + " from mail_outbox" + where(status, channel)
            + " order by created_at desc, id desc offset :offset rows fetch first :size rows only")
        .param("offset", offset).param("size", size);
    return filter(spec, status, channel).query(Entry.class).list();
  }

  long count(String status) {
    return count(status, null);
  }

  long count(String status, Channel channel) {
    return filter(jdbc.sql("select count(*) from mail_outbox" + where(status, channel)), status, channel).query(Long.class).single();
  }

  private static String where(String status, Channel channel) {
    List<String> conditions = new ArrayList<>();
    if (status != null) {
      conditions.add("status = :status");
    }
    if (channel != null) {
      conditions.add("channel = :channel");
    }
    return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
  }

  private static JdbcClient.StatementSpec filter(JdbcClient.StatementSpec spec, String status, Channel channel) {
    JdbcClient.StatementSpec filtered = status == null ? spec : spec.param("status", status);
    return channel == null ? filtered : filtered.param("channel", channel.name());
  }

  List<Entry> ofTask(String taskId) {
    return jdbc.sql("select " + COLUMNS + " from mail_outbox where task_id = ? order by id").param(taskId)
        .query(Entry.class).list();
  }

  List<Entry> ofProcessInstance(String processInstanceId) {
    return jdbc.sql("select " + COLUMNS + " from mail_outbox where process_instance_id = ? order by id")
        .param(processInstanceId).query(Entry.class).list();
  }

  static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
