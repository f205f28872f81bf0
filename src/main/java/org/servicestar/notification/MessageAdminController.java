package org.servicestar.notification;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Access;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /admin/messages}: every notification — mails and group robot messages — newest first, with its
 * state: where the demo's mails (no SMTP server) can be read, and where a message that FAILED can be
 * sent again. A robot is shown by its name, never by its webhook. {@code /admin/mail}, its former
 * address, redirects here. (/admin/** is for administrators in SecurityConfig; the same rule is
 * checked here too.)
 */
@Controller
@PreAuthorize(Access.ADMINISTER)
class MessageAdminController {

  static final String PATH = "/admin/messages";
  static final int PAGE_SIZE = 30;

  /** Status → its Chinese label, in the order the filter shows them. */
  static final Map<String, String> STATUS_LABELS = statusLabels();

  private final MailOutbox outbox;
  private final OutboxSender sender;
  private final OutboxScheduler scheduler;
  private final Robots robots;
  private final AuditTrail audit;

  MessageAdminController(MailOutbox outbox, OutboxSender sender, OutboxScheduler scheduler, Robots robots, AuditTrail audit) {
    this.outbox = outbox;
    this.sender = sender;
    this.scheduler = scheduler;
    this.robots = robots;
    this.audit = audit;
  }

  private static Map<String, String> statusLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MailOutbox.PENDING, "待发送");
    labels.put(MailOutbox.SENT, "已发送");
    labels.put(MailOutbox.FAILED, "发送失败");
    labels.put(MailOutbox.LOGGED, "仅记录（未配置邮件服务器）");
    return Collections.unmodifiableMap(labels);
  }

  /** A row as the page shows it: the robot's name resolved, never its URL. */
  record Row(MailOutbox.Entry message, String recipient, String detail) {
  }

  @GetMapping(PATH)
  String list(@RequestParam(defaultValue = "1") int page, @RequestParam(required = false) String status,
              @RequestParam(required = false) String channel, Model model) {
    String statusFilter = status == null || !STATUS_LABELS.containsKey(status) ? null : status;
    Channel channelFilter = Arrays.stream(Channel.values()).filter(c -> c.name().equals(channel)).findFirst().orElse(null);
    long total = outbox.count(statusFilter, channelFilter);
    int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int current = Math.min(Math.max(page, 1), pages);
    List<Row> rows = outbox.page(statusFilter, channelFilter, (current - 1) * PAGE_SIZE, PAGE_SIZE).stream().map(this::row).toList();
    Map<String, Long> counts = new LinkedHashMap<>();
    STATUS_LABELS.keySet().forEach(s -> counts.put(s, outbox.count(s, channelFilter)));
    model.addAttribute("rows", rows);
    model.addAttribute("page", current);
    model.addAttribute("pages", pages);
    model.addAttribute("total", total);
    model.addAttribute("status", statusFilter);
    model.addAttribute("channel", channelFilter == null ? null : channelFilter.name());
    model.addAttribute("channels", Channel.values());
    model.addAttribute("counts", counts);
    model.addAttribute("labels", STATUS_LABELS);
    model.addAttribute("smtpConfigured", sender.smtpConfigured());
    model.addAttribute("robotsConfigured", robots.any());
    return "notification/messages";
  }

  private Row row(MailOutbox.Entry message) {
    return message.channel() == Channel.EMAIL
        ? new Row(message, message.recipientUser() == null ? message.recipientAddress() : message.recipientUser(), message.recipientAddress())
        : new Row(message, robots.describe(message.robot()), message.robot());
  }

  /** The former address: bookmarks and old log lines keep working. */
  @GetMapping("/admin/mail")
  String formerAddress(@RequestParam(required = false) String status, @RequestParam(required = false) Integer page) {
    return "redirect:" + UriComponentsBuilder.fromPath(PATH).queryParamIfPresent("status", Optional.ofNullable(status))
        .queryParamIfPresent("page", Optional.ofNullable(page)).encode().build().toUriString();
  }

  @PostMapping(PATH + "/{id}/retry")
  String retry(@PathVariable long id, RedirectAttributes redirect) {
    if (outbox.retry(id)) {
      audit.record("MAIL_RETRY", "mail:" + id, "发送失败的消息重新发送");
      scheduler.mailQueued(new MailOutbox.MailQueued());
      redirect.addFlashAttribute("message", "消息 #" + id + " 已重新排队发送。");
    } else {
      redirect.addFlashAttribute("error", "消息 #" + id + " 不是“发送失败”状态，未做改动。");
    }
    return "redirect:" + PATH;
  }
}
