package org.servicestar.notification;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Production's database: PostgreSQL 17, embedded (no Docker here). */
class OutboxPostgresTest extends OutboxContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  protected DataSource freshDatabase() {
    String name = "outbox_" + DATABASES.incrementAndGet();
    JdbcClient.create(postgres.getPostgresDatabase()).sql("create database " + name).update();
    return postgres.getDatabase("postgres", name);
  }
}
