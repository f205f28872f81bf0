package org.servicestar.veto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.servicestar.audit.AuditTrail;
import org.servicestar.time.AppClock;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Veto records on production's database, PostgreSQL 17 (embedded), migrated by Flyway: the same
 * fact reported by two transactions at once is one record, and the loser's transaction (on
 * PostgreSQL a failed statement would abort it, the process engine's with it) goes on.
 */
class VetoRecordsPostgresTest {

  private static EmbeddedPostgres postgres;
  private static JdbcClient jdbc;
  private static VetoRecords vetoes;
  private static TransactionTemplate tx;

  @BeforeAll
  static void migrate() throws IOException {
    postgres = EmbeddedPostgres.start();
    JdbcClient.create(postgres.getPostgresDatabase()).sql("create database veto").update();
    DataSource dataSource = postgres.getDatabase("postgres", "veto");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("servicestar_schema_history").load().migrate();
    jdbc = JdbcClient.create(dataSource);
    jdbc.sql("insert into unit (code, name, type, created_at, updated_at) values ('pg-w01', '一号窗口', 'DEPARTMENT', now(), now())").update();
    UnitService units = mock(UnitService.class);
    when(units.require(anyString())).thenReturn(new Unit(1, "pg-w01", "一号窗口", UnitType.DEPARTMENT, null, null, true, 0));
    when(units.byCode(anyString())).thenReturn(Optional.empty());
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
    vetoes = new VetoRecords(jdbc, units, mock(AuditTrail.class), transactions, new AppClock(AppClock.DEFAULT_ZONE),
        mock(org.camunda.bpm.engine.RuntimeService.class, org.mockito.Mockito.RETURNS_DEEP_STUBS));
    tx = new TransactionTemplate(transactions);
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theLoserOfTheRaceGetsTheWinnersRecordAndItsTransactionGoesOn() throws Exception {
    CountDownLatch firstInserted = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Long> first = pool.submit(() -> tx.execute(status -> {
        long id = vetoes.record("pg-w01", 4, VetoSourceType.RECTIFICATION, "ZG-2026-700001", "逾期", "a").id();
        firstInserted.countDown();
        sleep(700); // the second transaction now waits on the unique key
        return id;
      }));
      Future<Long> second = pool.submit(() -> {
        firstInserted.await(10, TimeUnit.SECONDS);
        return tx.execute(status -> {
          long id = vetoes.record("pg-w01", 4, VetoSourceType.RECTIFICATION, "ZG-2026-700001", "逾期", "b").id();
          // still usable: on PostgreSQL this fails with "current transaction is aborted" without the savepoint
          jdbc.sql("update veto_record set evidence = evidence where id = ?").param(id).update();
          return id;
        });
      });
      assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(first.get(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertThat(jdbc.sql("select count(*) from veto_record where source_id = 'ZG-2026-700001'").query(Long.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("select recorded_by from veto_record where source_id = 'ZG-2026-700001'").query(String.class).single()).isEqualTo("a");
  }

  @Test
  void rulingsAndQueriesRunOnPostgres() {
    VetoRecord record = tx.execute(s -> vetoes.record("pg-w01", 2, VetoSourceType.INSPECTION, "JC-2026-700002", "安全事故", "inspector"));
    assertThat(tx.execute(s -> vetoes.decide(record.id(), VetoStatus.CONFIRMED, "属实", "leader1")).status()).isEqualTo(VetoStatus.CONFIRMED);
    assertThat(vetoes.confirmedOf("pg-w01")).extracting(VetoRecord::id).contains(record.id());
    assertThat(vetoes.list("pg-w01", VetoStatus.PENDING)).extracting(VetoRecord::id).doesNotContain(record.id());
    assertThat(vetoes.ofSource(VetoSourceType.INSPECTION, "JC-2026-700002")).singleElement()
        .satisfies(r -> assertThat(r.ruledAt()).isNotNull());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
