package org.servicestar.support;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the issue-9 benchmarks share: an embedded PostgreSQL 17 per benchmark class, percentiles, and
 * the database's size per table. Benchmarks are failsafe classes named {@code *Benchmark}, run on
 * purpose ({@code mvn -o verify -Pbenchmarks}, or one with {@code -Dit.test=…}), never by {@code mvn verify}.
 */
public final class Benchmarks {

  private Benchmarks() {
  }

  /**
   * {@code -Dbenchmark.statements=N}: PostgreSQL counts every statement (pg_stat_statements) and the
   * benchmarks print the N that took longest in total ({@link #topStatements}): how the figures were explained.
   */
  public static final int STATEMENTS = Integer.getInteger("benchmark.statements", 0);

  public static EmbeddedPostgres startPostgres() {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (STATEMENTS > 0) {
        builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
      }
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start", e);
    }
  }

  /** Points the Spring context at the embedded server's {@code postgres} database. */
  public static void use(EmbeddedPostgres postgres, DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  public static void stop(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts counting statements afresh (nothing without {@code -Dbenchmark.statements}). */
  public static void resetStatements(JdbcTemplate jdbc) {
    if (STATEMENTS > 0) {
      jdbc.execute("create extension if not exists pg_stat_statements");
      jdbc.execute("select pg_stat_statements_reset()");
    }
  }

  /** The statements that took longest in total since {@link #resetStatements}, one line each ("" without the option). */
  public static String topStatements(JdbcTemplate jdbc) {
    if (STATEMENTS <= 0) {
      return "";
    }
    StringBuilder top = new StringBuilder("statements, longest in total (calls, total ms, mean ms, rows, text):\n");
    jdbc.query("""
        select calls, total_exec_time, mean_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements
         where query not like '%pg_stat_statements%' order by total_exec_time desc limit ?""",
        rs -> {
          String text = rs.getString(5);
          top.append(String.format(java.util.Locale.ROOT, "  %7d %9.0f %8.2f %9d  %s%n", rs.getLong(1), rs.getDouble(2),
              rs.getDouble(3), rs.getLong(4), text.length() > 400 ? text.substring(0, 400) + "…" : text));
        }, STATEMENTS);
    return top.toString();
  }

  /**
   * Executions per statement text since {@link #resetStatements} (empty without {@code -Dbenchmark.statements}):
   * with a reset before some work, how many statements that work costs, and which.
   */
  public static Map<String, Long> statementCalls(JdbcTemplate jdbc) {
    Map<String, Long> calls = new LinkedHashMap<>();
    if (STATEMENTS > 0) {
      jdbc.query("""
          select regexp_replace(query, '\\s+', ' ', 'g'), calls from pg_stat_statements
           where query not like '%pg_stat_statements%' order by calls desc""",
          rs -> {
            calls.merge(rs.getString(1), rs.getLong(2), Long::sum);
          });
    }
    return calls;
  }

  /** How a figure must compare with its goal (docs/performance.md). */
  public enum Goal {
    AT_LEAST(">="), AT_MOST("<="), BELOW("<");

    private final String sign;

    Goal(String sign) {
      this.sign = sign;
    }

    boolean met(BigDecimal figure, BigDecimal goal) {
      int c = figure.compareTo(goal);
      return switch (this) {
        case AT_LEAST -> c >= 0;
        case AT_MOST -> c <= 0;
        case BELOW -> c < 0;
      };
    }
  }

  /**
   * The one line a benchmark is quoted by, {@code RESULT <name>: <figure> <op> <goal> met|not met}. The
   * figure is rounded (half up) to {@code decimals} places before it is compared, so the line never reads
   * "0.80 >= 0.80 not met": what is printed is what was compared. Not met is reported, not thrown — the
   * figures move ±30 % with the machine's load, and a benchmark's run should still print all its figures.
   */
  public static String resultLine(String name, double figure, int decimals, Goal goal, double target) {
    if (Double.isNaN(figure) || Double.isInfinite(figure)) {
      return "RESULT " + name + ": " + figure + " " + goal.sign + " " + BigDecimal.valueOf(target).stripTrailingZeros().toPlainString()
          + " not met";
    }
    BigDecimal measured = BigDecimal.valueOf(figure).setScale(decimals, RoundingMode.HALF_UP);
    BigDecimal wanted = BigDecimal.valueOf(target).stripTrailingZeros();
    return "RESULT " + name + ": " + measured.toPlainString() + " " + goal.sign + " " + wanted.toPlainString() + " "
        + (goal.met(measured, wanted) ? "met" : "not met");
  }

  /** Prints {@link #resultLine} and says whether the goal was met. */
  public static boolean result(String name, double figure, int decimals, Goal goal, double target) {
    String line = resultLine(name, figure, decimals, goal, target);
    System.out.println(line);
    return !line.endsWith("not met");
  }

  /**
   * For a figure issue 9 measures but sets no goal for (start-up): says so in the RESULT line rather than
   * inventing a goal, so a reader grepping for "met" does not count it either way.
   */
  public static void resultWithoutGoal(String name, double figure, int decimals) {
    System.out.println("RESULT " + name + ": " + BigDecimal.valueOf(figure).setScale(decimals, RoundingMode.HALF_UP).toPlainString()
        + " (no goal set)");
  }

  /** Nearest-rank percentile. */
  public static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** Milliseconds the work took. */
  public static double millis(Runnable work) {
    long t = System.nanoTime();
    work.run();
    return (System.nanoTime() - t) / 1e6;
  }

  /** Bytes on disk (table, indexes and TOAST) and rows of every table of the public schema, by table name. */
  public static Map<String, long[]> tableSizes(JdbcTemplate jdbc) {
    Map<String, long[]> sizes = new LinkedHashMap<>();
    jdbc.query("""
        select c.relname, pg_total_relation_size(c.oid) as bytes, s.n_live_tup as live_rows
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          left join pg_stat_user_tables s on s.relid = c.oid
         where c.relkind = 'r' and n.nspname = 'public' order by c.relname""",
        rs -> {
          sizes.put(rs.getString(1).toLowerCase(), new long[] {rs.getLong(2), exactRows(jdbc, rs.getString(1))});
        });
    return sizes;
  }

  private static long exactRows(JdbcTemplate jdbc, String table) {
    return jdbc.queryForObject("select count(*) from \"" + table + "\"", Long.class);
  }

  /** after − before per table, only tables that changed; values are {bytes, rows}. */
  public static Map<String, long[]> growth(Map<String, long[]> before, Map<String, long[]> after) {
    Map<String, long[]> grown = new LinkedHashMap<>();
    after.forEach((table, now) -> {
      long[] then = before.getOrDefault(table, new long[2]);
      long bytes = now[0] - then[0];
      long rows = now[1] - then[1];
      if (bytes != 0 || rows != 0) {
        grown.put(table, new long[] {bytes, rows});
      }
    });
    return grown;
  }

  /** Sum of {bytes, rows} over the tables whose name starts with the prefix ("" for all). */
  public static long[] sum(Map<String, long[]> sizes, String prefix) {
    long[] total = new long[2];
    sizes.forEach((table, v) -> {
      if (table.startsWith(prefix)) {
        total[0] += v[0];
        total[1] += v[1];
      }
    });
    return total;
  }
}
