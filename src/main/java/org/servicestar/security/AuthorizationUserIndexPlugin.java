package org.servicestar.security;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Adds the index on {@code ACT_RU_AUTHORIZATION(USER_ID_)} that Camunda's schema lacks.
 *
 * <p>Why: every query the engine checks authorizations on (the Tasklist's task queries above all)
 * joins the authorizations "of the user or of one of the user's groups":
 * {@code USER_ID_ IN (user, '*') OR GROUP_ID_ IN (groups)}. Camunda indexes {@code GROUP_ID_} alone,
 * {@code USER_ID_} only second, after {@code TYPE_}, in its unique key, which that condition cannot
 * use; so PostgreSQL read the whole table for it. The engine grants each candidate group on each open
 * task, so the table grows with every unit's open tasks: with a city's 100 000 a unit lead's Tasklist
 * spent ~50 ms of each of its two queries scanning 106 000 authorizations to find the lead's 50
 * (TasklistBenchmark, {@code -Dbenchmark.plans}). With this index both halves of the {@code OR} are index
 * lookups (a BitmapOr) that read only the user's and the groups' own rows: the same answer, at a cost
 * that no longer depends on the other units' tasks.
 *
 * <p>Created here, after the engine has made or updated its schema, and not by Flyway: Flyway runs
 * before the engine creates its tables, so on a fresh database there is no table to index yet.
 * {@code IF NOT EXISTS} (H2 and PostgreSQL): on a database that has it, each start costs one catalog lookup.
 */
@Component
class AuthorizationUserIndexPlugin extends AbstractProcessEnginePlugin {

  static final String INDEX = "SERVICESTAR_IDX_AUTH_USER_ID";

  private static final Logger log = LoggerFactory.getLogger(AuthorizationUserIndexPlugin.class);

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    DataSource dataSource = ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getDataSource();
    try (Connection connection = dataSource.getConnection()) {
      if (exists(connection)) {
        return;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("create index if not exists " + INDEX + " on ACT_RU_AUTHORIZATION (USER_ID_)");
      } catch (SQLException e) {
        // Another node starting at the same moment may have created it first.
        if (!exists(connection)) {
          throw e;
        }
      }
      log.info("Index {} on ACT_RU_AUTHORIZATION(USER_ID_) created", INDEX);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create index " + INDEX + " on ACT_RU_AUTHORIZATION", e);
    }
  }

  static boolean exists(Connection connection) throws SQLException {
    boolean upper = connection.getMetaData().storesUpperCaseIdentifiers();
    String table = upper ? "ACT_RU_AUTHORIZATION" : "act_ru_authorization";
    try (ResultSet rs = connection.getMetaData().getIndexInfo(connection.getCatalog(), connection.getSchema(), table, false, true)) {
      while (rs.next()) {
        if (INDEX.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
          return true;
        }
      }
    }
    return false;
  }
}
