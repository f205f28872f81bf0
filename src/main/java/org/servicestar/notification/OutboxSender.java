package org.servicestar.notification;

import java.io.UnsupportedEncodingException;
import java.net.InetAddress;
import java.time.LocalDateTime;
import java.util.List;
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
 * Sends what the outbox holds: claims due PENDING mails a batch at a time, sends each through SMTP and marks
 * it SENT, or schedules another attempt with a doubling backoff until the last one marks it FAILED
 * with the error. Without an SMTP server ({@code spring.mail.host} unset: the demo) each mail is
 * written to the log and marked LOGGED. Delivery is at least once: a node that dies after the SMTP
 * server took a mail but before marking it lets another node send it again when the lease ends.
 *
 * <p>Plain class, so tests build it by hand around a {@link JavaMailSenderImpl} pointed at GreenMail;
 * {@link OutboxScheduler} runs it in the app.
 */
class OutboxSender {

  private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

  /** Header naming the outbox row, so a mail can be traced back (and a duplicate recognised). */
  static final String OUTBOX_HEADER = "X-ServiceStar-Outbox-Id";

  private final MailOutbox outbox;
  private final JavaMailSender mailSender;
  private final MailProperties properties;
  private final String node;

  /** {@code mailSender} null: no SMTP server, mails are logged. */
  OutboxSender(MailOutbox outbox, JavaMailSender mailSender, MailProperties properties) {
    this.outbox = outbox;
    this.mailSender = configured(mailSender) ? mailSender : null;
    this.properties = properties;
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

  /** One pass: every due mail this node can claim, in batches, until none is left. */
  Pass sendDue() {
    int sent = 0;
    int logged = 0;
    int retried = 0;
    int failed = 0;
    boolean more = true;
    while (more) {
      var ids = outbox.dueIds(properties.batchSize());
      more = ids.size() == properties.batchSize();
      List<MailOutbox.Entry> claimed = outbox.claim(ids, node, properties.lease());
      if (mailSender == null) {
        // Nothing to wait for: the whole batch is logged and marked in one statement.
        claimed.forEach(OutboxSender::log);
        logged += outbox.markDone(claimed.stream().map(MailOutbox.Entry::id).toList(), node, MailOutbox.LOGGED);
      } else {
        for (MailOutbox.Entry mail : claimed) {
          switch (deliver(mail)) {
            case SENT -> sent++;
            case RETRY -> retried++;
            case FAILED -> failed++;
          }
        }
      }
      // another node is working through the same rows: leave the rest to it
      more &= !claimed.isEmpty();
    }
    Pass pass = new Pass(sent, logged, retried, failed);
    if (pass.total() > 0) {
      log.debug("Mail outbox pass on {}: {}", node, pass);
    }
    return pass;
  }

  /**
   * One line per mail: the whole text stays in the outbox, where /admin/mail shows it. Written in
   * full, a first demo start's mails were nearly all of its 13 000 log lines (issue 21).
   */
  private static void log(MailOutbox.Entry mail) {
    log.info("邮件 #{} 未发送，仅记录（未配置 SMTP 服务器 spring.mail.host）：收件人 {} <{}>，主题 {}；全文见 /admin/mail",
        mail.id(), mail.recipientUser(), mail.recipientAddress(), mail.subject());
  }

  private enum Outcome { SENT, RETRY, FAILED }

  private Outcome deliver(MailOutbox.Entry mail) {
    try {
      mailSender.send(message(mail));
      if (!outbox.markDone(mail.id(), node, MailOutbox.SENT)) {
        log.warn("Mail #{} was sent, but this node's lease had ended meanwhile", mail.id());
      }
      return Outcome.SENT;
    } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
      // a malformed address or message will not get better by waiting
      boolean permanent = e instanceof AddressException || e instanceof MailParseException || e instanceof MailPreparationException;
      boolean last = permanent || mail.attempts() >= properties.maxAttempts();
      LocalDateTime next = last ? null : outbox.now().plus(properties.backoffAfter(mail.attempts()));
      String error = describe(e);
      outbox.markFailedAttempt(mail.id(), node, error, next);
      if (last) {
        log.error("Mail #{} to {} FAILED after {} attempt(s): {}", mail.id(), mail.recipientAddress(), mail.attempts(), error);
        return Outcome.FAILED;
      }
      log.warn("Mail #{} to {} not sent (attempt {} of {}), next attempt at {}: {}", mail.id(), mail.recipientAddress(),
          mail.attempts(), properties.maxAttempts(), next, error);
      return Outcome.RETRY;
    }
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
