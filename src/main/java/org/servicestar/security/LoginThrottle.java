package org.servicestar.security;

import java.time.Clock;
import java.time.LocalDateTime;

import org.servicestar.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses logins after repeated failures, for the form login and for HTTP basic on /engine-rest
 * alike. The failures are rows in the database, not memory, so two nodes behind one address count
 * together and a restart forgets nothing. A refused or failed attempt is written to the audit trail.
 */
@Component
class LoginThrottle {

  private static final int MAX_NAME = 64;

  private final JdbcClient jdbc;
  private final LoginProperties properties;
  private final AuditTrail audit;
  private final Clock clock;

  LoginThrottle(JdbcClient jdbc, LoginProperties properties, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.properties = properties;
    this.audit = audit;
  }

  /** Throws {@link LoginThrottled} if this user or this address has failed too often lately. */
  void checkAllowed(String username, String address) {
    LocalDateTime since = LocalDateTime.now(clock).minus(properties.window());
    long byUser = jdbc.sql("select count(*) from login_failure where username = ? and at > ?")
        .params(clip(username), since).query(Long.class).single();
    long byAddress = jdbc.sql("select count(*) from login_failure where address = ? and at > ?")
        .params(clip(address), since).query(Long.class).single();
    if (byUser >= properties.maxFailuresPerUser() || byAddress >= properties.maxFailuresPerAddress()) {
      audit.record("LOGIN_THROTTLED", subject(username),
          "来自 " + address + " 的登录被拒绝：近 " + properties.window().toMinutes() + " 分钟内该用户失败 " + byUser
              + " 次、该地址失败 " + byAddress + " 次");
      throw new LoginThrottled(properties.window().toMinutes());
    }
  }

  void failed(String username, String address) {
    LocalDateTime now = LocalDateTime.now(clock);
    // Rows older than the window no longer count anywhere; pruning here keeps the table small without a job.
    jdbc.sql("delete from login_failure where at < ?").param(now.minus(properties.window())).update();
    jdbc.sql("insert into login_failure (at, username, address) values (?, ?, ?)")
        .params(now, clip(username), clip(address)).update();
    audit.record("LOGIN_FAILED", subject(username), "来自 " + address + " 的登录失败：用户名或密码错误");
  }

  void succeeded(String username) {
    jdbc.sql("delete from login_failure where username = ?").param(clip(username)).update();
  }

  private static String subject(String username) {
    return "user:" + clip(username);
  }

  /** User names and addresses are attacker-chosen text: only a column's worth is kept. */
  private static String clip(String text) {
    String value = text == null ? "" : text;
    if (value.length() <= MAX_NAME) {
      return value;
    }
    // Not between the two halves of an emoji or a rare character.
    return value.substring(0, Character.isHighSurrogate(value.charAt(MAX_NAME - 1)) ? MAX_NAME - 1 : MAX_NAME);
  }
}
