package org.servicestar.notification;

import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Mails every member of a group who has an e-mail address about something the app could not do by
 * itself (a complaint's process would not start), and posts it to the group's robots: one {@code ALERT}
 * row per member and robot in the outbox, in the caller's transaction, so the message exists exactly
 * when what it reports commits. Whether to mail (once
 * per outage, not per case) is the caller's rule. Never throws.
 */
@Component
public class GroupAlerts {

  private final ProcessEngine engine;
  private final Recipients recipients;
  private final MailComposer composer;
  private final Robots robots;
  private final RobotComposer robotComposer;
  private final MailOutbox outbox;

  GroupAlerts(@Lazy ProcessEngine engine, Recipients recipients, MailComposer composer, Robots robots,
              RobotComposer robotComposer, MailOutbox outbox) {
    this.engine = engine;
    this.recipients = recipients;
    this.composer = composer;
    this.robots = robots;
    this.robotComposer = robotComposer;
    this.outbox = outbox;
  }

  /**
   * Writes the mail for each member of {@code groupId} with an address and the message for each of the
   * group's robots; returns how many.
   *
   * @param subject     without the 【服务之星】 prefix
   * @param text        the body between the greeting and the footer
   * @param businessKey the case it is about, or null
   */
  public int mail(String groupId, String subject, String text, String businessKey) {
    List<Recipient> to = Privileged.call(engine, "alert to group " + groupId, List.of(),
        () -> recipients.members(engine.getIdentityService(), groupId));
    List<RobotTarget> chats = Privileged.call(engine, "robots of group " + groupId, List.of(), () -> robots.forGroup(groupId));
    List<Mail> mails = Stream.concat(to.stream().map(r -> composer.alert(r, subject, text, businessKey)),
        chats.stream().map(robot -> robotComposer.alert(robot, subject, text, businessKey))).toList();
    outbox.enqueueAll(mails);
    return mails.size();
  }

  /** {@code {servicestar.public-url}{path}}: a link for the text. */
  public String link(String path) {
    return composer.link(path);
  }
}
