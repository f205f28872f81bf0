package org.servicestar.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code mail_outbox} table (V5__mail_outbox.sql). {@link #enqueue} joins the caller's
 * transaction — the engine's, when a task listener or delegate calls it — so a mail exists exactly
 * when the task change that caused it commits; {@link OutboxSender} sends it afterwards.
 *
 * <p>Nodes share the table. A node claims a row with one conditional UPDATE (still PENDING, due, and
 * not leased by another node); only the node whose UPDATE changed the row sends it. The lease
 * ({@code locked_until}) frees the rows of a node that died while sending.
 */
class MailOutbox {

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
               LocalDateTime lockedUntil, LocalDateTime sentAt) {
  }

  private static final String COLUMNS = "id, kind, recipient_user, recipient_address, subject, body, task_id, "
      + "process_instance_id, business_key, status, attempts, last_error, created_at, next_attempt_at, locked_by, "
      + "locked_until, sent_at";

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
    LocalDateTime now = now();
    savepoint.executeWithoutResult(status -> jdbc.sql("insert into mail_outbox (kind, recipient_user, recipient_address, "
            + "subject, body, task_id, process_instance_id, business_key, status, attempts, created_at, next_attempt_at) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")
        .params(mail.kind().name(), mail.recipientUser(), mail.recipientAddress(), cut(mail.subject(), MAX_SUBJECT),
            cut(mail.body(), MAX_BODY), mail.taskId(), mail.processInstanceId(), cut(mail.businessKey(), 255),
            PENDING, now, now)
        .update());
    events.publishEvent(new MailQueued());
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
   * it is no longer pending, or it is not due. Runs in its own (auto-commit) statement.
   */
  Optional<Entry> claim(long id, String node, Duration lease) {
    LocalDateTime now = now();
    int claimed = jdbc.sql("update mail_outbox set locked_by = ?, locked_until = ?, attempts = attempts + 1 "
            + "where id = ? and status = ? and next_attempt_at <= ? and (locked_until is null or locked_until < ?)")
        .params(node, now.plus(lease), id, PENDING, now, now).update();
    return claimed == 1 ? find(id).filter(e -> node.equals(e.lockedBy())) : Optional.empty();
  }

  /** SENT or LOGGED; false when this node's lease was lost meanwhile (another node may have sent it). */
  boolean markDone(long id, String node, String status) {
    return jdbc.sql("update mail_outbox set status = ?, sent_at = ?, last_error = null, locked_by = null, locked_until = null "
            + "where id = ? and locked_by = ? and status = ?")
        .params(status, now(), id, node, PENDING).update() == 1;
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
    String where = status == null ? "" : " where status = :status";
    var spec = jdbc.sql("select " + COLUMNS + " from mail_outbox" + where
            + " order by created_at desc, id desc offset :offset rows fetch first :size rows only")
        .param("offset", offset).param("size", size);
    if (status != null) {
      spec = spec.param("status", status);
    }
    return spec.query(Entry.class).list();
  }

  long count(String status) {
    return status == null
        ? jdbc.sql("select count(*) from mail_outbox").query(Long.class).single()
        : jdbc.sql("select count(*) from mail_outbox where status = ?").param(status).query(Long.class).single();
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
