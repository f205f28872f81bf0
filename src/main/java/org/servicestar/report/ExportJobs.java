package org.servicestar.report;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.UUID;

import org.servicestar.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Long exports in the background: the request gets an id at once, the page polls the progress, and
 * the finished file waits in table report_export (any node serves it) for its owner only, for
 * {@value #KEEP_HOURS} hours — older rows go whenever a new export starts, so no scheduler is needed.
 */
@Component
class ExportJobs {

  /** Above this many rows an export runs in the background (the ratings export always does). */
  static final long BACKGROUND_ABOVE = 20_000;
  static final int KEEP_HOURS = 24;
  private static final Logger LOG = LoggerFactory.getLogger(ExportJobs.class);

  /** What the progress endpoint answers. */
  record Job(String id, String owner, String kind, String fileName, String status, int rowsTotal, int rowsDone,
             String error, LocalDateTime createdAt, LocalDateTime finishedAt) {
    public boolean done() {
      return "DONE".equals(status);
    }
  }

  private final JdbcClient jdbc;
  private final Exports exports;
  private final AuditTrail audit;
  private final TaskExecutor executor;
  private final Clock clock;
  private final TransactionTemplate ownTransaction;

  ExportJobs(JdbcClient jdbc, Exports exports, AuditTrail audit, PlatformTransactionManager transactions, Clock clock) {
    this.clock = clock;
    // The progress is written while the rows stream inside the export's read-only transaction: it needs
    // a transaction of its own, committed at once so that the progress page sees it.
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.jdbc = jdbc;
    this.exports = exports;
    this.audit = audit;
    // Its own small executor, as ScoringJobs has: exports must not take the engine's job threads.
    SimpleAsyncTaskExecutor own = new SimpleAsyncTaskExecutor("export-");
    own.setConcurrencyLimit(2);
    this.executor = own;
  }

  /** Registers the export for its owner and writes it on another thread; returns its id. */
  String start(ExportKind kind, ExportFilter filter, Viewer viewer, String fileName) {
    LocalDateTime now = now();
    jdbc.sql("delete from report_export where created_at < ?").param(now.minusHours(KEEP_HOURS)).update();
    String id = UUID.randomUUID().toString();
    jdbc.sql("insert into report_export (id, owner, kind, file_name, status, created_at) values (?, ?, ?, ?, 'RUNNING', ?)")
        .params(id, viewer.name(), kind.name(), fileName, now).update();
    audit.record("REPORT_EXPORT_STARTED", "report:" + id, kind.label() + " " + fileName);
    executor.execute(() -> run(id, kind, filter, viewer));
    return id;
  }

  private void run(String id, ExportKind kind, ExportFilter filter, Viewer viewer) {
    try {
      Table table = exports.table(kind, filter, viewer);
      jdbc.sql("update report_export set rows_total = ? where id = ?").params(table.rowCount().getAsLong(), id).update();
      byte[] file = Workbooks.xlsx(table,
          done -> ownTransaction.executeWithoutResult(
              status -> jdbc.sql("update report_export set rows_done = ? where id = ?").params(done, id).update()));
      jdbc.sql("update report_export set status = 'DONE', content = ?, finished_at = ? where id = ?")
          .params(file, now(), id).update();
    } catch (RuntimeException e) {
      LOG.warn("Export {} ({}) failed: {}", id, kind, e.getMessage(), e);
      jdbc.sql("update report_export set status = 'FAILED', error = ?, finished_at = ? where id = ?")
          .params(abbreviate(e.getMessage()), now(), id).update();
    }
  }

  /** The export, if it exists and belongs to this user (anyone else is told nothing). */
  Optional<Job> job(String id, String owner) {
    return jdbc.sql("""
            select id, owner, kind, file_name, status, rows_total, rows_done, error, created_at, finished_at
              from report_export where id = ? and owner = ?""")
        .params(id, owner).query(Job.class).optional();
  }

  Optional<byte[]> file(String id, String owner) {
    return jdbc.sql("select content from report_export where id = ? and owner = ? and status = 'DONE'")
        .params(id, owner).query((rs, n) -> rs.getBytes(1)).optional();
  }

  private static String abbreviate(String message) {
    String m = message == null ? "导出失败" : message;
    return m.length() > 2000 ? m.substring(0, 2000) : m;
  }

  private LocalDateTime now() {
    return LocalDateTime.now(clock);
  }
}
