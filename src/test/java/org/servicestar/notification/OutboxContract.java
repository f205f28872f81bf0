package org.servicestar.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.servicestar.support.HandClock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox and its sender on a real database with {@code V5__mail_outbox.sql}, sending to a real
 * in-process SMTP server (GreenMail): run on H2 and on PostgreSQL by the subclasses. Each "node" is an
 * {@link OutboxSender} of its own on the shared table, built by hand as the app's configuration does.
 */
abstract class OutboxContract {

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  /** A new, empty database for each test. */
  protected abstract DataSource freshDatabase();

  private DataSource dataSource;
  private JdbcClient jdbc;
  private final HandClock clock = new HandClock(Instant.parse("2026-03-02T01:00:00Z"), BEIJING);
  private final List<Object> events = new ArrayList<>();
  private MailOutbox outbox;

  @BeforeEach
  void migrate() {
    dataSource = freshDatabase();
    ResourceDatabasePopulator migration = new ResourceDatabasePopulator(new ClassPathResource("db/migration/V5__mail_outbox.sql"),
        new ClassPathResource("db/migration/V26__mail_retention.sql"), new ClassPathResource("db/migration/V35__outbox_channels.sql"));
    migration.setSqlScriptEncoding(StandardCharsets.UTF_8.name());
    migration.execute(dataSource);
    jdbc = JdbcClient.create(dataSource);
    outbox = new MailOutbox(jdbc, new DataSourceTransactionManager(dataSource), events::add, clock);
  }

  private JavaMailSenderImpl greenMailSender() {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(greenMail.getSmtp().getPort());
    return sender;
  }

