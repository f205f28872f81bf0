package org.servicestar.support;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One embedded PostgreSQL server for the JVM, started with the first {@link PostgresAppTest}
 * context and stopped by its own shutdown hook when the JVM ends (the shared context outlives any
 * one test class, so no class may close it).
 */
public final class SharedPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static EmbeddedPostgres server;

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("embedded PostgreSQL did not start", e);
      }
    }
    return server;
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPropertyValues.of(
        "spring.datasource.url=" + server().getJdbcUrl("postgres", "postgres"),
        "spring.datasource.username=postgres",
        "spring.datasource.password=postgres").applyTo(context);
  }
}
