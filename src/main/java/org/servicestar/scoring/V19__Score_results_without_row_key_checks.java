package org.servicestar.scoring;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Flyway V19 (a Spring bean: Spring Boot hands JavaMigration beans to Flyway). Drops the foreign keys
 * of {@code unit_score} and {@code staff_score} (to {@code unit} and {@code scoring_run}).
 *
 * <p>Why: these are derived rows, replaced as a whole by every scoring run, which writes them from the
 * units it has just read and the run it has just recorded, in one transaction; units are deactivated,
 * never deleted, and runs are never deleted. The keys checked nothing the run could get wrong, yet on
 * PostgreSQL each of a city's 6 240 rows paid for a lookup and a key-share lock on the unit's and the
 * run's rows — as much time as aggregating the million ratings (issue 9). {@code score_line} never had
 * keys for the same reason.
 *
 * <p>Java, not SQL: the keys were declared without names, and H2 and PostgreSQL name them differently,
 * so they are looked up in the database's metadata.
 */
@Component
class V19__Score_results_without_row_key_checks extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    String quote = connection.getMetaData().getIdentifierQuoteString();
    for (String table : new String[] {"unit_score", "staff_score"}) {
      for (String key : foreignKeys(connection, table)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("alter table " + table + " drop constraint " + quote + key + quote);
        }
      }
    }
  }

  static Set<String> foreignKeys(Connection connection, String table) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    String name = metaData.storesUpperCaseIdentifiers() ? table.toUpperCase(java.util.Locale.ROOT) : table;
    Set<String> keys = new LinkedHashSet<>();
    try (ResultSet rs = metaData.getImportedKeys(connection.getCatalog(), connection.getSchema(), name)) {
      while (rs.next()) {
        keys.add(rs.getString("FK_NAME"));
      }
    }
    return keys;
  }
}
