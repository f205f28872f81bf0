package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.servicestar.support.Benchmarks.percentile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.servicestar.support.Benchmarks;
import org.servicestar.support.Benchmarks.Goal;
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
 * Issue 9's goal 2, run on purpose, never by {@code mvn verify} (its name matches neither
 * surefire's nor failsafe's patterns):
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RatingThroughputBenchmark</pre>
 * On embedded PostgreSQL 17, in one run: ratings per second through {@code POST /api/ratings/batch}
 * (batches of 1 000 from a rating pad, its key checked) and single {@code POST /api/ratings} (one
 * client, sequential), against a plain JDBC batch insert of the same rows (the same columns and values
 * the API stores) into the same table, indexes and database, through the same connection pool and
 * driver settings (so with the production's reWriteBatchedInserts).
 *
 * <p>The machine is shared and noisy, so the comparison is made where the noise is the same: each round
 * is small (two batches each way, about a second) and alternates them (U-J-H-H-J-U), so a slow moment
 * or a drifting load falls on all; each round gives a ratio (JDBC time / API time for the same number
 * of rows) and the <em>median of the rounds' ratios</em> counts, with its quartiles to show the spread.
 * The API is sent the batches by a blocking client in the benchmark's thread (U), as JDBC runs in it
 * (J); the same batches sent with the JDK's HttpClient (H) are reported beside, to show what that
 * client's thread hand-overs add. Warm-up rounds first (JIT, pool, plans, the HMAC key), not counted.
 * The last line, {@code RESULT rating-intake …}, is the one to quote. Levels 3–5 only: a bad review
 * (1–2) also starts a complaint process, which goal 1 measures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class RatingThroughputBenchmark {

  /** {@code -Dbenchmark.rounds=N}: measured rounds (default 15; the median of their ratios counts). */
  private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 15);
  /** {@code -Dbenchmark.warmup=N}: rounds before, not counted (default 4). */
  private static final int WARMUP = Integer.getInteger("benchmark.warmup", 4);
  /** {@code -Dbenchmark.batches=N}: batches of 1 000 each way a round (default 2: U-J-H-H-J-U). */
  private static final int BATCHES_PER_ROUND = Integer.getInteger("benchmark.batches", 2);
  private static final int BATCH_SIZE = 1000;
  /** {@code -Dbenchmark.singles=N}: single requests a round (default 100). */
  private static final int SINGLES = Integer.getInteger("benchmark.singles", 100);
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
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

  private WebClient pad;
  private String key;
  private long unitId;
  private long deviceId;
  /** The address hash the API stores for this client, so that the JDBC rows are the API's rows. */
  private String addressHash;

  /** One round's measurements: the same rows through the API (each client), through JDBC, and the single requests. */
  private record Round(double apiSeconds, double jdbcSeconds, double httpClientSeconds, double singleSeconds) {

    double batchRatio() {
      return jdbcSeconds / apiSeconds;
    }

    double httpClientRatio() {
      return jdbcSeconds / httpClientSeconds;
    }

    double singleRatio() {
      return (jdbcSeconds / (BATCHES_PER_ROUND * BATCH_SIZE)) / (singleSeconds / SINGLES);
    }
  }

  @Test
  void ratingsPerSecond() {
    units.create(new UnitService.UnitDraft("bench-dept", "基准测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("bench-hall", "基准测试大厅", UnitType.HALL, "bench-dept"));
    units.create(new UnitService.UnitDraft("bench-w01", "基准测试窗口", UnitType.WINDOW, "bench-hall"));
    key = devices.issue("bench-w01", "基准测试评价器").key();
    pad = new WebClient(port);
    unitId = jdbc.queryForObject("select id from unit where code = 'bench-w01'", Long.class);
    deviceId = jdbc.queryForObject("select id from rating_device where unit_id = ?", Long.class, unitId);
    assertThat(post("/api/ratings", single("hash-probe")).statusCode()).isEqualTo(201);
    addressHash = jdbc.queryForObject("select address_hash from rating where client_ref = 'hash-probe'", String.class);

    for (int w = 0; w < WARMUP; w++) {
      round("warm" + w, w);
    }
    Benchmarks.resetStatements(jdbc);
    List<Round> rounds = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      rounds.add(round("r" + r, r));
    }
    String statements = Benchmarks.topStatements(jdbc);

    // Honest: the two ways stored the same number of rows with the same columns filled.
    String filled = "count(*), count(device_id), count(address_hash), count(client_ref), count(rated_day), count(voter_hash), sum(level)";
    assertThat(jdbc.queryForList("select " + filled + " from rating where client_ref like 'jdbc-r%'"))
        .isEqualTo(jdbc.queryForList("select " + filled + " from rating where client_ref like 'api-r%'"));
    assertThat(jdbc.queryForObject("select count(*) from rating where client_ref like 'api-r%'", Long.class))
        .isEqualTo((long) ROUNDS * BATCHES_PER_ROUND * BATCH_SIZE);
    assertThat(jdbc.queryForObject("select count(*) from rating where client_ref like 'api-h-r%'", Long.class))
        .isEqualTo((long) ROUNDS * BATCHES_PER_ROUND * BATCH_SIZE);

    List<Double> ratios = rounds.stream().map(Round::batchRatio).toList();
    List<Double> httpClientRatios = rounds.stream().map(Round::httpClientRatio).toList();
    List<Double> singleRatios = rounds.stream().map(Round::singleRatio).toList();
    List<Double> apiRates = rounds.stream().map(r -> BATCHES_PER_ROUND * BATCH_SIZE / r.apiSeconds()).toList();
    List<Double> jdbcRates = rounds.stream().map(r -> BATCHES_PER_ROUND * BATCH_SIZE / r.jdbcSeconds()).toList();
    List<Double> singleRates = rounds.stream().map(r -> SINGLES / r.singleSeconds()).toList();
    double ratio = percentile(ratios, 50);
    System.out.println(String.format(Locale.ROOT, """

        ===== Rating intake on PostgreSQL 17 (embedded), one client: %d rounds (after %d warm-up), U-J-H-H-J-U in each =====
        POST /api/ratings/batch : %d × %d a round   median %,8.0f ratings/s  rounds %s
        plain JDBC batch insert : the same rows     median %,8.0f rows/s     rounds %s
        POST /api/ratings       : %d a round         median %,8.0f ratings/s  rounds %s
        batch API / JDBC per round: %s
        batch API / JDBC: median %.3f  p25 %.3f  p75 %.3f  (min %.3f, max %.3f)
        the same batches sent with the JDK's HttpClient (its threads hand each request over): median %.3f  p25 %.3f  p75 %.3f
        single API / JDBC: median %.4f
        %s================================================================================================
        rating-intake ratio=%.3f p25=%.3f p75=%.3f httpclient-ratio=%.3f single-ratio=%.4f batch=%.0f/s jdbc=%.0f/s single=%.0f/s (median of %d rounds' ratios)
        """, ROUNDS, WARMUP, BATCHES_PER_ROUND, BATCH_SIZE, percentile(apiRates, 50), format(apiRates, "%.0f"),
        percentile(jdbcRates, 50), format(jdbcRates, "%.0f"), SINGLES, percentile(singleRates, 50), format(singleRates, "%.0f"),
        format(ratios, "%.2f"), ratio, percentile(ratios, 25), percentile(ratios, 75), percentile(ratios, 0), percentile(ratios, 100),
        percentile(httpClientRatios, 50), percentile(httpClientRatios, 25), percentile(httpClientRatios, 75),
        percentile(singleRatios, 50), statements,
        ratio, percentile(ratios, 25), percentile(ratios, 75), percentile(httpClientRatios, 50), percentile(singleRatios, 50),
        percentile(apiRates, 50),
        percentile(jdbcRates, 50), percentile(singleRates, 50), ROUNDS));
    Benchmarks.result("goal2 rating intake, batch API / JDBC", ratio, 3, Goal.AT_LEAST, 0.5);
  }

  /**
   * One round: batches through the API (with each client) and through JDBC in turns — U-J-H then H-J-U
   * (reversed in odd rounds), so neither goes first always and a drifting load falls on all three —
   * then the single requests.
   */
  private Round round(String name, int number) {
    long blocking = 0;
    long plain = 0;
    long httpClient = 0;
    for (int b = 0; b < BATCHES_PER_ROUND; b++) {
      String prefix = name + "b" + b;
      boolean forward = (b + number) % 2 == 0;
      for (int turn = 0; turn < 3; turn++) {
        int what = forward ? turn : 2 - turn;
        long t = System.nanoTime();
        switch (what) {
          case 0 -> {
            String body = postBlocking("/api/ratings/batch", batch("api-" + prefix));
            blocking += System.nanoTime() - t;
            assertThat(body).contains("\"accepted\":" + BATCH_SIZE);
          }
          case 1 -> {
            jdbcBatch("jdbc-" + prefix);
            plain += System.nanoTime() - t;
          }
          default -> {
            HttpResponse<String> response = post("/api/ratings/batch", batch("api-h-" + prefix));
            httpClient += System.nanoTime() - t;
            assertThat(response.body()).contains("\"accepted\":" + BATCH_SIZE);
          }
        }
      }
    }
    long t = System.nanoTime();
    for (int i = 0; i < SINGLES; i++) {
      assertThat(postBlocking("/api/ratings", single("s-" + name + "-" + i))).contains("ACCEPTED");
    }
    return new Round(blocking / 1e9, plain / 1e9, httpClient / 1e9, (System.nanoTime() - t) / 1e9);
  }

  /** Levels 3–5, the same sequence both ways. */
  private static int level(int i) {
    return 3 + i % 3;
  }

  /**
   * What the API stores for a pad's rating, as one plain JDBC batch: the same columns and values (unit,
   * level, channel, clientRef, device, the sender's address hash, times), into the same table and indexes.
   */
  private void jdbcBatch(String prefix) {
    List<Object[]> rows = new ArrayList<>(BATCH_SIZE);
    for (int i = 0; i < BATCH_SIZE; i++) {
      OffsetDateTime at = OffsetDateTime.now(ZONE);
      rows.add(new Object[] {unitId, level(i), "DEVICE", prefix + "-" + i, deviceId, addressHash, Timestamp.from(at.toInstant()),
          java.sql.Date.valueOf(at.toLocalDate()), Timestamp.from(at.toInstant())});
    }
    jdbc.batchUpdate("""
        insert into rating (unit_id, level, channel, client_ref, device_id, address_hash, rated_at, rated_day, received_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
  }

  private static String batch(String prefix) {
    StringBuilder json = new StringBuilder("{\"items\":[");
    for (int i = 0; i < BATCH_SIZE; i++) {
      json.append(i == 0 ? "" : ",").append("{\"unitCode\":\"bench-w01\",\"level\":").append(level(i))
          .append(",\"channel\":\"DEVICE\",\"clientRef\":\"").append(prefix).append('-').append(i).append("\"}");
    }
    return json.append("]}").toString();
  }

  private static String single(String clientRef) {
    return "{\"unitCode\":\"bench-w01\",\"level\":5,\"channel\":\"DEVICE\",\"clientRef\":\"" + clientRef + "\"}";
  }

  /**
   * A POST with a blocking client (HttpURLConnection, keep-alive), in this thread, as the JDBC baseline
   * runs in this thread: the JDK's HttpClient hands each request to its selector and worker threads, and
   * on a loaded two-core machine every hand-over waits for a core — a cost of the client, not of the app.
   */
  private String postBlocking(String path, String json) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path).toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty("X-Device-Key", key);
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      connection.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
      int status = connection.getResponseCode();
      try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(status).as(body).isLessThan(300);
        return body;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> post(String path, String json) {
    return pad.send(pad.request(path).header("Content-Type", "application/json").header("X-Device-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static String format(List<Double> values, String format) {
    return values.stream().map(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining(" "));
  }
}
