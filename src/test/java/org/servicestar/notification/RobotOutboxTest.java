package org.servicestar.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.support.HandClock;
import org.servicestar.unit.UnitTree;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Group robot messages through the real outbox (H2 with the migrations) and sender, posted to a local
 * HTTP server standing in for 企业微信 and 钉钉 (WireMock): the JSON they get, DingTalk's signature, what
 * their answers make of a message (sent, retried, failed), and that the webhook's key, token and
 * secret appear neither in the stored rows nor in the log.
 */
class RobotOutboxTest {

  @RegisterExtension
  static final WireMockExtension chat = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String KEY = RobotPropertiesTest.WECOM_KEY;
  private static final String TOKEN = RobotPropertiesTest.DINGTALK_TOKEN;
  private static final String SECRET = RobotPropertiesTest.DINGTALK_SECRET;
  private static final String WRONG_SECRET = "SEC" + "fedcba9876543210".repeat(4);
  private static final Date DUE = Date.from(ZonedDateTime.of(2026, 3, 5, 17, 0, 0, 0, BEIJING).toInstant());
  private static final TaskFacts RECTIFY = new TaskFacts("task-42", "Task_Rectify", "整改落实", "pi-1", "整改", "Rectification",
      "ZG-2026-000007", DUE, "一号窗口（tax-w01）", "尚未认领，候选：一号窗口 负责人（unit-tax-w01）");

  private final HandClock clock = new HandClock(Instant.parse("2026-03-02T01:00:00Z"), BEIJING);
  private final ObjectMapper json = new ObjectMapper();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private JdbcClient jdbc;
  private MailOutbox outbox;
  private Robots robots;
  private RobotComposer composer;

