package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.servicestar.support.Benchmarks;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 4's benchmark, run on purpose, never by {@code mvn verify} (its name matches neither
 * surefire's nor failsafe's patterns):
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RatingThroughputBenchmark</pre>
 * On embedded PostgreSQL 17, in one run: ratings per second through {@code POST /api/ratings/batch}
 * (batches of 1 000) and single {@code POST /api/ratings} (a rating pad's channel, sequential, one
 * client, over HTTP with its key checked), and a plain JDBC batch insert of the same rows (the same
 * columns and values the API stores) into the same table with the same indexes. After a warm-up the
 * three are measured in turns, five rounds, and the median of each counts; the last line, {@code
 * RESULT rating-intake …}, is the one to quote. Levels 3–5 only: a bad review (1–2) also starts a
 * complaint process, which is measured elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class RatingThroughputBenchmark {

  /** {@code -Dbench.rounds=N}: measured rounds (default 5; the median counts). */
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  /** {@code -Dbench.batches=N}: batches of 1 000 a round, through the API and through plain JDBC (default 4). */
  private static final int BATCHES_PER_ROUND = Integer.getInteger("bench.batches", 4);
  private static final int BATCH_SIZE = 1000;
  /** {@code -Dbench.singles=N}: single requests a round (default 500). */
  private static final int SINGLES = Integer.getInteger("bench.singles", 500);
  private static final EmbeddedPostgres POSTGRES = Benchmarks.startPostgres();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    Benchmarks.use(POSTGRES, registry);
  }

  @AfterAll
  static void stop() {
    Benchmarks.stop(POSTGRES);
  }

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  RatingDevices devices;
  @Autowired
  JdbcTemplate jdbc;

  @Test
  void ratingsPerSecond() {
    units.create(new UnitService.UnitDraft("bench-dept", "基准测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("bench-hall", "基准测试大厅", UnitType.HALL, "bench-dept"));
    units.create(new UnitService.UnitDraft("bench-w01", "基准测试窗口", UnitType.WINDOW, "bench-hall"));
    String key = devices.issue("bench-w01", "基准测试评价器").key();
    WebClient pad = new WebClient(port);
    long unitId = jdbc.queryForObject("select id from unit where code = 'bench-w01'", Long.class);
    long deviceId = jdbc.queryForObject("select id from rating_device where unit_id = ?", Long.class, unitId);

    // Warm-up, not counted: JIT, connection pool, plans, the HMAC key.
    post(pad, key, "/api/ratings/batch", batch("warm", 0, BATCH_SIZE));
    addressHash = jdbc.queryForObject("select address_hash from rating where client_ref = 'warm-0'", String.class);
    jdbcBatch(unitId, deviceId, "warm-jdbc", BATCH_SIZE);
    for (int i = 0; i < 200; i++) {
      post(pad, key, "/api/ratings", single("warm-single-" + i));
    }

    // Measured in turns, so that all three see the same machine in each round; the median of each counts.
    double[] batchRates = new double[ROUNDS];
    double[] jdbcRates = new double[ROUNDS];
    double[] singleRates = new double[ROUNDS];
    int perRound = BATCHES_PER_ROUND * BATCH_SIZE;
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = System.nanoTime();
      for (int b = 0; b < BATCHES_PER_ROUND; b++) {
        HttpResponse<String> response = post(pad, key, "/api/ratings/batch", batch("r" + round + "b" + b, b, BATCH_SIZE));
        assertThat(response.body()).contains("\"accepted\":" + BATCH_SIZE);
      }
      batchRates[round] = perRound / seconds(t0);

      long t1 = System.nanoTime();
      for (int b = 0; b < BATCHES_PER_ROUND; b++) {
        jdbcBatch(unitId, deviceId, "jdbc-r" + round + "b" + b, BATCH_SIZE);
      }
      jdbcRates[round] = perRound / seconds(t1);

      long t2 = System.nanoTime();
      for (int i = 0; i < SINGLES; i++) {
        assertThat(post(pad, key, "/api/ratings", single("s-r" + round + "-" + i)).statusCode()).isEqualTo(201);
      }
      singleRates[round] = SINGLES / seconds(t2);
    }
    assertThat(jdbc.queryForObject("select count(*) from rating where client_ref like 'jdbc-%'", Long.class))
        .isEqualTo((long) ROUNDS * perRound);

    double batchRate = median(batchRates);
    double singleRate = median(singleRates);
    double jdbcRate = median(jdbcRates);
    System.out.println(String.format(Locale.ROOT, """

        ===== Rating intake on PostgreSQL 17 (embedded), one client, this machine: median of %d rounds =====
        POST /api/ratings/batch : %d batches of %d a round      %,10.0f ratings/s  rounds %s
        POST /api/ratings       : %d ratings a round, one request each %,10.0f ratings/s  rounds %s
        plain JDBC batch insert : the same %,d rows a round, batches of %d %,10.0f rows/s  rounds %s
        ratios: batch API / JDBC = %.3f   single API / JDBC = %.4f   batch API / single API = %.1f
        ===============================================================================
        RESULT rating-intake batch=%.0f/s single=%.0f/s jdbc=%.0f/s ratio=%.3f single-ratio=%.4f (median of %d, goal batch/jdbc >= 0.5)
        """, ROUNDS, BATCHES_PER_ROUND, BATCH_SIZE, batchRate, rates(batchRates), SINGLES, singleRate, rates(singleRates),
        perRound, BATCH_SIZE, jdbcRate, rates(jdbcRates), batchRate / jdbcRate, singleRate / jdbcRate, batchRate / singleRate,
        batchRate, singleRate, jdbcRate, batchRate / jdbcRate, singleRate / jdbcRate, ROUNDS));
  }

  /** The address hash the API stores for this client, so that the JDBC rows are the API's rows. */
  private String addressHash;

  /**
   * What the API stores for a pad's rating, as one plain JDBC batch: the same columns and values (unit,
   * level, channel, clientRef, device, the sender's address hash, times), into the same table and indexes.
   */
  private void jdbcBatch(long unitId, long deviceId, String prefix, int size) {
    List<Object[]> rows = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      OffsetDateTime at = OffsetDateTime.now(ZoneId.of("Asia/Shanghai"));
      rows.add(new Object[] {unitId, 3 + i % 3, "DEVICE", prefix + "-" + i, deviceId, addressHash, Timestamp.from(at.toInstant()),
          java.sql.Date.valueOf(at.toLocalDate()), Timestamp.from(at.toInstant())});
    }
    jdbc.batchUpdate("""
        insert into rating (unit_id, level, channel, client_ref, device_id, address_hash, rated_at, rated_day, received_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String rates(double[] values) {
    return java.util.Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  private static String batch(String prefix, int round, int size) {
    StringBuilder json = new StringBuilder("{\"items\":[");
    for (int i = 0; i < size; i++) {
      json.append(i == 0 ? "" : ",").append("{\"unitCode\":\"bench-w01\",\"level\":").append(3 + (i + round) % 3)
          .append(",\"channel\":\"DEVICE\",\"clientRef\":\"").append(prefix).append('-').append(i).append("\"}");
    }
    return json.append("]}").toString();
  }

  private static String single(String clientRef) {
    return "{\"unitCode\":\"bench-w01\",\"level\":5,\"channel\":\"DEVICE\",\"clientRef\":\"" + clientRef + "\"}";
  }

  private static HttpResponse<String> post(WebClient client, String key, String path, String json) {
    return client.send(client.request(path).header("Content-Type", "application/json").header("X-Device-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }
}
