package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
 * and single {@code POST /api/ratings} (a rating pad's channel, sequential, one client), and a plain
 * JDBC batch insert of the same rows into the same table. Prints the figures and the ratios.
 * Levels 3–5 only: a bad review (1–2) also starts a complaint process, which is measured elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class RatingThroughputBenchmark {

  private static final int BATCH_ROUNDS = Integer.getInteger("bench.batches", 20);
  private static final int BATCH_SIZE = 1000;
  private static final int SINGLES = Integer.getInteger("bench.singles", 3000);
  private static final EmbeddedPostgres POSTGRES = start();

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  @AfterAll
  static void stop() throws IOException {
    POSTGRES.close();
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

    // Warm-up: JIT, connection pool, plans.
    post(pad, key, "/api/ratings/batch", batch("warm", 0, 200));
    for (int i = 0; i < 200; i++) {
      post(pad, key, "/api/ratings", single("warm-single-" + i));
    }

    long t0 = System.nanoTime();
    for (int round = 0; round < BATCH_ROUNDS; round++) {
      HttpResponse<String> response = post(pad, key, "/api/ratings/batch", batch("b" + round, round, BATCH_SIZE));
      assertThat(response.body()).contains("\"accepted\":" + BATCH_SIZE);
    }
    double batchSeconds = (System.nanoTime() - t0) / 1e9;
    int batchRatings = BATCH_ROUNDS * BATCH_SIZE;

    long t1 = System.nanoTime();
    for (int i = 0; i < SINGLES; i++) {
      assertThat(post(pad, key, "/api/ratings", single("s-" + i)).statusCode()).isEqualTo(201);
    }
    double singleSeconds = (System.nanoTime() - t1) / 1e9;

    long unitId = jdbc.queryForObject("select id from unit where code = 'bench-w01'", Long.class);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < batchRatings; i++) {
      OffsetDateTime at = OffsetDateTime.now(ZoneId.of("Asia/Shanghai"));
      rows.add(new Object[] {unitId, 3 + i % 3, "DEVICE", "jdbc-" + i, Timestamp.from(at.toInstant()),
          java.sql.Date.valueOf(LocalDate.now(ZoneId.of("Asia/Shanghai"))), Timestamp.from(at.toInstant())});
    }
    long t2 = System.nanoTime();
    for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
      jdbc.batchUpdate("insert into rating (unit_id, level, channel, client_ref, rated_at, rated_day, received_at) values (?, ?, ?, ?, ?, ?, ?)",
          rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE)));
    }
    double jdbcSeconds = (System.nanoTime() - t2) / 1e9;

    double batchRate = batchRatings / batchSeconds;
    double singleRate = SINGLES / singleSeconds;
    double jdbcRate = batchRatings / jdbcSeconds;
    System.out.println(String.format(Locale.ROOT, """

        ===== Rating intake on PostgreSQL 17 (embedded), one client, this machine =====
        POST /api/ratings/batch : %,d ratings in %d batches of %d  %8.2f s  %,10.0f ratings/s
        POST /api/ratings       : %,d ratings, one request each     %8.2f s  %,10.0f ratings/s
        plain JDBC batch insert : %,d rows in batches of %d          %8.2f s  %,10.0f rows/s
        ratios: batch API / JDBC = %.3f   single API / JDBC = %.4f   batch API / single API = %.1f
        ===============================================================================
        """, batchRatings, BATCH_ROUNDS, BATCH_SIZE, batchSeconds, batchRate, SINGLES, singleSeconds, singleRate,
        batchRatings, BATCH_SIZE, jdbcSeconds, jdbcRate, batchRate / jdbcRate, singleRate / jdbcRate, batchRate / singleRate));
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
