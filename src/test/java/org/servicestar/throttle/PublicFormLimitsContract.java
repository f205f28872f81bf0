package org.servicestar.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.servicestar.support.HandClock;
import org.servicestar.throttle.PublicFormLimits.Form;
import org.servicestar.web.TooManyRequestsException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The public forms' limits on a real database, migrated by Flyway as in production: run once on H2 and
 * once on PostgreSQL by the subclasses, which proves {@code V27__public_form_limits.sql} and both ways of
 * counting. Each "node" is a {@link PublicFormLimits} of its own on the shared database; the clock is
 * the test's.
 */
abstract class PublicFormLimitsContract {

  /** A new, empty database for each test. */
  protected abstract DataSource freshDatabase();

  private static final int PER_ADDRESS = 3;
  private static final int PER_PHONE = 2;

  private DataSource dataSource;
  private JdbcClient jdbc;
  /** 10:00:00 in Shanghai: the start of an address window (a minute) and of a phone window (an hour). */
  private final HandClock clock = new HandClock(Instant.parse("2026-03-10T02:00:00Z"));

  @BeforeEach
  void migrate() {
    dataSource = freshDatabase();
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
        .table("servicestar_schema_history").load().migrate();
    jdbc = JdbcClient.create(dataSource);
  }

  private PublicFormLimits node(int perAddress, int perPhone) {
    return new PublicFormLimits(dataSource, new DataSourceTransactionManager(dataSource),
        new PublicFormLimitProperties(perAddress, perPhone, Duration.ofHours(1)), clock);
  }

  private PublicFormLimits node() {
    return node(PER_ADDRESS, PER_PHONE);
  }

  private static TooManyRequestsException refusal(PublicFormLimits node, Form form, String address, String phone) {
    TooManyRequestsException refused = catchThrowableOfType(TooManyRequestsException.class,
        () -> node.admit(form, address, phone));
    assertThat(refused).as("refused: " + form + " " + address + " " + phone).isNotNull();
    return refused;
  }

  private int hits(String kind, String key) {
    return jdbc.sql("select coalesce(sum(hits), 0) from public_form_hit where kind = ? and hit_key = ?").params(kind, key)
        .query(Integer.class).single();
  }

  @Test
  void anAddressSendsExactlyItsLimitThenIsRefusedNamingTheAddressLimit() {
    PublicFormLimits node = node();
    clock.advance(Duration.ofSeconds(18));
    for (int i = 0; i < PER_ADDRESS; i++) {
      node.admit(Form.COMPLAINT, "203.0.113.7", null);
    }
    TooManyRequestsException refused = refusal(node, Form.COMPLAINT, "203.0.113.7", null);

    assertThat(refused.getMessage()).isEqualTo("提交过于频繁：同一网络地址每分钟最多提交 3 件投诉，请 42 秒后再试");
    assertThat(refused.retryAfterSeconds()).as("until the minute ends").isEqualTo(42);
    assertThat(hits("COMPLAINT_ADDRESS", "203.0.113.7")).as("the refused one is not counted").isEqualTo(PER_ADDRESS);
    assertThatCode(() -> node.admit(Form.COMPLAINT, "203.0.113.8", null)).as("another address counts on its own")
        .doesNotThrowAnyException();
    assertThatCode(() -> node.admit(Form.OBJECTION, "203.0.113.7", null)).as("objections count on their own")
        .doesNotThrowAnyException();
    assertThat(refusal(node, Form.COMPLAINT, "203.0.113.7", "13800000000").getMessage()).contains("同一网络地址");
  }

  @Test
  void aPhoneSendsExactlyItsLimitFromAnyAddressAndOnlyItsDigitsCount() {
    PublicFormLimits node = node();
    node.admit(Form.OBJECTION, "198.51.100.1", "138 0000 0000");
    node.admit(Form.OBJECTION, "198.51.100.2", "+(138)0000-0000");
    TooManyRequestsException refused = refusal(node, Form.OBJECTION, "198.51.100.3", "13800000000");

    assertThat(refused.getMessage()).isEqualTo("提交过于频繁：同一联系电话每小时最多提交 2 条异议，请 60 分钟后再试");
    assertThat(refused.retryAfterSeconds()).isEqualTo(3600);
    assertThat(hits("OBJECTION_PHONE", "13800000000")).isEqualTo(PER_PHONE);
    assertThat(hits("OBJECTION_ADDRESS", "198.51.100.3")).as("a request refused for its phone counts nothing").isZero();
    for (int i = 0; i < PER_ADDRESS; i++) {
      node.admit(Form.OBJECTION, "198.51.100.3", "1390000000" + i);
    }
    assertThat(refusal(node, Form.OBJECTION, "198.51.100.3", "13700000000").getMessage())
        .as("the address limit holds whatever the phone").contains("同一网络地址每分钟最多提交 3 条异议");
    assertThatCode(() -> node.admit(Form.COMPLAINT, "198.51.100.4", "13800000000")).as("complaints count on their own")
        .doesNotThrowAnyException();
    assertThatCode(() -> node.admit(Form.COMPLAINT, "198.51.100.5", "")).as("no phone: only the address counts")
        .doesNotThrowAnyException();
  }

