package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.servicestar.support.SpringAppTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The index on ACT_RU_AUTHORIZATION(USER_ID_) that keeps a unit lead's Tasklist from reading every
 * unit's task authorizations ({@link AuthorizationUserIndexPlugin}; TasklistBenchmark measures it): there
 * after the engine made its schema, and made again on a database whose engine tables have it not (an
 * existing installation), without failing when it is there already. PostgresIT checks it on PostgreSQL.
 */
@SpringAppTest
class AuthorizationUserIndexTest {

  @Autowired
  ProcessEngine engine;
  @Autowired
  DataSource dataSource;
  @Autowired
  AuthorizationUserIndexPlugin plugin;

  @Test
  void isThereAfterTheEngineStartedAndIsMadeOnADatabaseWithoutIt() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      assertThat(AuthorizationUserIndexPlugin.exists(connection)).isTrue();
      plugin.postProcessEngineBuild(engine);
      assertThat(AuthorizationUserIndexPlugin.exists(connection)).isTrue();

      try (Statement statement = connection.createStatement()) {
        statement.execute("drop index " + AuthorizationUserIndexPlugin.INDEX);
      }
      assertThat(AuthorizationUserIndexPlugin.exists(connection)).isFalse();
      plugin.postProcessEngineBuild(engine);
      assertThat(AuthorizationUserIndexPlugin.exists(connection)).isTrue();
    }
  }
}
