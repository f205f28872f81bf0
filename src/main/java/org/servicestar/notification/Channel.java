package org.servicestar.notification;

/**
 * How an outbox message travels: the {@code channel} column of {@code mail_outbox} (V35), whose check
 * constraint lists exactly these (OwnedCodesTest).
 */
public enum Channel {
  /** To one person's e-mail address, through SMTP ({@code spring.mail.*}). */
  EMAIL("邮件"),
  /** To a 企业微信 group robot's webhook, as markdown. */
  WECOM("企业微信"),
  /** To a 钉钉 group robot's webhook, as markdown, signed when the robot has a secret. */
  DINGTALK("钉钉");

  private final String label;

  Channel(String label) {
    this.label = label;
  }

  /** The Chinese name the administrators' page shows. */
  public String label() {
    return label;
  }
}
