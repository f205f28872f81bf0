package org.servicestar.scoring;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.servicestar.campaign.CampaignService;
import org.servicestar.web.BackgroundLoop;
import org.servicestar.web.TextLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.servicestar.veto.VetoRuled;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A year scored again by itself, e.g. after the leading group ruled on a veto. {@link #request} keeps
 * the wish in the database in the caller's transaction (table {@code scoring_rescore_request}, one row
 * per year); after the commit, and every {@code servicestar.scoring.rescore-interval} (20 s), a pass
 * starts a background run ({@link ScoringJobs}) for each requested year that is not being scored. A
 * request that arrives while a run of its year is going stays until that run is over, then makes one
 * more: none is lost, and many requests at once make one run. A year without a campaign drops its request.
 */
@Component
public class Rescoring extends BackgroundLoop {

  private static final Logger LOG = LoggerFactory.getLogger(Rescoring.class);

  /** After the commit of a transaction that asked for a run. */
  record Requested(int year) {
  }

  private final JdbcClient jdbc;
  private final ScoringService scoring;
  private final ScoringJobs jobs;
  private final CampaignService campaigns;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate savepoint;
  private final Clock clock;
  private final Duration interval;

  Rescoring(JdbcClient jdbc, ScoringService scoring, ScoringJobs jobs, CampaignService campaigns, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock,
            @Value("${servicestar.scoring.rescore-interval:20s}") Duration interval) {
    super("rescoring");
    this.jdbc = jdbc;
    this.scoring = scoring;
    this.jobs = jobs;
    this.campaigns = campaigns;
    this.events = events;
    this.clock = clock;
    this.interval = interval;
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  /** Asks for a new scoring run of {@code year}, in the caller's transaction; it starts after the commit. */
  public void request(int year, String reason) {
    String why = reason == null ? null : TextLimits.cut(reason, 500);
    LocalDateTime now = LocalDateTime.now(clock);
    int updated = jdbc.sql("update scoring_rescore_request set requested_at = ?, reason = ? where campaign_year = ?")
        .params(now, why, year).update();
    if (updated == 0) {
      try {
        savepoint.executeWithoutResult(s -> jdbc.sql("insert into scoring_rescore_request (campaign_year, requested_at, reason) values (?, ?, ?)")
            .params(year, now, why).update());
      } catch (DuplicateKeyException concurrently) {
        // another transaction asked at the same moment: one request is enough
      }
    }
    events.publishEvent(new Requested(year));
  }

  /** The leading group confirmed or annulled a veto: the year of its record is scored again (in the ruling's transaction). */
  @EventListener
  void vetoRuled(VetoRuled event) {
    request(event.year(), "否决记录 #" + event.vetoId() + " " + event.status().label());
  }

  @TransactionalEventListener(fallbackExecution = true)
  void requested(Requested event) {
    wakeUp();
  }

  /** The years asked for and not yet taken by a run. */
  public List<Integer> pending() {
    return jdbc.sql("select campaign_year from scoring_rescore_request order by campaign_year").query(Integer.class).list();
  }

  @Override
  protected void pass() {
    try {
      startDue();
    } catch (RuntimeException e) {
      LOG.warn("Rescoring pass failed: {}", e.toString());
    }
  }

  /** Starts a run for every requested year not being scored; answers the years started. */
  List<Integer> startDue() {
    List<Integer> started = new java.util.ArrayList<>();
    for (Request r : jdbc.sql("select campaign_year, requested_at from scoring_rescore_request order by campaign_year")
        .query(Request.class).list()) {
      if (campaigns.ofYear(r.campaignYear()).isEmpty()) {
        jdbc.sql("delete from scoring_rescore_request where campaign_year = ?").param(r.campaignYear()).update();
        continue;
      }
      if (scoring.isRunning(r.campaignYear())) {
        continue; // asked again after this run is over
      }
      try {
        jobs.start(r.campaignYear(), "system");
      } catch (ScoringAlreadyRunning e) {
        continue;
      }
      // a request made after we read it (requested_at later) stays for the next run
      jdbc.sql("delete from scoring_rescore_request where campaign_year = ? and requested_at <= ?")
          .params(r.campaignYear(), r.requestedAt()).update();
      LOG.info("Scoring {} again by itself", r.campaignYear());
      started.add(r.campaignYear());
    }
    return started;
  }

  record Request(int campaignYear, LocalDateTime requestedAt) {
  }

  @Override
  protected Duration initialDelay() {
    return interval;
  }

  @Override
  protected Duration interval() {
    return interval;
  }
}
