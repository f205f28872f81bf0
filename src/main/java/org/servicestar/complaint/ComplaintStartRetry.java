package org.servicestar.complaint;

import java.time.Duration;
import java.util.List;

import org.servicestar.audit.AuditTrail;
import org.servicestar.web.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the ComplaintHandling of complaints stored NOT_STARTED: on one background thread of this node,
 * after every deployment that commits ({@link DeploymentWatch}: Modeler, /engine-rest, start-up, any door)
 * and every {@code servicestar.complaint.start-retry-interval} (5 minutes).
 *
 * <p>Each complaint in a transaction of its own: its row is locked {@code for update skip locked}, still
 * NOT_STARTED, then its process is started (business key = its number) and the complaint set RECEIVED in
 * the same transaction. Another node's retry, or this node's other trigger, skips a locked row and finds a
 * started one no longer NOT_STARTED, so a complaint gets exactly one process however many nodes retry.
 * At the first failure the run stops (the diagram is still broken: the others would fail alike) and the
 * rest wait for the next deployment or interval. Every start and failure is audited.
 */
@Component
class ComplaintStartRetry extends BackgroundLoop {

  /** What one run did: complaints started, failed (0 or 1: a run stops at its first failure), still waiting. */
  record Run(int started, int failed, long waiting) {
  }

  private static final Logger log = LoggerFactory.getLogger(ComplaintStartRetry.class);
  private static final int PAGE = 100;

  private final ComplaintRepository complaints;
  private final ComplaintService service;
  private final ProcessStarter starter;
  private final StartOutage outage;
  private final AuditTrail audit;
  private final TransactionTemplate transaction;
  private final Duration interval;

  ComplaintStartRetry(ComplaintRepository complaints, ComplaintService service, ProcessStarter starter, StartOutage outage,
                      AuditTrail audit, PlatformTransactionManager transactions,
                      @Value("${servicestar.complaint.start-retry-interval:5m}") Duration interval) {
    super("complaint-start-retry");
    this.complaints = complaints;
    this.service = service;
    this.starter = starter;
    this.outage = outage;
    this.audit = audit;
    this.transaction = new TransactionTemplate(transactions);
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.interval = interval;
  }

  /** After a deployment commits: a run soon, on the background thread (the deployment does not wait). */
  @TransactionalEventListener(fallbackExecution = true)
  void deployed(DeploymentWatch.Deployed event) {
    wakeUp();
  }

  @Override
  protected Duration initialDelay() {
    return interval();
  }

  @Override
  protected Duration interval() {
    return interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval;
  }

  @Override
  protected void pass() {
    try {
      Run run = retryNow();
      if (run.started() > 0 || run.failed() > 0) {
        log.info("Complaint start retry: {} started, {} failed, {} waiting", run.started(), run.failed(), run.waiting());
      }
    } catch (RuntimeException e) {
      // e.g. the database is unreachable for a moment; the next pass tries again
      log.warn("Complaint start retry failed: {}", e.toString());
    }
  }

  /** One run now, on the calling thread: every NOT_STARTED complaint, oldest first, until one fails. */
  Run retryNow() {
    int started = 0;
    long after = 0;
    while (true) {
      List<ComplaintRepository.Unstarted> page = complaints.unstarted(after, PAGE);
      for (ComplaintRepository.Unstarted candidate : page) {
        after = candidate.id();
        Boolean ok = transaction.execute(status -> retry(candidate.id()));
        if (Boolean.FALSE.equals(ok)) {
          return new Run(started, 1, complaints.countUnstarted());
        }
        if (Boolean.TRUE.equals(ok)) {
          started++;
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    outage.endIfNoneLeft();
    return new Run(started, 0, complaints.countUnstarted());
  }

  /** True: started; false: failed again; null: not this run's (started meanwhile, or another node has it). */
  private Boolean retry(long id) {
    ComplaintRepository.Unstarted c = complaints.lockUnstarted(id).orElse(null);
    if (c == null) {
      return null;
    }
    try {
      String instanceId = starter.start(c.number(), () -> service.startVariables(c.number(), c.unitCode(),
          service.unitName(c.unitCode()), c.source(), c.channel(), c.content(), c.contactName(), c.contactPhone(), c.staffBadge()));
      complaints.markStarted(c.number(), instanceId);
      complaints.addEvent(c.id(), "system", ComplaintEventKind.PROCESS_STARTED, "自动重试后启动（此前失败 " + c.startAttempts() + " 次）");
      audit.record("COMPLAINT_PROCESS_STARTED", c.number(),
          "重试启动 " + ComplaintHandlingIds.PROCESS + " 成功，流程实例 " + instanceId + "；此前失败 " + c.startAttempts() + " 次");
      return true;
    } catch (ProcessStarter.NotStarted e) {
      complaints.markNotStarted(c.number(), e.reason());
      audit.record("COMPLAINT_PROCESS_START_FAILED", c.number(),
          "重试启动 " + ComplaintHandlingIds.PROCESS + " 失败（第 " + (c.startAttempts() + 1) + " 次）：" + e.reason());
      outage.failed(c.number(), e.reason());
      return false;
    }
  }
}
