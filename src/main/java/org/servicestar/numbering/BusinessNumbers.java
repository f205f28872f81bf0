package org.servicestar.numbering;

import java.time.Clock;
import java.time.LocalDate;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Business numbers of DESIGN.md: {@code TS-2026-000001} (complaints), {@code ZG-…} (rectifications),
 * {@code JC-…} (inspections). Unique across concurrent requests and nodes: the UPDATE that takes a
 * value locks the year's row until the caller's transaction ends. A number taken by a transaction
 * that rolls back is given again (the counter rolls back with it); one that commits never is.
 */
@Service
public class BusinessNumbers {


  private final JdbcClient jdbc;
  private final TransactionTemplate separately;
  private final Clock clock;

  BusinessNumbers(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.separately = new TransactionTemplate(transactions);
    this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** The next number with this prefix in the current year, within the caller's transaction. */
  public String next(String prefix) {
    int year = LocalDate.now(clock).getYear();
    if (increment(prefix, year) == 0) {
      createYearRow(prefix, year);
      if (increment(prefix, year) == 0) {
        throw new IllegalStateException("no counter row for " + prefix + " " + year);
      }
    }
    int value = jdbc.sql("select last_value from business_number where prefix = ? and number_year = ?")
        .params(prefix, year).query(Integer.class).single();
    return format(prefix, year, value);
  }

  public static String format(String prefix, int year, int value) {
    return String.format("%s-%d-%06d", prefix, year, value);
  }

  private int increment(String prefix, int year) {
    return jdbc.sql("update business_number set last_value = last_value + 1 where prefix = ? and number_year = ?")
        .params(prefix, year).update();
  }

  /** In its own transaction: on PostgreSQL a failed insert would abort the caller's. */
  private void createYearRow(String prefix, int year) {
    try {
      separately.executeWithoutResult(status ->
          jdbc.sql("insert into business_number (prefix, number_year, last_value) values (?, ?, 0)").params(prefix, year).update());
    } catch (DuplicateKeyException e) {
      // Another request or node created the year's row first; use it.
    }
  }
}
