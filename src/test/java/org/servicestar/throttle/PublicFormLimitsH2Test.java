package org.servicestar.throttle;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The embedded default database (H2 2.3, as {@code application.yaml} configures it, minus the file). */
class PublicFormLimitsH2Test extends PublicFormLimitsContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  protected DataSource freshDatabase() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:public-form-limits-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    return dataSource;
  }
}
