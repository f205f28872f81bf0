package org.servicestar.notification;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

/**
 * {@code /admin/mail}: every notification mail, newest first, with its status — where the demo's
 * mails (no SMTP server) can be read, and where a mail that FAILED can be sent again.
 * (/admin/** is for administrators in SecurityConfig; the same rule is checked here too.)
 */
@Controller
@PreAuthorize(Access.ADMINISTER)
class MailAdminController {

  static final int PAGE_SIZE = 30;

  /** Status → its Chinese label, in the order the filter shows them. */
  static final Map<String, String> STATUS_LABELS = statusLabels();

  private final MailOutbox outbox;
  private final OutboxSender sender;
  private final OutboxScheduler scheduler;
  private final AuditTrail audit;

  MailAdminController(MailOutbox outbox, OutboxSender sender, OutboxScheduler scheduler, AuditTrail audit) {
    this.outbox = outbox;
    this.sender = sender;
    this.scheduler = scheduler;
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

  @GetMapping("/admin/mail")
  String list(@RequestParam(defaultValue = "1") int page, @RequestParam(required = false) String status, Model model) {
    String filter = status == null || status.isBlank() || !STATUS_LABELS.containsKey(status) ? null : status;
    long total = outbox.count(filter);
    int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int current = Math.min(Math.max(page, 1), pages);
    List<MailOutbox.Entry> mails = outbox.page(filter, (current - 1) * PAGE_SIZE, PAGE_SIZE);
    Map<String, Long> counts = new LinkedHashMap<>();
    STATUS_LABELS.keySet().forEach(s -> counts.put(s, outbox.count(s)));
    model.addAttribute("mails", mails);
    model.addAttribute("page", current);
    model.addAttribute("pages", pages);
    model.addAttribute("total", total);
    model.addAttribute("status", filter);
    model.addAttribute("counts", counts);
    model.addAttribute("labels", STATUS_LABELS);
    model.addAttribute("smtpConfigured", sender.smtpConfigured());
    return "notification/mail";
  }

  @PostMapping("/admin/mail/{id}/retry")
  String retry(@PathVariable long id, RedirectAttributes redirect) {
    if (outbox.retry(id)) {
      audit.record("MAIL_RETRY", "mail:" + id, "发送失败的邮件重新发送");
      scheduler.mailQueued(new MailOutbox.MailQueued());
      redirect.addFlashAttribute("message", "邮件 #" + id + " 已重新排队发送。");
    } else {
      redirect.addFlashAttribute("error", "邮件 #" + id + " 不是“发送失败”状态，未做改动。");
    }
    return "redirect:/admin/mail";
  }
}
