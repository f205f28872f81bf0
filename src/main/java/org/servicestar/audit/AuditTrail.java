package org.servicestar.audit;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/** Who did what, when: written in the same transaction as the change it describes. */
@Service
public class AuditTrail {

  public record Entry(LocalDateTime at, String actor, String action, String subject, String detail) {
  }

  private static final int MAX_DETAIL = 4000;

  private final JdbcClient jdbc;
  private final Clock clock;

  AuditTrail(JdbcClient jdbc, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
  }

  public void record(String action, String subject, String detail) {
    jdbc.sql("insert into audit_log (at, actor, action, subject, detail) values (?, ?, ?, ?, ?)")
        .params(LocalDateTime.now(clock), currentActor(), action, subject,
            detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL))
        .update();
  }

  public List<Entry> of(String subject, int limit) {
    return jdbc.sql("select at, actor, action, subject, detail from audit_log where subject = ? order by id desc fetch first ? rows only")
        .params(subject, limit).query(Entry.class).list();
  }

  public List<Entry> latest(int limit) {
    return jdbc.sql("select at, actor, action, subject, detail from audit_log order by id desc fetch first ? rows only")
        .param(limit).query(Entry.class).list();
  }

  /** The actor of what a citizen does on the public pages (a rating, a complaint, an objection): 群众. */
  public static final String PUBLIC = "public";
  /** The actor of start-up and engine work with nobody logged in: 系统. */
  public static final String SYSTEM = "system";

  /** The logged-in user, {@link #PUBLIC} on the public pages, or {@link #SYSTEM} for start-up and engine work. */
  public static String currentActor() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof AnonymousAuthenticationToken) {
      return PUBLIC;
    }
    return auth != null && auth.isAuthenticated() && auth.getName() != null ? auth.getName() : SYSTEM;
  }
}
