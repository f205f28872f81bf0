package org.servicestar.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code -Dbenchmark.plans}: the SQL the engine sends for a piece of work, with its parameters, and
 * PostgreSQL's plan of each select, run for real ({@code EXPLAIN (ANALYZE, BUFFERS)}). Twice: with the
 * parameters' values known to the planner (a custom plan, what PgJDBC's first executions of a statement
 * get) and with a generic plan (what PostgreSQL may switch to once PgJDBC prepares the statement on the
 * server, from its 5th execution on a connection: the planner then knows neither the groups nor the
 * page size). pg_stat_statements shows which statements cost; this shows why.
 *
 * <p>The statements are taken from the engine's MyBatis, where their text and values are still apart:
 * a plugin records what MyBatis binds to each prepared statement while {@link #capture} runs.
 */
public final class StatementPlans {

  public static final boolean ENABLED = Boolean.getBoolean("benchmark.plans");

  /** One statement as sent: text with {@code ?} and the values bound to them, in order. */
  public record Captured(String sql, List<Object> values) {
  }

  private final Recorder recorder = new Recorder();

  private StatementPlans() {
  }

  /** Adds the recording plugin to the engine's MyBatis (it records nothing outside {@link #capture}). */
  public static StatementPlans attach(ProcessEngine engine) {
    StatementPlans plans = new StatementPlans();
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getSqlSessionFactory().getConfiguration()
        .addInterceptor(plans.recorder);
    return plans;
  }

  /** The statements the work sent, on this thread. */
  public List<Captured> capture(Runnable work) {
    recorder.recording.set(new ArrayList<>());
    try {
      work.run();
      return recorder.recording.get();
    } finally {
      recorder.recording.remove();
    }
  }

  /** Each select's text, values, custom plan and generic plan, as lines to print. */
  public static String explain(JdbcTemplate jdbc, List<Captured> statements) {
    StringBuilder out = new StringBuilder();
    for (Captured statement : statements) {
      if (!statement.sql().stripLeading().regionMatches(true, 0, "select", 0, 6)) {
        continue;
      }
      out.append("---- statement: ").append(statement.sql().replaceAll("\\s+", " ").trim()).append('\n');
      out.append("---- values: ").append(statement.values()).append('\n');
      out.append("---- custom plan (values known):\n");
      jdbc.query("explain (analyze, buffers) " + statement.sql(),
          rs -> {
            out.append("  ").append(rs.getString(1)).append('\n');
          }, statement.values().toArray());
      out.append("---- generic plan (as a server-prepared statement may get it):\n");
      out.append(genericPlan(jdbc, statement));
    }
    return out.toString();
  }

  /** PREPARE, then EXPLAIN EXECUTE with plan_cache_mode forced to generic, on one connection. */
  private static String genericPlan(JdbcTemplate jdbc, Captured statement) {
    StringBuilder sql = new StringBuilder();
    int n = 0;
    for (char c : statement.sql().toCharArray()) {
      sql.append(c == '?' ? "$" + ++n : String.valueOf(c));
    }
    List<String> literals = statement.values().stream().map(StatementPlans::literal).toList();
    return jdbc.execute((java.sql.Connection connection) -> {
      StringBuilder plan = new StringBuilder();
      try (Statement s = connection.createStatement()) {
        s.execute("prepare servicestar_plan as " + sql);
        s.execute("set plan_cache_mode = force_generic_plan");
        try (var rs = s.executeQuery("explain (analyze, buffers) execute servicestar_plan("
            + String.join(", ", literals) + ")")) {
          while (rs.next()) {
            plan.append("  ").append(rs.getString(1)).append('\n');
          }
        } finally {
          s.execute("reset plan_cache_mode");
          s.execute("deallocate servicestar_plan");
        }
      }
      return plan.toString();
    });
  }

  private static String literal(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return "'" + value.toString().replace("'", "''") + "'";
  }

  @Intercepts(@Signature(type = StatementHandler.class, method = "parameterize", args = Statement.class))
  private static final class Recorder implements Interceptor {

    final ThreadLocal<List<Captured>> recording = new ThreadLocal<>();

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
      List<Captured> into = recording.get();
      if (into == null || !(invocation.getArgs()[0] instanceof PreparedStatement prepared)) {
        return invocation.proceed();
      }
      StatementHandler handler = (StatementHandler) invocation.getTarget();
      Map<Integer, Object> values = new TreeMap<>();
      PreparedStatement recording = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
              values.put(index, method.getName().equals("setNull") ? null : args[1]);
            }
            try {
              return method.invoke(prepared, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      handler.parameterize(recording);
      into.add(new Captured(handler.getBoundSql().getSql(), new ArrayList<>(values.values())));
      return null;
    }
  }
}
