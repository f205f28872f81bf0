package org.servicestar.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

import javax.sql.DataSource;

import org.servicestar.web.DatabaseProduct;
import org.servicestar.web.TooManyRequestsException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How often the public may send the forms that start work for people: a complaint
 * ({@code POST /api/complaints}) or an objection during publicity ({@code POST /publicity/{year}/objections}).
 * Each form has a limit per client address and minute (as many as anonymous ratings by default) and per
 * phone number and {@code phone-window}; above either the sender gets {@link TooManyRequestsException}
 * (429) naming the limit. Internal callers (the office, the demo, bad reviews) never come through here.
 *
 * <p>The counts are rows of {@code public_form_hit} (V27), one per form, key and fixed window, not
 * memory: every node of a cluster counts the same requests and a restart forgets nothing. {@link #admit}
 * runs in the caller's transaction, the one that stores the submission and starts its process, so a
 * submission refused or rolled back later is not counted; the counter rows stay locked until that
 * transaction ends, so two nodes counting at once never both pass the limit. The address is always
 * counted before the phone, so two requests never wait for each other in a circle.
 */
public class PublicFormLimits {

  /** The forms that are limited, each with its own counts; {@code unit} is how the message counts them. */
  public enum Form {
    COMPLAINT("件投诉"),
    OBJECTION("条异议");

    private final String unit;

    Form(String unit) {
      this.unit = unit;
    }
  }

  static final Duration ADDRESS_WINDOW = Duration.ofMinutes(1);
  private static final int MAX_KEY = 64;

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final PublicFormLimitProperties properties;
  private final Clock clock;
  private final DatabaseProduct database;

  PublicFormLimits(DataSource dataSource, PlatformTransactionManager transactions, PublicFormLimitProperties properties,
                   Clock clock) {
    this.jdbc = JdbcClient.create(dataSource);
    this.database = new DatabaseProduct(dataSource);
    this.transaction = new TransactionTemplate(transactions);
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Counts one submission of the form from this client address and, when one was given, this phone
   * (only its digits count: {@code 138 0000-0000} is {@code 13800000000}). Throws
   * {@link TooManyRequestsException} and counts nothing when either limit is already reached.
   */
  public void admit(Form form, String address, String phone) {
    String digits = digitsOf(phone);
    transaction.executeWithoutResult(status -> {
      Instant now = clock.instant();
      count(form.name() + "_ADDRESS", clip(address == null || address.isBlank() ? "unknown" : address.strip()), ADDRESS_WINDOW,
          properties.perAddressPerMinute(), now, wait -> "提交过于频繁：同一网络地址每分钟最多提交 "
              + properties.perAddressPerMinute() + " " + form.unit + "，请 " + inWords(wait) + "后再试");
      if (!digits.isEmpty()) {
        count(form.name() + "_PHONE", clip(digits), properties.phoneWindow(), properties.perPhone(), now,
            wait -> "提交过于频繁：同一联系电话" + per(properties.phoneWindow()) + "最多提交 " + properties.perPhone() + " "
                + form.unit + "，请 " + inWords(wait) + "后再试");
      }
    });
  }

  /** Deletes the rows whose window has ended (they no longer count anywhere); returns how many. */
  public int prune() {
    return jdbc.sql("delete from public_form_hit where expires_at <= ?").param(local(clock.instant())).update();
  }

  private interface Message {
    String after(long seconds);
  }

  private void count(String kind, String key, Duration window, int limit, Instant now, Message message) {
    long length = window.toMillis();
    Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    Instant end = start.plusMillis(length);
    if (!tryCount(kind, key, local(start), local(end), limit)) {
      long wait = Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
      throw new TooManyRequestsException(message.after(wait), wait);
    }
  }

  /** One more hit of the key in the window if it has had fewer than {@code limit}; atomic across nodes. */
  private boolean tryCount(String kind, String key, LocalDateTime start, LocalDateTime end, int limit) {
    if (database.isPostgres()) {
      // Inserts the window's row, or waits for the row's lock and adds one to what the last writer left.
      return jdbc.sql("""
              insert into public_form_hit (kind, hit_key, window_start, expires_at, hits) values (?, ?, ?, ?, 1)
              on conflict (kind, hit_key, window_start)
              do update set hits = public_form_hit.hits + 1 where public_form_hit.hits < ?""")
          .params(kind, key, start, end, limit).update() == 1;
    }
    // H2 (no ON CONFLICT outside its PostgreSQL mode): its UPDATE locks the row, then checks the condition
    // again on what the last writer committed. A failed INSERT undoes only itself there, not the transaction.
    for (int attempt = 0; attempt < 3; attempt++) {
      if (jdbc.sql("update public_form_hit set hits = hits + 1 where kind = ? and hit_key = ? and window_start = ? and hits < ?")
          .params(kind, key, start, limit).update() == 1) {
        return true;
      }
      if (jdbc.sql("select count(*) from public_form_hit where kind = ? and hit_key = ? and window_start = ?")
          .params(kind, key, start).query(Integer.class).single() > 0) {
        return false;
      }
      try {
        jdbc.sql("insert into public_form_hit (kind, hit_key, window_start, expires_at, hits) values (?, ?, ?, ?, 1)")
            .params(kind, key, start, end).update();
        return true;
      } catch (DuplicateKeyException e) {
        // Another request or node inserted the window's row first: count in it.
      }
    }
    throw new IllegalStateException("public_form_hit: no row for " + kind + " in the window from " + start);
  }

  private LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, clock.getZone());
  }

  static String digitsOf(String phone) {
    return phone == null ? "" : phone.replaceAll("[^0-9]", "");
  }

  /** Addresses are the client's to choose (X-Forwarded-For behind a proxy): only a column's worth is kept. */
  private static String clip(String key) {
    return key.length() <= MAX_KEY ? key : key.substring(0, MAX_KEY);
  }

  /** 每分钟, 每小时, 每天, 每 30 分钟, 每 2 小时. */
  static String per(Duration window) {
    if (window.equals(Duration.ofDays(1))) {
      return "每天";
    }
    if (window.toHours() > 0 && window.toMinutesPart() == 0 && window.toSecondsPart() == 0) {
      return window.toHours() == 1 ? "每小时" : "每 " + window.toHours() + " 小时";
    }
    if (window.toMinutes() > 0 && window.toSecondsPart() == 0) {
      return window.toMinutes() == 1 ? "每分钟" : "每 " + window.toMinutes() + " 分钟";
    }
    return "每 " + window.toSeconds() + " 秒";
  }

  /** 42 秒, 37 分钟 (rounded up: never earlier than the limit lets in). */
  static String inWords(long seconds) {
    return seconds <= 90 ? seconds + " 秒" : (seconds + 59) / 60 + " 分钟";
  }
}
