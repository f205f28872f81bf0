package org.servicestar.notification;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The embedded default database (H2 2.3, as {@code application.yaml} configures it, minus the file). */
class OutboxH2Test extends OutboxContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  protected DataSource freshDatabase() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:outbox-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    return dataSource;
  }
}
