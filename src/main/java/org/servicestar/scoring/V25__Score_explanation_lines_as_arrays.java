package org.servicestar.scoring;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Flyway V25 (a Spring bean, like V19 and V23): the stored explanations' lines become arrays of their
 * six values instead of objects naming them ({@link Explanation}), which is what scoring now writes and
 * reads. The names repeated on every line were a fifth of what a city's run writes (issue 9).
 *
 * <p>Java, not SQL: H2 and PostgreSQL have no common way of rewriting JSON. Rows already written as
 * arrays (V23 writes through {@link Explanation#json}) are left as they are.
 */
@Component
class V25__Score_explanation_lines_as_arrays extends BaseJavaMigration {

  /** A line as V23 and the runs before this migration stored it: an object, null values left out. */
  private record Stored(String component, String label, BigDecimal rawValue, BigDecimal weight, BigDecimal points,
                        String sourceLink) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Stored>> STORED = new TypeReference<>() {
  };
  private static final int BATCH = 500;

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement read = connection.createStatement();
         PreparedStatement write = connection.prepareStatement(
             "update score_explanation set lines = ? where campaign_year = ? and subject = ?")) {
      read.setFetchSize(BATCH);
      int pending = 0;
      try (ResultSet rs = read.executeQuery("select campaign_year, subject, lines from score_explanation")) {
        while (rs.next()) {
          String arrays = asArrays(rs.getString(3));
          if (arrays != null) {
            write.setString(1, arrays);
            write.setInt(2, rs.getInt(1));
            write.setString(3, rs.getString(2));
            write.addBatch();
            if (++pending == BATCH) {
              write.executeBatch();
              pending = 0;
            }
          }
        }
      }
      if (pending > 0) {
        write.executeBatch();
      }
    }
  }

  /** The lines as arrays, or null when they are arrays already (or there are none). */
  static String asArrays(String stored) {
    try (JsonParser p = JSON.createParser(stored)) {
      if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      // read from the text, not through a tree: BigDecimal keeps its scale (83.0000 stays 83.0000)
      List<Stored> lines = JSON.readValue(stored, STORED);
      List<Explanation.Line> converted = new ArrayList<>(lines.size());
      for (Stored s : lines) {
        converted.add(new Explanation.Line(s.component(), s.label(), s.rawValue(), s.weight(), s.points(), s.sourceLink()));
      }
      return Explanation.json(converted);
    } catch (IOException e) {
      throw new IllegalStateException("stored score explanation is not valid JSON: " + e.getMessage(), e);
    }
  }
}
