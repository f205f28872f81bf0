package org.servicestar.web;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Which database a data source leads to, asked once: the few statements that differ between
 * PostgreSQL (production) and H2 (development and demo) — upserts, session settings — choose by it.
 */
public final class DatabaseProduct {

  private final DataSource dataSource;
  private volatile Boolean postgres;

  public DatabaseProduct(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public boolean isPostgres() {
    Boolean known = postgres;
    if (known == null) {
      try {
        known = "PostgreSQL".equalsIgnoreCase(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
      } catch (MetaDataAccessException e) {
        throw new IllegalStateException("which database is this?", e);
      }
      postgres = known;
    }
    return known;
  }
}
