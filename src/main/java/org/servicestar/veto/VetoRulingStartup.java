package org.servicestar.veto;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, after the diagrams are deployed: every pending veto recorded before rulings were a
 * process (or whose ruling could not start) gets its VetoRuling, each in a transaction of its own.
 * Idempotent across nodes: {@link VetoRecords#startRuling} claims the row first.
 */
@Component
@Order(20)
class VetoRulingStartup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(VetoRulingStartup.class);

  private final VetoRecords records;
  private final TransactionTemplate transaction;

  VetoRulingStartup(VetoRecords records, PlatformTransactionManager transactions) {
    this.records = records;
    this.transaction = new TransactionTemplate(transactions);
  }

  @Override
  public void run(ApplicationArguments args) {
    startMissing();
  }

  /** Answers how many rulings it started. */
  int startMissing() {
    int started = 0;
    for (long id : records.pendingWithoutRuling()) {
      try {
        if (Boolean.TRUE.equals(transaction.execute(s -> records.startRuling(id)))) {
          started++;
        }
      } catch (RuntimeException e) {
        log.warn("Could not start the ruling of veto record {}: {}", id, e.toString());
      }
    }
    if (started > 0) {
      log.info("Started the leading group's ruling of {} pending veto record(s)", started);
    }
    return started;
  }
}
