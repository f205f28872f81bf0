package org.servicestar.support;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Production's database for plain (non-Spring) tests: one embedded PostgreSQL 17 server per test
 * class (no Docker here), and an empty database of its own for each test that asks.
 */
public final class FreshPostgres implements AutoCloseable {

  private final EmbeddedPostgres server;
  private final AtomicInteger databases = new AtomicInteger();

  private FreshPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  public static FreshPostgres start() {
    try {
      return new FreshPostgres(EmbeddedPostgres.start());
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start", e);
    }
  }

  /** A new, empty database named {@code prefix_N}. */
  public DataSource freshDatabase(String prefix) {
    String name = prefix + "_" + databases.incrementAndGet();
    JdbcClient.create(server.getPostgresDatabase()).sql("create database " + name).update();
    return server.getDatabase("postgres", name);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
