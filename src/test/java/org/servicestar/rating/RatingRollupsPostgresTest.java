package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.servicestar.unit.Unit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollups' upsert on PostgreSQL: two intakes of the same unit and month at once (the first
 * creating the month's row) lose no count, and a mixed stream on PostgreSQL equals a full recount.
 */
class RatingRollupsPostgresTest {

  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
  private static EmbeddedPostgres postgres;
  private static JdbcClient jdbc;
  private static TransactionTemplate tx;
  private static RatingRollups rollups;
  private static RatingRepository ratings;
  private static Unit window;

  @BeforeAll
  static void migrate() throws IOException {
    postgres = EmbeddedPostgres.start();
    JdbcClient.create(postgres.getPostgresDatabase()).sql("create database rollups").update();
    DataSource dataSource = postgres.getDatabase("postgres", "rollups");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("servicestar_schema_history").load().migrate();
    jdbc = JdbcClient.create(dataSource);
    JdbcTemplate template = new JdbcTemplate(dataSource);
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
    tx = new TransactionTemplate(transactions);
    rollups = new RatingRollups(jdbc, template, dataSource, transactions, event -> { }, false);
    ratings = new RatingRepository(jdbc, template, rollups);
    jdbc.sql("insert into unit (code, name, type, created_at, updated_at) values ('pg-d', '部门', 'DEPARTMENT', now(), now())").update();
    jdbc.sql("""
        insert into unit (code, name, type, parent_id, created_at, updated_at)
        select 'pg-w', '窗口', 'WINDOW', id, now(), now() from unit where code = 'pg-d'""").update();
    window = jdbc.sql("""
        select u.id, u.code, u.name, u.type, u.parent_id, p.code as parent_code, u.active, u.version
          from unit u left join unit p on p.id = u.parent_id where u.code = 'pg-w'""").query(Unit.class).single();
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static ValidRating rating(int level, OffsetDateTime at) {
    return new ValidRating(window, level, RatingChannel.FORM, null, null, null, null, null, at,
        at.atZoneSameInstant(BEIJING).toLocalDate(), null, null, null, "office");
  }

  private static RatingRollups.Month month(int yyyymm) {
    return rollups.stored(yyyymm, yyyymm).stream().filter(m -> m.unitId() == window.id()).findFirst().orElseThrow();
  }

  @Test
  void twoIntakesOfTheSameNewMonthAtOnceLoseNoCount() throws Exception {
    OffsetDateTime at = OffsetDateTime.of(2025, 7, 10, 9, 0, 0, 0, BEIJING);
    CountDownLatch firstWrote = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = threads.submit(() -> tx.executeWithoutResult(s -> {
        ratings.insertAll(List.of(rating(5, at)), at);
        firstWrote.countDown();
        pause(); // the second intake now waits for this one's uncommitted row of July
      }));
      Future<?> second = threads.submit(() -> {
        await(firstWrote);
        tx.executeWithoutResult(s -> ratings.insertAll(List.of(rating(4, at)), at));
      });
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);

      // Then two writers of 40 intakes each, on the same row.
      List<Future<?>> many = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        many.add(threads.submit(() -> {
          for (int i = 0; i < 40; i++) {
            tx.executeWithoutResult(s -> ratings.insertAll(List.of(rating(3, at), rating(1, at)), at));
          }
        }));
      }
      for (Future<?> f : many) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    RatingRollups.Month july = month(202507);
    assertThat(List.of(july.level5(), july.level4(), july.level3(), july.level1())).isEqualTo(List.of(1L, 1L, 80L, 80L));
    assertThat(rollups.stored(202507, 202507)).isEqualTo(rollups.recount(202507, 202507));
  }

  @Test
  void aMixedStreamEqualsAFullRecountOnPostgres() {
    OffsetDateTime lastOfMarch = OffsetDateTime.of(2024, 3, 31, 23, 50, 0, 0, BEIJING);
    OffsetDateTime firstOfApril = OffsetDateTime.of(2024, 4, 1, 0, 10, 0, 0, BEIJING); // still March 31 in UTC
    long[] ids = tx.execute(s -> ratings.insertAll(List.of(rating(5, lastOfMarch), rating(2, lastOfMarch), rating(1, firstOfApril),
        rating(4, firstOfApril), rating(5, firstOfApril)), firstOfApril, 2));
    tx.executeWithoutResult(s -> ratings.insertAll(List.of(rating(1, firstOfApril)), firstOfApril));
    for (String number : List.of("TS-R1", "TS-R2")) {
      jdbc.sql("""
          insert into complaint (number, unit_code, original_unit_code, source, channel, content, status, created_at, updated_at)
          values (?, 'pg-w', 'pg-w', 'RATING', 'RATING', '差评', 'VERIFYING', now(), now())""").param(number).update();
    }
    tx.executeWithoutResult(s -> ratings.setComplaints(Map.of(ids[1], "TS-R1", ids[2], "TS-R2")));
    tx.executeWithoutResult(s -> ratings.exclude(ids[4], "测试评价"));
    tx.executeWithoutResult(s -> rollups.around("TS-R2",
        () -> jdbc.sql("update complaint set review_excluded = true where number = 'TS-R2'").update()));

    assertThat(rollups.stored(202403, 202404)).isEqualTo(rollups.recount(202403, 202404))
        .containsExactly(new RatingRollups.Month(window.id(), 202403, 0, 1, 0, 0, 1, 0),
            new RatingRollups.Month(window.id(), 202404, 1, 0, 0, 1, 0, 2));
    rollups.rebuild();
    assertThat(rollups.stored(202403, 202404)).isEqualTo(rollups.recount(202403, 202404));
    assertThat(LocalDate.of(2024, 4, 1)).isEqualTo(firstOfApril.atZoneSameInstant(BEIJING).toLocalDate());
  }

  private static void pause() {
    try {
      Thread.sleep(700);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
