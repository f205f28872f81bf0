package org.servicestar.rating;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hashes for what must be compared but never read back: a voter's phone or browser token and the
 * sender's address (HMAC-SHA-256 with a secret key, so an IPv4 address cannot be found by trying all
 * four billion), and the rating pads' keys (plain SHA-256: they are 256 random bits already).
 */
class RatingHashes {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String KEY_NAME = "voter-hmac";

  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;
  private final String configuredKey;
  private volatile SecretKeySpec key;

  RatingHashes(JdbcClient jdbc, PlatformTransactionManager transactions, String configuredKey) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.configuredKey = configuredKey == null ? "" : configuredKey.strip();
  }

  String voter(String token) {
    return hmac("voter:" + token);
  }

  String address(String address) {
    return address == null || address.isBlank() ? null : hmac("address:" + address);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A random token, URL-safe, of the given number of random bytes. */
  static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private String hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key());
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private SecretKeySpec key() {
    SecretKeySpec k = key;
    if (k == null) {
      synchronized (this) {
        if (key == null) {
          key = new SecretKeySpec((configuredKey.isEmpty() ? storedKey() : configuredKey).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        }
        k = key;
      }
    }
    return k;
  }

  /**
   * The key kept in the database; made at first use in a transaction of its own (never rolled back
   * with a rating). Two nodes racing to make it agree on the first one stored.
   */
  private String storedKey() {
    String stored = ownTransaction.execute(s -> jdbc.sql("select secret from rating_secret where name = ?").param(KEY_NAME)
        .query(String.class).optional().orElse(null));
    if (stored != null) {
      return stored;
    }
    try {
      ownTransaction.executeWithoutResult(s -> jdbc.sql("insert into rating_secret (name, secret) values (?, ?)")
          .params(KEY_NAME, randomToken(48)).update());
    } catch (DuplicateKeyException e) {
      // another node made it first
    }
    return ownTransaction.execute(s -> jdbc.sql("select secret from rating_secret where name = ?").param(KEY_NAME)
        .query(String.class).single());
  }
}