  @BeforeEach
  void setUp() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:robots-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    ResourceDatabasePopulator migration = new ResourceDatabasePopulator(new ClassPathResource("db/migration/V5__mail_outbox.sql"),
        new ClassPathResource("db/migration/V26__mail_retention.sql"), new ClassPathResource("db/migration/V35__outbox_channels.sql"));
    migration.setSqlScriptEncoding(StandardCharsets.UTF_8.name());
    migration.execute(dataSource);
    jdbc = JdbcClient.create(dataSource);
    outbox = new MailOutbox(jdbc, new DataSourceTransactionManager(dataSource), event -> { }, clock);
    robots = new Robots(robots(SECRET), () -> UnitTree.of(List.of()));
    TaskPage rectifyPage = (process, task, number) -> Optional.of("/rectifications/" + number + "/rectify");
    composer = new RobotComposer(new MailComposer("https://servicestar.example.gov.cn", BEIJING, List.of(rectifyPage)));
    logged.start();
    root().addAppender(logged);
  }

  @AfterEach
  void tearDown() {
    root().detachAppender(logged);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private RobotProperties robots(String dingTalkSecret) {
    return robots("http://localhost:" + chat.getPort(), dingTalkSecret);
  }

  private static RobotProperties robots(String base, String dingTalkSecret) {
    return new RobotProperties(
        Map.of("competition-office", List.of(new RobotProperties.Robot("WECOM", base + "/cgi-bin/webhook/send?key=" + KEY, null, "办公室工作群"))),
        Map.of("tax", List.of(new RobotProperties.Robot("DINGTALK", base + "/robot/send?access_token=" + TOKEN, dingTalkSecret, null))),
        Duration.ofSeconds(5), Duration.ofSeconds(20));
  }

  private RobotTarget wecom() {
    return robots.byRef("group:competition-office/0").orElseThrow();
  }

  private RobotTarget dingtalk() {
    return robots.byRef("department:tax/0").orElseThrow();
  }

  private OutboxSender node() {
    MailProperties d = MailProperties.defaults();
    MailProperties threeAttempts = new MailProperties(d.from(), d.fromName(), d.pollInterval(), 3, Duration.ofMinutes(1),
        Duration.ofMinutes(30), Duration.ofMinutes(10), 10, MailProperties.Retention.defaults());
    return new OutboxSender(outbox, null, threeAttempts, robots, new RobotSender(Duration.ofSeconds(5), Duration.ofSeconds(20), clock));
  }

  private MailOutbox.Entry only() {
    List<MailOutbox.Entry> all = outbox.page(null, 0, 10);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private JsonNode body(LoggedRequest request) throws Exception {
    return json.readTree(request.getBodyAsString());
  }

  @Test
  void aWeComRobotGetsMarkdownWithTheTaskItsDueDateAndTheLink() throws Exception {
    chat.stubFor(post(urlPathEqualTo("/cgi-bin/webhook/send")).withQueryParam("key", equalTo(KEY))
        .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    outbox.enqueue(composer.task(RECTIFY, wecom()));

    assertThat(node().sendDue().sent()).as("sent; the error: %s", only().lastError()).isEqualTo(1);

    List<LoggedRequest> requests = chat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/webhook/send")));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = body(requests.get(0));
    assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
    assertThat(body.path("markdown").path("content").asText()).contains("新的待办任务：整改落实（ZG-2026-000007）", "**任务：**整改落实",
        "**单位：**一号窗口（tax-w01）", "**办理期限：**2026-03-05 17:00",
        "[打开任务](https://servicestar.example.gov.cn/rectifications/ZG-2026-000007/rectify)");
    MailOutbox.Entry sent = only();
    assertThat(sent.status()).isEqualTo(MailOutbox.SENT);
    assertThat(sent.channel()).isEqualTo(Channel.WECOM);
    assertThat(sent.robot()).isEqualTo("group:competition-office/0");
    assertThat(sent.recipientAddress()).isNull();
    assertThat(sent.taskId()).isEqualTo("task-42");
  }

  @Test
  void aSignedDingTalkRequestCarriesTheClocksTimestampAndTheSignatureOfTheSecret() throws Exception {
    long now = clock.millis();
    chat.stubFor(post(urlPathEqualTo("/robot/send")).atPriority(1).withQueryParam("access_token", equalTo(TOKEN))
        .withQueryParam("timestamp", equalTo(String.valueOf(now))).withQueryParam("sign", equalTo(RobotSender.sign(now, SECRET)))
        .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    chat.stubFor(post(anyUrl()).atPriority(9).willReturn(okJson("{\"errcode\":310000,\"errmsg\":\"sign not match\"}")));
    outbox.enqueue(composer.reminder(RECTIFY, dingtalk()));

    assertThat(node().sendDue().sent()).as("sent; the error: %s", only().lastError()).isEqualTo(1);

    LoggedRequest request = chat.findAll(postRequestedFor(urlPathEqualTo("/robot/send"))).get(0);
    long timestamp = Long.parseLong(request.queryParameter("timestamp").firstValue());
    String sign = request.queryParameter("sign").firstValue();
    assertThat(timestamp).as("from the app's clock").isEqualTo(now);
    assertThat(sign).as("recomputed from the request's timestamp and the secret").isEqualTo(hmac(timestamp, SECRET))
        .isNotEqualTo(hmac(timestamp, WRONG_SECRET));
    assertThat(request.getUrl()).as("the signature is URL-encoded").endsWith("/robot/send?access_token=" + TOKEN + "&timestamp=" + now
        + "&sign=" + URLEncoder.encode(sign, StandardCharsets.UTF_8));
    JsonNode body = body(request);
    assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
    assertThat(body.path("markdown").path("title").asText()).isEqualTo("【服务之星】提醒：「整改落实」（ZG-2026-000007）将于 2026-03-05 17:00 到期");
    assertThat(body.path("markdown").path("text").asText()).contains("整改落实", "2026-03-05 17:00", "/rectifications/ZG-2026-000007/rectify)")
        .as("钉钉 wants blank lines between lines").contains("\n\n");
    assertThat(only().status()).isEqualTo(MailOutbox.SENT);
  }

  /** An independent HmacSHA256 of the documented string, so the test does not trust the code it checks. */
  private static String hmac(long timestamp, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aWrongSecretIsRefusedAndFailsAtOnce() {
    long now = clock.millis();
    robots.configure(robots(WRONG_SECRET));
    chat.stubFor(post(urlPathEqualTo("/robot/send")).atPriority(1).withQueryParam("sign", equalTo(hmacUnchecked(now, SECRET)))
        .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    chat.stubFor(post(anyUrl()).atPriority(9).willReturn(okJson("{\"errcode\":310000,\"errmsg\":\"sign not match\"}")));
    outbox.enqueue(composer.escalation(RECTIFY, dingtalk()));

    OutboxSender.Pass pass = node().sendDue();

    assertThat(pass.failed()).as("310000: waiting does not cure a wrong secret").isEqualTo(1);
    MailOutbox.Entry failed = only();
    assertThat(failed.status()).isEqualTo(MailOutbox.FAILED);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastError()).isEqualTo("钉钉 errcode 310000: sign not match");
  }

  private static String hmacUnchecked(long timestamp, String secret) {
    try {
      return hmac(timestamp, secret);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWeComErrcodeIsRetriedWithBackoffThenFailed() {
    chat.stubFor(post(anyUrl()).willReturn(okJson("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")));
    outbox.enqueue(composer.task(RECTIFY, wecom()));
    OutboxSender node = node();

    assertThat(node.sendDue().retried()).isEqualTo(1);
    assertThat(only().status()).isEqualTo(MailOutbox.PENDING);
    assertThat(only().lastError()).isEqualTo("企业微信 errcode 45009: api freq out of limit");
    assertThat(node.sendDue().total()).as("not due before the backoff").isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(node.sendDue().retried()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(node.sendDue().failed()).isEqualTo(1);

    MailOutbox.Entry failed = only();
    assertThat(failed.status()).isEqualTo(MailOutbox.FAILED);
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(chat.findAll(postRequestedFor(anyUrl()))).hasSize(3);
  }

  @Test
  void anInvalidKeyFailsAtOnce() {
    chat.stubFor(post(anyUrl()).willReturn(okJson("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}")));
    outbox.enqueue(composer.task(RECTIFY, wecom()));
    assertThat(node().sendDue().failed()).isEqualTo(1);
    assertThat(only().attempts()).isEqualTo(1);
  }

  @Test
  void aServerErrorIsRetriedAndTheKeyItEchoesIsMaskedInRowAndLog() {
    chat.stubFor(post(anyUrl()).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500).withBody("upstream failed for /cgi-bin/webhook/send?key=" + KEY))
        .willSetStateTo("back"));
    chat.stubFor(post(anyUrl()).inScenario("outage").whenScenarioStateIs("back").willReturn(okJson("{\"errcode\":0}")));
    outbox.enqueue(composer.task(RECTIFY, wecom()));
    outbox.enqueue(composer.task(RECTIFY, dingtalk()));
    OutboxSender node = node();

    assertThat(node.sendDue().retried()).isEqualTo(1);
    assertThat(outbox.page(MailOutbox.PENDING, 0, 10)).extracting(MailOutbox.Entry::lastError)
        .contains("HTTP 500: upstream failed for /cgi-bin/webhook/send?key=***");
    clock.advance(Duration.ofMinutes(1));
    node.sendDue();
    assertThat(outbox.page(null, 0, 10)).extracting(MailOutbox.Entry::status).containsOnly(MailOutbox.SENT);

    assertThat(storedText()).doesNotContain(KEY, TOKEN, SECRET, "localhost:" + chat.getPort());
    assertThat(logText()).contains("not sent (attempt 1 of 3)").doesNotContain(KEY, TOKEN, SECRET);
  }

  @Test
  void anUnreachableRobotIsRetriedAndNeitherRowNorLogNamesItsUrl() {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    robots.configure(robots("http://localhost:" + port, SECRET));
    outbox.enqueue(composer.task(RECTIFY, dingtalk()));
    assertThat(node().sendDue().retried()).isEqualTo(1);
    assertThat(only().lastError()).startsWith("ConnectException");
    assertThat(storedText()).doesNotContain(KEY, TOKEN, SECRET, "localhost:" + port);
    assertThat(logText()).contains("DINGTALK message #1 to department:tax/0 not sent").doesNotContain(TOKEN, SECRET);
  }

  @Test
  void aRobotNoLongerConfiguredFailsItsMessagesRatherThanPostingThemElsewhere() {
    outbox.enqueue(composer.task(RECTIFY, wecom()));
    robots.configure(RobotProperties.none());
    assertThat(node().sendDue().failed()).isEqualTo(1);
    assertThat(only().lastError()).contains("机器人 group:competition-office/0 已不在配置中");
    assertThat(chat.findAll(postRequestedFor(anyUrl()))).isEmpty();
  }

  /** Every column of every row, as text. */
  private String storedText() {
    List<String> values = new ArrayList<>();
    jdbc.sql("select * from mail_outbox").query((rs, i) -> {
      for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
        values.add(String.valueOf(rs.getObject(c)));
      }
      return null;
    }).list();
    return String.join("|", values);
  }

  private String logText() {
    return String.join("\n", logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
  }
}
