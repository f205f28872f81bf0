package org.servicestar.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On H2 only (the embedded database for trying the app out, and the tests): every {@code varchar(n)}
 * of the app's own tables holds {@code 2n} UTF-16 units, so that {@code n} characters always fit.
 *
 * <p>Why: limits count characters ({@link TextLimits}), and so does PostgreSQL's {@code varchar(n)}.
 * H2 counts UTF-16 units instead: a comment of 500 emoji, accepted by the 500-character rule, is
 * 1 000 units and H2 refused it with "Value too long" (a 500). Doubling is enough, since a character
 * is at most two units. The migrations keep saying {@code n} — PostgreSQL enforces it, the app's
 * rules check it on both.
 *
 * <p>A Flyway callback after every migration (a Spring bean: Spring Boot hands Callback beans to
 * Flyway), so columns added by later migrations are covered without anyone remembering. Each widened
 * column is marked in its remarks with its new width, so a second run changes nothing and a column a
 * later migration re-declares is widened again. Camunda's tables (ACT_*) are left as they are.
 */
@Component
class H2TextColumns implements Callback {

  static final String MARK = "utf16:";
  private static final Logger log = LoggerFactory.getLogger(H2TextColumns.class);

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.AFTER_MIGRATE;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    try {
      Connection connection = context.getConnection();
      if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
        return;
      }
      widen(connection, context.getConfiguration().getTable());
    } catch (SQLException e) {
      throw new FlywayException("H2TextColumns: widening the text columns failed", e);
    }
  }

  /** Widens every app column not yet marked with its current width; returns how many. */
  static int widen(Connection connection, String historyTable) throws SQLException {
    record Column(String table, String name, long width) {
    }
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement("""
        select c.table_name, c.column_name, c.character_maximum_length, c.remarks
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.data_type = 'CHARACTER VARYING'
          and upper(c.table_name) not like 'ACT\\_%' and upper(c.table_name) <> upper(?)
        order by c.table_name, c.ordinal_position""")) {
      query.setString(1, historyTable);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long width = rows.getLong(3);
          if (!(MARK + width).equals(rows.getString(4))) {
            columns.add(new Column(rows.getString(1), rows.getString(2), width));
          }
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (Column c : columns) {
        long wider = Math.min(2 * c.width(), 1_000_000_000L);
        String column = quote(c.table()) + "." + quote(c.name());
        statement.execute("alter table " + quote(c.table()) + " alter column " + quote(c.name()) + " set data type varchar(" + wider + ")");
        statement.execute("comment on column " + column + " is '" + MARK + wider + "'");
      }
    }
    if (!columns.isEmpty()) {
      log.info("H2: {} text columns widened to twice their width, so that their length in characters fits (UTF-16)", columns.size());
    }
    return columns.size();
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String getCallbackName() {
    return "H2TextColumns";
  }
}
