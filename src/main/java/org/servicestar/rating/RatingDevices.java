package org.servicestar.rating;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rating pads' keys (电子测评器). The office issues a key for a window and sees it once; only its
 * SHA-256 is stored. A pad sends the key in {@code X-Device-Key}; a revoked or unknown key is refused
 * at once (the key is looked up on every request, never cached).
 */
class RatingDevices {

  static final String KEY_PREFIX = "ssk_";
  private static final int MAX_LABEL = 100;
  private static final int MAX_KEY_LENGTH = 200;
  static final Duration TOUCH_PRECISION = Duration.ofMinutes(1);

  /** A new key: shown once to the office, then only its hash remains. */
  /** Shown once after a redirect, so it travels in the session (Spring Session JDBC serializes it). */
  record Issued(RatingDevice device, String key) implements Serializable {
  }

  /** What a presented key turned out to be: a usable device, or why not. */
  record Check(RatingDevice device, String problem) {
  }

  private static final String SELECT = """
      select d.id, d.unit_id, u.code as unit_code, u.name as unit_name, d.label, d.key_hint, d.issued_at, d.issued_by,
             d.revoked_at, d.revoked_by, d.last_used_at
        from rating_device d join unit u on u.id = d.unit_id
      """;

  private final JdbcClient jdbc;
  private final UnitService units;
  private final AuditTrail audit;
  private final Clock clock;

  RatingDevices(JdbcClient jdbc, UnitService units, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.units = units;
    this.audit = audit;
    this.clock = clock;
  }

  List<RatingDevice> all() {
    return jdbc.sql(SELECT + " order by u.code, d.id").query(RatingDevice.class).list();
  }

  Optional<RatingDevice> byId(long id) {
    return jdbc.sql(SELECT + " where d.id = ?").param(id).query(RatingDevice.class).optional();
  }

  @Transactional
  public Issued issue(String unitCode, String label) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Unit unit = null;
    String code = RatingRules.trim(unitCode);
    if (code == null) {
      errors.add("unitCode", "请选择评价器所在的窗口");
    } else {
      unit = units.byCode(code).filter(Unit::active).orElse(null);
      errors.check(unit != null, "unitCode", "没有编码为 " + code + " 的启用单位");
    }
    String name = RatingRules.strip(label);
    errors.check(name != null, "label", "请填写评价器的名称，如“1 号评价器”");
    errors.check(TextLimits.fits(name, MAX_LABEL), "label", TextLimits.tooLong("名称", MAX_LABEL, name));
    errors.check(name == null || name.chars().noneMatch(Character::isISOControl), "label", "名称不能含控制字符");
    errors.throwIfAny();
    String key = KEY_PREFIX + RatingHashes.randomToken(32);
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("insert into rating_device (unit_id, label, key_hash, key_hint, issued_at, issued_by) values (?, ?, ?, ?, ?, ?)")
        .params(unit.id(), name, RatingHashes.sha256(key), hintOf(key), OffsetDateTime.now(clock), AuditTrail.currentActor())
        .update(keys, "id");
    RatingDevice device = byId(keys.getKey().longValue()).orElseThrow();
    audit.record("RATING_DEVICE_ISSUED", "unit:" + unit.code(), "评价器 " + name + "（" + device.keyHint() + "…）");
    return new Issued(device, key);
  }

  @Transactional
  public RatingDevice revoke(long id) {
    RatingDevice device = byId(id).orElseThrow(() -> InvalidInputException.of("id", "没有编号为 " + id + " 的评价器"));
    if (!device.revoked()) {
      jdbc.sql("update rating_device set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
          .params(OffsetDateTime.now(clock), AuditTrail.currentActor(), id).update();
      audit.record("RATING_DEVICE_REVOKED", "unit:" + device.unitCode(), "评价器 " + device.label() + "（" + device.keyHint() + "…）");
    }
    return byId(id).orElseThrow();
  }

  /** The device of a presented key: unknown and revoked keys say so. */
  Check check(String key) {
    String k = key == null ? "" : key.strip();
    if (k.isEmpty() || k.length() > MAX_KEY_LENGTH) {
      return new Check(null, "评价器密钥无效：请在请求头 X-Device-Key 中附带办公室签发的完整密钥");
    }
    Optional<RatingDevice> device = jdbc.sql(SELECT + " where d.key_hash = ?").param(RatingHashes.sha256(k))
        .query(RatingDevice.class).optional();
    if (device.isEmpty()) {
      return new Check(null, "评价器密钥无效（未签发或已被更换），请联系竞赛办公室重新签发");
    }
    if (device.get().revoked()) {
      return new Check(null, "该评价器密钥已于 " + device.get().revokedAt().atZoneSameInstant(clock.getZone()).toLocalDate()
          + " 被吊销，不能再提交评价；请联系竞赛办公室");
    }
    return new Check(device.get(), null);
  }

  /**
   * Notes when a pad was last heard of — to the minute: a pad sending a rating every few seconds
   * would otherwise write its row (and wait for a commit) on every request.
   */
  void touch(RatingDevice device) {
    OffsetDateTime now = OffsetDateTime.now(clock);
    if (device.lastUsedAt() == null || device.lastUsedAt().isBefore(now.minus(TOUCH_PRECISION))) {
      jdbc.sql("update rating_device set last_used_at = ? where id = ?").params(now, device.id()).update();
    }
  }

  static String hintOf(String key) {
    return key.substring(0, Math.min(key.length(), KEY_PREFIX.length() + 8));
  }
}