  private static JavaMailSenderImpl unreachableSender() {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    try (ServerSocket socket = new ServerSocket(0)) {
      sender.setPort(socket.getLocalPort()); // closed again: nothing listens there
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
    return sender;
  }

  private static MailProperties properties(int maxAttempts) {
    MailProperties d = MailProperties.defaults();
    return new MailProperties(d.from(), d.fromName(), d.pollInterval(), maxAttempts, Duration.ofMinutes(1),
        Duration.ofMinutes(30), Duration.ofMinutes(10), 10, MailProperties.Retention.defaults());
  }

  private OutboxSender node(JavaMailSender mailSender) {
    return new OutboxSender(outbox, mailSender, properties(3));
  }

  private static Mail mail(String user, String subject) {
    return new Mail(Mail.Kind.TASK, user, user + "@example.org", subject, "王建国，您好：\n\n任务：核实投诉\n打开任务：http://x/?task=t1\n",
        "t1", "pi-1", "TS-2026-000001");
  }

  private MailOutbox.Entry only() {
    List<MailOutbox.Entry> all = outbox.page(null, 0, 10);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void aPendingMailIsSentThroughSmtpInChineseAndMarkedSent() throws Exception {
    outbox.enqueue(mail("leader1", "【服务之星】新的待办任务：核实投诉（TS-2026-000001）"));
    assertThat(only().status()).isEqualTo(MailOutbox.PENDING);

    OutboxSender.Pass pass = node(greenMailSender()).sendDue();

    assertThat(pass.sent()).isEqualTo(1);
    assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("【服务之星】新的待办任务：核实投诉（TS-2026-000001）");
    assertThat(received.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("leader1@example.org");
    assertThat(received.getFrom()[0].toString()).contains("noreply@servicestar.local");
    assertThat(received.getContentType()).containsIgnoringCase("charset=UTF-8");
    assertThat((String) received.getContent()).contains("王建国，您好：", "任务：核实投诉");
    MailOutbox.Entry entry = only();
    assertThat(received.getHeader(OutboxSender.OUTBOX_HEADER)).containsExactly(String.valueOf(entry.id()));
    assertThat(entry.status()).isEqualTo(MailOutbox.SENT);
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(entry.sentAt()).isEqualTo(LocalDateTime.now(clock));
    assertThat(entry.lockedBy()).isNull();

    assertThat(node(greenMailSender()).sendDue().total()).as("a sent mail is not sent again").isZero();
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void withoutAnSmtpServerMailsAreLoggedNotSent() {
    outbox.enqueue(mail("office1", "甲"));
    OutboxSender withoutServer = node(null);
    assertThat(withoutServer.smtpConfigured()).isFalse();
    assertThat(withoutServer.sendDue().logged()).isEqualTo(1);
    assertThat(only().status()).isEqualTo(MailOutbox.LOGGED);
    assertThat(only().sentAt()).isNotNull();

    JavaMailSenderImpl blankHost = new JavaMailSenderImpl();
    blankHost.setHost(" ");
    assertThat(node(blankHost).smtpConfigured()).as("spring.mail.host set to nothing").isFalse();
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void anUnreachableServerMeansRetriesWithGrowingWaitsThenFailedWithTheError() {
    outbox.enqueue(mail("inspector1", "乙"));
    OutboxSender sender = node(unreachableSender()); // three attempts, waits of 1 and 2 minutes

    assertThat(sender.sendDue().retried()).isEqualTo(1);
    MailOutbox.Entry first = only();
    assertThat(first.status()).isEqualTo(MailOutbox.PENDING);
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.lastError()).contains("MailSendException");
    assertThat(first.nextAttemptAt()).isEqualTo(LocalDateTime.now(clock).plusMinutes(1));
    assertThat(sender.sendDue().total()).as("not due yet").isZero();

    clock.advance(Duration.ofMinutes(1));
    assertThat(sender.sendDue().retried()).isEqualTo(1);
    assertThat(only().nextAttemptAt()).isEqualTo(LocalDateTime.now(clock).plusMinutes(2));

    clock.advance(Duration.ofMinutes(2));
    assertThat(sender.sendDue().failed()).isEqualTo(1);
    MailOutbox.Entry failed = only();
    assertThat(failed.status()).isEqualTo(MailOutbox.FAILED);
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(failed.lastError()).isNotBlank();
    clock.advance(Duration.ofHours(5));
    assertThat(sender.sendDue().total()).as("FAILED is final").isZero();

    // the administrator sends it again once the server is back
    assertThat(outbox.retry(failed.id())).isTrue();
    assertThat(outbox.retry(failed.id())).as("only a FAILED mail").isFalse();
    assertThat(node(greenMailSender()).sendDue().sent()).isEqualTo(1);
    assertThat(only().status()).isEqualTo(MailOutbox.SENT);
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aMalformedAddressFailsAtOnceWithoutRetries() {
    outbox.enqueue(new Mail(Mail.Kind.TASK, "typo", "no-at-sign..", "丁", "正文", null, null, null));
    assertThat(node(greenMailSender()).sendDue().failed()).isEqualTo(1);
    assertThat(only().status()).isEqualTo(MailOutbox.FAILED);
    assertThat(only().attempts()).isEqualTo(1);
    assertThat(only().lastError()).contains("AddressException");
  }

  @Test
  void aRolledBackTransactionLeavesNoMailAndACommittedOneDoes() {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    tx.executeWithoutResult(status -> {
      outbox.enqueue(mail("leader2", "回滚"));
      status.setRollbackOnly();
    });
    assertThat(outbox.count(null)).isZero();
    assertThat(node(greenMailSender()).sendDue().total()).isZero();

    tx.executeWithoutResult(status -> outbox.enqueue(mail("leader2", "提交")));
    assertThat(only().subject()).isEqualTo("提交");
    assertThat(events).hasSize(2).allMatch(e -> e instanceof MailOutbox.MailQueued);
  }

  @Test
  void twoNodesWorkingAtOnceSendEveryMailExactlyOnce() throws Exception {
    int mails = 25;
    for (int i = 0; i < mails; i++) {
      outbox.enqueue(mail("user" + i, "并发 " + i));
    }
    OutboxSender a = node(greenMailSender());
    OutboxSender b = node(greenMailSender());
    assertThat(a.node()).isNotEqualTo(b.node());
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<OutboxSender.Pass>> passes = new ArrayList<>();
      for (OutboxSender node : List.of(a, b)) {
        Callable<OutboxSender.Pass> run = () -> {
          start.await(10, TimeUnit.SECONDS);
          return node.sendDue();
        };
        passes.add(pool.submit(run));
      }
      int sent = 0;
      for (Future<OutboxSender.Pass> pass : passes) {
        sent += pass.get(60, TimeUnit.SECONDS).sent();
      }
      assertThat(sent).isEqualTo(mails);
    } finally {
      pool.shutdownNow();
    }
    assertThat(greenMail.waitForIncomingEmail(10_000, mails)).isTrue();
    Set<String> subjects = new HashSet<>();
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      subjects.add(message.getSubject());
    }
    assertThat(greenMail.getReceivedMessages()).hasSize(mails);
    assertThat(subjects).hasSize(mails);
    assertThat(outbox.count(MailOutbox.SENT)).isEqualTo(mails);
  }

  @Test
  void aMailClaimedByANodeThatDiedIsSentByAnotherOnceTheLeaseEnds() {
    outbox.enqueue(mail("leader3", "丙"));
    long id = only().id();
    assertThat(outbox.claim(id, "node-that-dies", Duration.ofMinutes(10))).isPresent();
    assertThat(outbox.claim(id, "other", Duration.ofMinutes(10))).as("leased").isEmpty();

    OutboxSender survivor = node(greenMailSender());
    assertThat(survivor.sendDue().total()).isZero();
    clock.advance(Duration.ofMinutes(11));
    assertThat(survivor.sendDue().sent()).isEqualTo(1);
    assertThat(only().attempts()).isEqualTo(2);
    assertThat(outbox.markDone(id, "node-that-dies", MailOutbox.SENT)).as("the dead node's late update changes nothing").isFalse();
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void thePageListsNewestFirstWithFilterAndPaging() {
    for (int i = 0; i < 5; i++) {
      outbox.enqueue(mail("u" + i, "第" + i + "封"));
      clock.advance(Duration.ofSeconds(1));
    }
    node(null).sendDue();
    outbox.enqueue(mail("u5", "第5封"));
    assertThat(outbox.page(null, 0, 3)).extracting(MailOutbox.Entry::subject).containsExactly("第5封", "第4封", "第3封");
    assertThat(outbox.page(null, 3, 3)).extracting(MailOutbox.Entry::subject).containsExactly("第2封", "第1封", "第0封");
    assertThat(outbox.page(MailOutbox.PENDING, 0, 10)).extracting(MailOutbox.Entry::subject).containsExactly("第5封");
    assertThat(outbox.count(MailOutbox.LOGGED)).isEqualTo(5);
    assertThat(outbox.count(null)).isEqualTo(6);
  }

  @Test
  void overlongTextIsCutToTheColumns() {
    String longBody = "很长的正文".repeat(3000);
    outbox.enqueue(new Mail(Mail.Kind.ESCALATION, "u", "u@example.org", "主".repeat(600), longBody, null, null, null));
    MailOutbox.Entry entry = only();
    assertThat(entry.subject()).hasSize(MailOutbox.MAX_SUBJECT).endsWith("…");
    assertThat(entry.body()).hasSize(MailOutbox.MAX_BODY);
    assertThat(entry.kind()).isEqualTo("ESCALATION");
  }

  // ---- retention (MailRetention) ----

  /** A row as the sender leaves it: {@code status}, created then, delivered ({@code sent_at}) then. */
  private void stored(String subject, String status, LocalDateTime createdAt, LocalDateTime sentAt) {
    jdbc.sql("insert into mail_outbox (kind, recipient_address, subject, body, status, attempts, created_at, next_attempt_at, sent_at) "
            + "values ('TASK', 'someone@example.org', ?, 'body', ?, 1, ?, ?, ?)")
        .params(subject, status, createdAt, createdAt, sentAt).update();
  }

  private Set<String> subjects() {
    return new HashSet<>(jdbc.sql("select subject from mail_outbox").query(String.class).list());
  }

  private MailRetention retention(int batchSize) {
    return new MailRetention(jdbc, outbox, new MailProperties.Retention(Duration.ofDays(180), batchSize, java.time.LocalTime.of(1, 0),
        java.time.LocalTime.of(5, 0)));
  }

  /** Moves the test's clock to the next {@code hh:00} in Beijing. */
  private void nextBeijingHour(int hour) {
    LocalDateTime now = outbox.now();
    LocalDateTime target = now.toLocalDate().atTime(hour, 0);
    clock.advance(Duration.between(now, target.isAfter(now) ? target : target.plusDays(1)));
  }

  @Test
  void deliveredMailsOlderThanTheRetentionAreDeletedAtNightAndNothingElse() {
    LocalDateTime now = outbox.now();
    LocalDateTime old = now.minusDays(200);
    stored("old sent 1", MailOutbox.SENT, old, old);
    stored("old sent 2", MailOutbox.SENT, old, old.plusDays(1));
    stored("old sent 3", MailOutbox.SENT, old, old.plusDays(2));
    stored("old logged", MailOutbox.LOGGED, old, old);
    stored("sent 179 days ago", MailOutbox.SENT, now.minusDays(179), now.minusDays(179));
    stored("recent sent", MailOutbox.SENT, now.minusDays(3), now.minusDays(3));
    // Status, not age, keeps these: even with an old sent_at (a mail sent, then queued again by hand).
    stored("old pending retry", MailOutbox.PENDING, old, old);
    stored("old pending never sent", MailOutbox.PENDING, old, null);
    stored("old failed", MailOutbox.FAILED, old, old);
    stored("old failed never sent", MailOutbox.FAILED, old, null);
    Set<String> kept = Set.of("sent 179 days ago", "recent sent", "old pending retry", "old pending never sent", "old failed",
        "old failed never sent");
    MailRetention nodeA = retention(2);
    MailRetention nodeB = retention(2);

    assertThat(nodeA.pruneIfDue("node-a")).as("09:00 in Beijing: not at night").isEqualTo(MailRetention.Run.NONE);
    assertThat(subjects()).hasSize(10);

    nextBeijingHour(2);
    MailRetention.Run run = nodeA.pruneIfDue("node-a");
    assertThat(run.ran()).isTrue();
    assertThat(run.deleted()).as("in batches of two").isEqualTo(4);
    assertThat(subjects()).containsExactlyInAnyOrderElementsOf(kept);
    assertThat(nodeB.pruneIfDue("node-b")).as("the night's work is done").isEqualTo(MailRetention.Run.NONE);
    clock.advance(Duration.ofMinutes(90));
    assertThat(nodeA.pruneIfDue("node-a")).as("once a night").isEqualTo(MailRetention.Run.NONE);

    nextBeijingHour(3);
    stored("delivered later, now old", MailOutbox.SENT, old, old);
    MailRetention.Run nextNight = nodeB.pruneIfDue("node-b");
    assertThat(nextNight).as("the new old one, and the one sent 179 days before the first night, 181 days now")
        .isEqualTo(new MailRetention.Run(true, 2));
    Set<String> keptNow = new HashSet<>(kept);
    keptNow.remove("sent 179 days ago");
    assertThat(subjects()).containsExactlyInAnyOrderElementsOf(keptNow);
    // what the administrators' page counts and lists still works on what is left
    assertThat(outbox.count(MailOutbox.FAILED)).isEqualTo(2);
    assertThat(outbox.page(null, 0, 30)).hasSize(5);
  }

  @Test
  void oneNodeANightAndANodeThatDiedHoldsTheJobOnlyUntilItsLeaseEnds() throws Exception {
    LocalDateTime old = outbox.now().minusDays(200);
    for (int i = 0; i < 5; i++) {
      stored("old " + i, MailOutbox.SENT, old, old);
    }
    nextBeijingHour(1);
    // Several nodes ask at the same moment: exactly one runs.
    int nodes = 4;
    CyclicBarrier start = new CyclicBarrier(nodes);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<MailRetention.Run>> runs = new ArrayList<>();
      for (int n = 0; n < nodes; n++) {
        String node = "node-" + n;
        MailRetention retention = retention(100);
        runs.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return retention.pruneIfDue(node);
        }));
      }
      int ran = 0;
      int deleted = 0;
      for (Future<MailRetention.Run> r : runs) {
        MailRetention.Run run = r.get(30, TimeUnit.SECONDS);
        ran += run.ran() ? 1 : 0;
        deleted += run.deleted();
      }
      assertThat(ran).isEqualTo(1);
      assertThat(deleted).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }

    // The next night a node takes the job and dies before finishing: the others wait for its lease.
    nextBeijingHour(1);
    stored("old again", MailOutbox.SENT, old, old);
    jdbc.sql("update job_lease set locked_by = 'dead-node', locked_until = ? where name = ?")
        .params(outbox.now().plus(MailRetention.LEASE), MailRetention.JOB).update();
    assertThat(retention(100).pruneIfDue("node-b")).isEqualTo(MailRetention.Run.NONE);
    assertThat(subjects()).contains("old again");
    clock.advance(MailRetention.LEASE.plusMinutes(1));
    assertThat(retention(100).pruneIfDue("node-b")).isEqualTo(new MailRetention.Run(true, 1));
    assertThat(subjects()).isEmpty();
  }
}
