package org.servicestar.notification;

import java.io.UnsupportedEncodingException;
import java.net.InetAddress;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends what the outbox holds: claims due PENDING messages a batch at a time, sends each — a mail
 * through SMTP, a robot message to its webhook ({@link RobotSender}) — and marks it SENT, or schedules
 * another attempt with a doubling backoff until the last one marks it FAILED with the error. Without an
 * SMTP server ({@code spring.mail.host} unset: the demo) each mail is written to the log and marked
 * LOGGED. Delivery is at least once: a node that dies after the server took a message but before
 * marking it lets another node send it again when the lease ends.
 *
 * <p>A robot message names its robot by reference; the URL and secret are looked up now, in the
 * configuration ({@link Robots}), never read from the row, and never written to the log or the row.
 *
 * <p>Plain class, so tests build it by hand around a {@link JavaMailSenderImpl} pointed at GreenMail and
 * robots pointed at a local HTTP server; {@link OutboxScheduler} runs it in the app.
 */
class OutboxSender {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

  /** Header naming the outbox row, so a mail can be traced back (and a duplicate recognised). */
  static final String OUTBOX_HEADER = "X-ServiceStar-Outbox-Id";

  private final MailOutbox outbox;
  private final JavaMailSender mailSender;
  private final MailProperties properties;
  private final Robots robots;
  private final RobotSender robotSender;
  private final String node;

  /** Mails only; {@code mailSender} null: no SMTP server, mails are logged. */
  OutboxSender(MailOutbox outbox, JavaMailSender mailSender, MailProperties properties) {
    this(outbox, mailSender, properties, null, null);
  }

  /** {@code robots} null: a robot message fails, its robot unknown. */
  OutboxSender(MailOutbox outbox, JavaMailSender mailSender, MailProperties properties, Robots robots, RobotSender robotSender) {
    this.outbox = outbox;
    this.mailSender = configured(mailSender) ? mailSender : null;
    this.properties = properties;
    this.robots = robots;
    this.robotSender = robotSender;
    this.node = nodeName();
  }

  /** A sender whose host is blank (e.g. {@code spring.mail.host=}) counts as none. */
  private static boolean configured(JavaMailSender sender) {
    return sender != null && !(sender instanceof JavaMailSenderImpl impl && (impl.getHost() == null || impl.getHost().isBlank()));
  }

  boolean smtpConfigured() {
    return mailSender != null;
  }

  String node() {
    return node;
  }

  /** Result of one pass. */
  record Pass(int sent, int logged, int retried, int failed) {
    int total() {
      return sent + logged + retried + failed;
    }
  }

  private enum Outcome { SENT, RETRY, FAILED }

  /** One pass: every due message this node can claim, in batches, until none is left. */
  Pass sendDue() {
    int logged = 0;
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    boolean more = true;
    while (more) {
      var ids = outbox.dueIds(properties.batchSize());
      more = ids.size() == properties.batchSize();
      List<MailOutbox.Entry> claimed = outbox.claim(ids, node, properties.lease());
      List<MailOutbox.Entry> mails = claimed.stream().filter(m -> m.channel() == Channel.EMAIL).toList();
      if (mailSender == null) {
        // Nothing to wait for: the batch's mails are logged and marked in one statement.
        mails.forEach(OutboxSender::log);
        logged += outbox.markDone(mails.stream().map(MailOutbox.Entry::id).toList(), node, MailOutbox.LOGGED);
      } else {
        mails.forEach(mail -> outcomes.merge(deliver(mail), 1, Integer::sum));
      }
      claimed.stream().filter(m -> m.channel() != Channel.EMAIL)
          .forEach(message -> outcomes.merge(post(message), 1, Integer::sum));
      // another node is working through the same rows: leave the rest to it
      more &= !claimed.isEmpty();
    }
    Pass pass = new Pass(outcomes.getOrDefault(Outcome.SENT, 0), logged, outcomes.getOrDefault(Outcome.RETRY, 0),
        outcomes.getOrDefault(Outcome.FAILED, 0));
    if (pass.total() > 0) {
      log.debug("Outbox pass on {}: {}", node, pass);
    }
    return pass;
  }

  /**
   * One line per mail: the whole text stays in the outbox, where /admin/messages shows it. Written in
   * full, a first demo start's mails were nearly all of its 13 000 log lines (issue 21).
   */
  private static void log(MailOutbox.Entry mail) {
    log.info("邮件 #{} 未发送，仅记录（未配置 SMTP 服务器 spring.mail.host）：收件人 {} <{}>，主题 {}；全文见 /admin/messages",
        mail.id(), mail.recipientUser(), mail.recipientAddress(), mail.subject());
    log.debug("邮件 #{} 正文：\n{}", mail.id(), mail.body());
  }

  private Outcome deliver(MailOutbox.Entry mail) {
    try {
      mailSender.send(message(mail));
      return sent(mail);
    } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
      // a malformed address or message will not get better by waiting
      boolean permanent = e instanceof AddressException || e instanceof MailParseException || e instanceof MailPreparationException;
      return failed(mail, describe(e), permanent);
    }
  }

  /** A robot message, to the robot its row names as the configuration has it now. */
  private Outcome post(MailOutbox.Entry message) {
    RobotTarget robot = robots == null ? null : robots.byRef(message.robot()).orElse(null);
    if (robot == null || robot.channel() != message.channel()) {
      return failed(message, "机器人 " + message.robot() + " 已不在配置中（servicestar.robots），消息未发送", true);
    }
    RobotSender.Result result = robotSender.send(robot, message.subject(), message.body());
    return result.sent() ? sent(message) : failed(message, result.error(), result.permanent());
  }

  private Outcome sent(MailOutbox.Entry message) {
    if (!outbox.markDone(message.id(), node, MailOutbox.SENT)) {
      log.warn("Outbox message #{} was sent, but this node's lease had ended meanwhile", message.id());
    }
    return Outcome.SENT;
  }

  /** Another attempt after the backoff, or FAILED after the last attempt or an error no wait cures. */
  private Outcome failed(MailOutbox.Entry message, String error, boolean permanent) {
    boolean last = permanent || message.attempts() >= properties.maxAttempts();
    LocalDateTime next = last ? null : outbox.now().plus(properties.backoffAfter(message.attempts()));
    outbox.markFailedAttempt(message.id(), node, error, next);
    String what = message.channel() == Channel.EMAIL ? "Mail" : message.channel().name() + " message";
    if (last) {
      log.error("{} #{} to {} FAILED after {} attempt(s): {}", what, message.id(), message.recipient(), message.attempts(), error);
      return Outcome.FAILED;
    }
    log.warn("{} #{} to {} not sent (attempt {} of {}), next attempt at {}: {}", what, message.id(), message.recipient(),
        message.attempts(), properties.maxAttempts(), next, error);
    return Outcome.RETRY;
  }

  private MimeMessage message(MailOutbox.Entry mail) throws MessagingException, UnsupportedEncodingException {
    MimeMessage message = mailSender.createMimeMessage();
    MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
    helper.setFrom(properties.from(), properties.fromName());
    helper.setTo(mail.recipientAddress());
    helper.setSubject(mail.subject());
    helper.setText(mail.body(), false);
    message.setHeader(OUTBOX_HEADER, String.valueOf(mail.id()));
    return message;
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < MailOutbox.MAX_ERROR; t = t.getCause() == t ? null : t.getCause()) {
      if (!text.isEmpty()) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    }
    return text.toString();
  }

  private static String nodeName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown";
    }
    String name = host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    return name.length() > 100 ? name.substring(name.length() - 100) : name;
  }
}
