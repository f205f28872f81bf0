package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rating intake on real PostgreSQL, where a duplicate key aborts the transaction it happens in.
 * Run from {@code org.servicestar.postgres.PostgresIT} (one PostgreSQL context for the whole suite,
 * in failsafe's JVM): each method takes that test's application context and port.
 */
public final class RatingsOnPostgres {

  private static final String PASSWORD = "pg-rating-office-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RatingsOnPostgres() {
  }

  /** Two windows, a pad for the first, a member of staff, and an office user (once per context). */
  private static String setUp(ApplicationContext context) {
    UnitService units = context.getBean(UnitService.class);
    RatingDevices devices = context.getBean(RatingDevices.class);
    if (units.byCode("pgr-dept").isEmpty()) {
      units.create(new UnitService.UnitDraft("pgr-dept", "PG 评价测试局", UnitType.DEPARTMENT, null));
      units.create(new UnitService.UnitDraft("pgr-hall", "PG 评价测试大厅", UnitType.HALL, "pgr-dept"));
      units.create(new UnitService.UnitDraft("pgr-w1", "PG 一号窗口", UnitType.WINDOW, "pgr-hall"));
      units.create(new UnitService.UnitDraft("pgr-w2", "PG 二号窗口", UnitType.WINDOW, "pgr-hall"));
      context.getBean(StaffService.class).create(new StaffService.StaffDraft("pgr-w1", "钱评", "PGR-001", false, "受理员"));
      IdentityAdministration identity = context.getBean(IdentityAdministration.class);
      identity.ensureUser("pgr-office", "办公室", "PG", PASSWORD);
      identity.ensureMembership("pgr-office", Groups.OFFICE);
    }
    return devices.issue("pgr-w1", "PG 评价器 " + System.nanoTime()).key();
  }

  private static HttpResponse<String> postBatch(WebClient client, String key, String body) {
    return client.send(client.request("/api/ratings/batch").header("Content-Type", "application/json").header("X-Device-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static ObjectNode rating(String unit, Object level, String channel, String clientRef) {
    ObjectNode item = JSON.createObjectNode().put("unitCode", unit).put("channel", channel).put("clientRef", clientRef);
    if (level instanceof Integer l) {
      item.put("level", l);
    } else {
      item.put("level", String.valueOf(level));
    }
    return item;
  }

  /** What the test expects of one item: its status, and for a stored one its clientRef, level, channel and unit. */
  private record Expected(String status, String clientRef, int level, String channel, String unit) {
  }

  /**
   * One batch of 1 000 mixed ratings, sent by the office with a pad's key: 600 pad ratings (12 bad
   * reviews among them), 200 paper forms, 50 repeated within the batch, 50 sent before, 100 invalid in
   * ten ways. Exactly the 800 good ones are stored, with exactly their values; the bad reviews have
   * their complaints; the duplicates point at the first; nothing of the invalid ones is stored.
   */
  public static void aThousandMixedRatingsInOneBatch(ApplicationContext context, int port) throws Exception {
    String key = setUp(context);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    WebClient office = new WebClient(port);
    office.login("pgr-office", PASSWORD);
    String yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).toString();

    ArrayNode earlier = JSON.createArrayNode();
    for (int k = 0; k < 50; k++) {
      earlier.add(rating("pgr-w1", 4, "DEVICE", "pgr-pre-" + k));
    }
    JsonNode before = JSON.readTree(postBatch(office, key, JSON.createObjectNode().set("items", earlier).toString()).body());
    assertThat(before.get("accepted").asInt()).isEqualTo(50);
    Map<String, Long> preIds = new HashMap<>();
    before.get("items").forEach(i -> preIds.put("pgr-pre-" + i.get("index").asInt(), i.get("id").asLong()));

    ArrayNode items = JSON.createArrayNode();
    List<Expected> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      if (i < 600) {
        int level = i % 50 == 0 ? 1 + (i / 50) % 2 : 3 + i % 3;
        ObjectNode item = rating("pgr-w1", level, "DEVICE", "pgr-d-" + i);
        if (i % 7 == 0) {
          item.put("staffBadge", "PGR-001");
        }
        items.add(item);
        expected.add(new Expected("ACCEPTED", "pgr-d-" + i, level, "DEVICE", "pgr-w1"));
      } else if (i < 800) {
        int level = 3 + i % 3;
        items.add(rating("pgr-w2", level, "FORM", "pgr-f-" + i).put("ratedAt", yesterday).put("comment", "评议表第 " + i + " 份"));
        expected.add(new Expected("ACCEPTED", "pgr-f-" + i, level, "FORM", "pgr-w2"));
      } else if (i < 850) {
        items.add(rating("pgr-w1", 5, "DEVICE", "pgr-d-" + (i - 800)));
        expected.add(new Expected("DUPLICATE", "pgr-d-" + (i - 800), 0, null, null));
      } else if (i < 900) {
        items.add(rating("pgr-w1", 5, "DEVICE", "pgr-pre-" + (i - 850)));
        expected.add(new Expected("DUPLICATE", "pgr-pre-" + (i - 850), 0, null, null));
      } else {
        String ref = "pgr-bad-" + i;
        switch (i % 10) {
          case 0 -> items.add(rating("pgr-w1", 0, "DEVICE", ref));
          case 1 -> items.add(rating("pgr-w1", 6, "DEVICE", ref));
          case 2 -> items.add(rating("pgr-w1", "excellent", "DEVICE", ref));
          case 3 -> items.add(rating("pgr-nowhere", 5, "DEVICE", ref));
          case 4 -> items.add(rating("pgr-w1", 5, "DEVICE", ref).put("comment", "长".repeat(501)));
          case 5 -> items.add(rating("pgr-w1", 5, "DEVICE", "pgr bad " + i));
          case 6 -> items.add(rating("pgr-w2", 5, "DEVICE", ref));
          case 7 -> items.add(JSON.getNodeFactory().textNode("not a rating " + i));
          case 8 -> items.add(rating("pgr-w1", 5, "DEVICE", ref).put("staffBadge", "NOBODY-1"));
          default -> items.add(rating("pgr-w2", 5, "FORM", ref).put("ratedAt", "2999-01-01"));
        }
        expected.add(new Expected("REFUSED", ref, 0, null, null));
      }
    }
    long complaintsBefore = jdbc.sql("select count(*) from complaint").query(Long.class).single();
    HttpResponse<String> response = postBatch(office, key, JSON.createObjectNode().set("items", items).toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("received").asInt()).isEqualTo(1000);
    assertThat(answer.get("accepted").asInt()).isEqualTo(800);
    assertThat(answer.get("duplicates").asInt()).isEqualTo(100);
    assertThat(answer.get("refused").asInt()).isEqualTo(100);

    Map<String, Map<String, Object>> stored = new HashMap<>();
    jdbc.sql("""
            select r.id, r.client_ref, r.level, r.channel, u.code as unit_code, r.staff_badge, r.complaint_number, r.entered_by,
                   r.device_id, r.rated_day
              from rating r join unit u on u.id = r.unit_id where r.client_ref like 'pgr-%'""")
        .query().listOfRows().forEach(row -> stored.put((String) row.get("client_ref"), row));
    assertThat(stored).as("800 new, the 50 sent before, nothing else").hasSize(850);

    Map<String, Long> idOfRef = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      JsonNode item = answer.get("items").get(i);
      Expected e = expected.get(i);
      assertThat(item.get("index").asInt()).isEqualTo(i);
      assertThat(item.get("status").asText()).as("item %d: %s", i, item).isEqualTo(e.status());
      switch (e.status()) {
        case "ACCEPTED" -> {
          Map<String, Object> row = stored.get(e.clientRef());
          assertThat(row).as(e.clientRef()).isNotNull();
          assertThat(((Number) row.get("id")).longValue()).isEqualTo(item.get("id").asLong());
          assertThat(((Number) row.get("level")).intValue()).isEqualTo(e.level());
          assertThat(row.get("channel")).isEqualTo(e.channel());
          assertThat(row.get("unit_code")).isEqualTo(e.unit());
          assertThat(row.get("complaint_number") != null).as("bad review %s has its complaint", e.clientRef())
              .isEqualTo(e.level() <= 2);
          assertThat(item.get("complaintNumber").isNull()).isEqualTo(e.level() > 2);
          if (e.channel().equals("FORM")) {
            assertThat(row.get("entered_by")).isEqualTo("pgr-office");
            assertThat(row.get("device_id")).isNull();
            assertThat(row.get("rated_day").toString()).isEqualTo(yesterday);
          } else {
            assertThat(row.get("device_id")).isNotNull();
            assertThat(row.get("staff_badge")).isEqualTo(i % 7 == 0 ? "PGR-001" : null);
          }
          idOfRef.put(e.clientRef(), item.get("id").asLong());
        }
        case "DUPLICATE" -> {
          long original = e.clientRef().startsWith("pgr-pre-") ? preIds.get(e.clientRef()) : idOfRef.get(e.clientRef());
          assertThat(item.get("id").asLong()).as("item %d points at the first", i).isEqualTo(original);
        }
        default -> {
          assertThat(item.get("reason").asText()).isNotBlank();
          assertThat(item.get("id").isNull()).isTrue();
          assertThat(stored).doesNotContainKey(e.clientRef());
        }
      }
    }
    assertThat(answer.get("items").get(906).get("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(answer.get("items").get(909).get("field").asText()).isEqualTo("ratedAt");
    assertThat(jdbc.sql("select count(*) from rating where client_ref like 'pgr bad%'").query(Long.class).single()).isZero();

    long badReviews = expected.stream().filter(e -> e.status().equals("ACCEPTED") && e.level() <= 2).count();
    assertThat(badReviews).isEqualTo(12);
    assertThat(jdbc.sql("select count(*) from complaint").query(Long.class).single()).isEqualTo(complaintsBefore + badReviews);

    // The figures and the ledger's queries (recursive subtree, joins to the complaints) on PostgreSQL.
    LocalDate day = LocalDate.parse(yesterday);
    RatingFigures.Figures forms = context.getBean(RatingFigures.class).of("pgr-w2", day, day);
    assertThat(forms.total()).isEqualTo(200);
    assertThat(forms.byChannel()).containsEntry(RatingChannel.FORM, 200L);
    assertThat(forms.byLevel().get(3) + forms.byLevel().get(4) + forms.byLevel().get(5)).isEqualTo(200);
    assertThat(forms.basicallySatisfiedRate()).contains(new java.math.BigDecimal("100.0"));
    RatingFigures.Figures hall = context.getBean(RatingFigures.class).of("pgr-hall", day, day.plusDays(1));
    assertThat(hall.total()).as("everything of this run and of any earlier run in the same database")
        .isGreaterThanOrEqualTo(850);
    assertThat(hall.badReviews()).isGreaterThanOrEqualTo(badReviews);
    assertThat(context.getBean(RatingLedger.class).latest("pgr-hall", day, day.plusDays(1), 50)).hasSize(50);
    assertThat(jdbc.sql("""
            select count(*) from rating r join complaint c on c.number = r.complaint_number
             where r.client_ref like 'pgr-d-%' and c.rating_id = r.id and c.source = 'RATING'""")
        .query(Long.class).single()).isEqualTo(badReviews);
  }

  /**
   * The same 200 new ratings sent twice at the same moment: every clientRef is stored once; of the
   * two answers for each rating, one says ACCEPTED and the other DUPLICATE with the same id. On
   * PostgreSQL the losing request's chunk hits the unique index, is rolled back, and its ratings are
   * answered one by one without losing any.
   */
  public static void theSameBatchSentTwiceAtOnceIsStoredOnce(ApplicationContext context, int port) throws Exception {
    String key = setUp(context);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    String run = Long.toString(System.nanoTime(), 36);
    ArrayNode items = JSON.createArrayNode();
    for (int i = 0; i < 200; i++) {
      items.add(rating("pgr-w1", i % 40 == 0 ? 2 : 4, "DEVICE", "pgr-race-" + run + "-" + i));
    }
    String body = JSON.createObjectNode().set("items", items).toString();
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      answers.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
          HttpResponse<String> r = postBatch(new WebClient(port), key, body);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          return JSON.readTree(r.body());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    start.countDown();
    JsonNode first = answers.get(0).get();
    JsonNode second = answers.get(1).get();
    for (int i = 0; i < 200; i++) {
      JsonNode a = first.get("items").get(i);
      JsonNode b = second.get("items").get(i);
      assertThat(List.of(a.get("status").asText(), b.get("status").asText())).as("item %d: %s / %s", i, a, b)
          .containsExactlyInAnyOrder("ACCEPTED", "DUPLICATE");
      assertThat(a.get("id").asLong()).isEqualTo(b.get("id").asLong());
    }
    assertThat(jdbc.sql("select count(*) from rating where client_ref like ?").param("pgr-race-" + run + "-%").query(Long.class).single())
        .isEqualTo(200);
    assertThat(jdbc.sql("select count(*) from complaint c join rating r on r.id = c.rating_id where r.client_ref like ?")
        .param("pgr-race-" + run + "-%").query(Long.class).single()).as("one complaint per bad review").isEqualTo(5);
  }
}
