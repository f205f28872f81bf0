package org.servicestar.scoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Inserts many rows with few statements: {@code insert … values (…), (…), …} with up to {@link #ROWS}
 * rows each — standard SQL that H2 and PostgreSQL both take, and on PostgreSQL far fewer round trips
 * than a JDBC batch of single-row inserts. Values are typed ({@link SqlParameterValue}) so a null
 * needs no parameter-metadata lookup.
 */
final class MultiRowInsert {

  static final int ROWS = 250;

  private MultiRowInsert() {
  }

  static void into(JdbcTemplate jdbc, String table, String columns, int columnCount, List<SqlParameterValue[]> rows) {
    String row = "(" + String.join(", ", Collections.nCopies(columnCount, "?")) + ")";
    for (int from = 0; from < rows.size(); from += ROWS) {
      List<SqlParameterValue[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS));
      String sql = "insert into " + table + " (" + columns + ") values " + String.join(", ", Collections.nCopies(chunk.size(), row));
      List<Object> args = new ArrayList<>(chunk.size() * columnCount);
      for (SqlParameterValue[] values : chunk) {
        Collections.addAll(args, (Object[]) values);
      }
      jdbc.update(sql, args.toArray());
    }
  }
}