  @Test
  void theWindowsEndAndTheirRowsArePruned() {
    PublicFormLimits node = node();
    for (int i = 0; i < PER_ADDRESS; i++) {
      node.admit(Form.COMPLAINT, "192.0.2.1", "1350000000" + (i % PER_PHONE));
    }
    refusal(node, Form.COMPLAINT, "192.0.2.1", null);
    refusal(node, Form.COMPLAINT, "192.0.2.2", "13500000000");

    clock.advance(Duration.ofSeconds(59));
    assertThat(refusal(node, Form.COMPLAINT, "192.0.2.1", null).retryAfterSeconds()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThatCode(() -> node.admit(Form.COMPLAINT, "192.0.2.1", null)).as("a new minute").doesNotThrowAnyException();
    TooManyRequestsException phone = refusal(node, Form.COMPLAINT, "192.0.2.3", "13500000000");
    assertThat(phone.retryAfterSeconds()).isEqualTo(59 * 60);
    assertThat(phone.getMessage()).endsWith("请 59 分钟后再试");

    assertThat(node.prune()).as("the first minute's address rows").isEqualTo(1);
    clock.advance(Duration.ofMinutes(59));
    assertThatCode(() -> node.admit(Form.COMPLAINT, "192.0.2.3", "13500000000")).as("a new hour").doesNotThrowAnyException();
    assertThat(node.prune()).as("the last hour's phone rows and the minute before's address row").isEqualTo(3);
    assertThat(jdbc.sql("select kind from public_form_hit order by kind").query(String.class).list())
        .containsExactly("COMPLAINT_ADDRESS", "COMPLAINT_PHONE");
  }

  @Test
  void aSubmissionRolledBackIsNotCounted() {
    PublicFormLimits node = node();
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    for (int i = 0; i < 5; i++) {
      assertThatCode(() -> tx.executeWithoutResult(status -> {
        node.admit(Form.COMPLAINT, "192.0.2.9", "13600000000");
        status.setRollbackOnly(); // e.g. its process could not start
      })).doesNotThrowAnyException();
    }
    assertThat(hits("COMPLAINT_ADDRESS", "192.0.2.9") + hits("COMPLAINT_PHONE", "13600000000")).isZero();
  }

  @Test
  void twoNodesCountingAtOnceNeverLetMoreThanTheLimitThrough() throws Exception {
    int limit = 10;
    PublicFormLimits[] nodes = {node(limit, limit), node(limit, limit)};
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
    int threads = 16;
    int attemptsEach = 4;
    CyclicBarrier together = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        PublicFormLimits node = nodes[t % 2];
        TransactionTemplate tx = new TransactionTemplate(transactions);
        int thread = t;
        results.add(pool.submit(() -> {
          int[] admitted = new int[2];
          together.await(10, TimeUnit.SECONDS);
          for (int a = 0; a < attemptsEach; a++) {
            // The same address, and the same phone from addresses of their own; each in a transaction that
            // goes on a little after counting, as the submission is stored and its process started.
            try {
              tx.executeWithoutResult(status -> {
                node.admit(Form.COMPLAINT, "10.9.9.9", null);
                pause();
              });
              admitted[0]++;
            } catch (TooManyRequestsException e) {
              // the limit
            }
            String address = "10.8." + thread + "." + a;
            try {
              tx.executeWithoutResult(status -> {
                node.admit(Form.OBJECTION, address, "13912345678");
                pause();
              });
              admitted[1]++;
            } catch (TooManyRequestsException e) {
              // the limit
            }
          }
          return admitted;
        }));
      }
      int byAddress = 0;
      int byPhone = 0;
      for (Future<int[]> result : results) {
        int[] admitted = result.get(120, TimeUnit.SECONDS);
        byAddress += admitted[0];
        byPhone += admitted[1];
      }
      assertThat(byAddress).as("admitted for one address by both nodes").isEqualTo(limit);
      assertThat(byPhone).as("admitted for one phone by both nodes").isEqualTo(limit);
    } finally {
      pool.shutdownNow();
    }
    assertThat(hits("COMPLAINT_ADDRESS", "10.9.9.9")).isEqualTo(limit);
    assertThat(hits("OBJECTION_PHONE", "13912345678")).isEqualTo(limit);
  }

  private static void pause() {
    try {
      Thread.sleep(3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void windowsInWords() {
    assertThat(PublicFormLimits.per(Duration.ofHours(1))).isEqualTo("每小时");
    assertThat(PublicFormLimits.per(Duration.ofHours(2))).isEqualTo("每 2 小时");
    assertThat(PublicFormLimits.per(Duration.ofMinutes(30))).isEqualTo("每 30 分钟");
    assertThat(PublicFormLimits.per(Duration.ofMinutes(1))).isEqualTo("每分钟");
    assertThat(PublicFormLimits.per(Duration.ofDays(1))).isEqualTo("每天");
    assertThat(PublicFormLimits.per(Duration.ofSeconds(90))).isEqualTo("每 90 秒");
    assertThat(PublicFormLimits.inWords(90)).isEqualTo("90 秒");
    assertThat(PublicFormLimits.inWords(91)).isEqualTo("2 分钟");
  }
}
