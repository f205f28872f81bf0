package org.servicestar.throttle;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.servicestar.support.FreshPostgres;

/** Production's database: PostgreSQL 17, embedded (no Docker here). */
class PublicFormLimitsPostgresTest extends PublicFormLimitsContract {

  private static FreshPostgres postgres;

  @BeforeAll
  static void start() {
    postgres = FreshPostgres.start();
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  protected DataSource freshDatabase() {
    return postgres.freshDatabase("limits");
  }
}
