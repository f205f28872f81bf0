package org.servicestar.scoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Flyway V23 (a Spring bean, like V19): a score's explanation becomes one row per subject holding its
 * lines as a JSON array ({@link Explanation#json}) instead of one {@code score_line} row per line. The
 * lines are only ever read whole, one subject at a time; written as 65 000 rows with their primary-key
 * index they made a city's scoring run cost more than aggregating its million ratings (issue 9).
 *
 * <p>Java, not SQL: the existing lines are carried over, and H2 and PostgreSQL have no common way of
 * aggregating rows into JSON.
 */
@Component
class V23__Score_explanations_one_row_per_subject extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      // varchar, not text: H2 reads text as a CLOB; 1 000 000 characters is far above a subject's few lines
      statement.execute("""
          create table score_explanation (
              campaign_year  integer           not null,
              subject        varchar(100)      not null,
              lines          varchar(1000000)  not null,
              primary key (campaign_year, subject)
          )""");
    }
    try (Statement read = connection.createStatement();
         ResultSet rs = read.executeQuery("""
             select campaign_year, subject, component, label, raw_value, weight, points, source_link
               from score_line order by campaign_year, subject, position""");
         PreparedStatement write = connection.prepareStatement(
             "insert into score_explanation (campaign_year, subject, lines) values (?, ?, ?)")) {
      Integer year = null;
      String subject = null;
      List<Explanation.Line> lines = new ArrayList<>();
      while (rs.next()) {
        if (subject != null && (year != rs.getInt(1) || !subject.equals(rs.getString(2)))) {
          add(write, year, subject, lines);
          lines = new ArrayList<>();
        }
        year = rs.getInt(1);
        subject = rs.getString(2);
        lines.add(new Explanation.Line(rs.getString(3), rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
            rs.getString(8)));
      }
      if (subject != null) {
        add(write, year, subject, lines);
      }
      write.executeBatch();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("drop table score_line");
    }
  }

  private static void add(PreparedStatement write, int year, String subject, List<Explanation.Line> lines) throws SQLException {
    write.setInt(1, year);
    write.setString(2, subject);
    write.setString(3, Explanation.json(lines));
    write.addBatch();
  }
}
