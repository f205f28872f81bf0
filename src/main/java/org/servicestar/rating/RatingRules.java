package org.servicestar.rating;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.servicestar.unit.Staff;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitTree;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;

/**
 * Every check a rating passes before it is stored, whatever its way in: the fields, then whether the
 * sender may use the channel. Pure: the unit tree and the staff come through a {@link Directory}, the
 * time from a clock, so the rules are tested without a database.
 */
final class RatingRules {

  /** Where the rules look up units and staff. */
  interface Directory {
    Optional<Unit> unit(String code);

    Optional<Staff> staff(String badgeNo);
  }

  /** Either the rating to store or why not. */
  record Checked(ValidRating rating, Refusal refusal) {
  }

  static final int MAX_COMMENT = 500;
  static final int MAX_CONTACT_NAME = 50;
  static final Pattern PHONE = Pattern.compile("[0-9+\\- ]{5,20}");
  static final Pattern CLIENT_REF = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  static final Pattern BADGE = Pattern.compile("[A-Za-z0-9-]{1,32}");
  static final Pattern DEVICE_TOKEN = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
  /** A rater's clock may run a little ahead of ours. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  static final String DEVICE_KEY_HEADER = "X-Device-Key";

  private final Directory directory;
  private final RatingProperties properties;
  private final Clock clock;
  private final ZoneId zone;
  private final UnaryOperator<String> voterHash;
  private final UnaryOperator<String> addressHash;

  RatingRules(Directory directory, RatingProperties properties, Clock clock, UnaryOperator<String> voterHash,
              UnaryOperator<String> addressHash) {
    this.directory = directory;
    this.properties = properties;
    this.clock = clock;
    this.zone = clock.getZone();
    this.voterHash = voterHash;
    this.addressHash = addressHash;
  }

  ZoneId zone() {
    return zone;
  }

  /**
   * The same rules, remembering each unit and badge looked up and each address hashed: for one batch,
   * where most ratings name the same window.
   */
  RatingRules remembering() {
    Map<String, Optional<Unit>> unitCache = new java.util.HashMap<>();
    Map<String, Optional<Staff>> staffCache = new java.util.HashMap<>();
    Directory cached = new Directory() {
      @Override
      public Optional<Unit> unit(String code) {
        return unitCache.computeIfAbsent(code, directory::unit);
      }

      @Override
      public Optional<Staff> staff(String badgeNo) {
        return staffCache.computeIfAbsent(badgeNo, directory::staff);
      }
    };
    // one batch comes from one address: its HMAC once, not once per rating
    Map<String, String> addressHashes = new java.util.HashMap<>();
    UnaryOperator<String> cachedAddressHash = address -> address == null ? addressHash.apply(null)
        : addressHashes.computeIfAbsent(address, addressHash);
    return new RatingRules(cached, properties, clock, voterHash, cachedAddressHash);
  }

  /** Checks a draft; {@code typeErrors} are fields the JSON had in the wrong type (they are reported first). */
  Checked check(RatingDraft d, Map<String, String> typeErrors, Sender sender) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    typeErrors.forEach(errors::add);
    OffsetDateTime now = OffsetDateTime.now(clock);

    Unit unit = null;
    String code = trim(d.unitCode());
    if (code == null) {
      errors.add("unitCode", "请指明评价的窗口或单位（unitCode）");
    } else {
      unit = directory.unit(code).filter(Unit::active).orElse(null);
      errors.check(unit != null, "unitCode", "没有编码为 " + abbreviate(code) + " 的启用单位");
    }

    Integer level = d.level();
    if (level == null) {
      errors.add("level", "请选择评价等级（level）：5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意");
    } else {
      errors.check(RatingLevel.valid(level), "level", "评价等级须为 1–5 的整数（5 非常满意 … 1 非常不满意），收到的是 " + level);
    }

    RatingChannel channel = null;
    String channelText = trim(d.channel());
    if (channelText == null) {
      errors.add("channel", "请指明评价渠道（channel）：" + channelNames());
    } else {
      channel = RatingChannel.parse(channelText).orElse(null);
      errors.check(channel != null, "channel", "评价渠道须为 " + channelNames() + " 之一");
    }

    String badge = trim(d.staffBadge());
    if (badge != null) {
      if (!BADGE.matcher(badge).matches()) {
        errors.add("staffBadge", "工号须为 1–32 位字母、数字或“-”");
      } else if (unit != null) {
        Optional<Staff> staff = directory.staff(badge);
        if (staff.isEmpty()) {
          errors.add("staffBadge", "没有工号为 " + badge + " 的工作人员");
        } else if (!servesAt(staff.get(), unit)) {
          errors.add("staffBadge", "工号 " + badge + " 不是“" + unit.name() + "”（或其上级单位）的工作人员");
        }
      }
    }

    String comment = strip(d.comment());
    if (comment != null) {
      errors.check(TextLimits.fits(comment, MAX_COMMENT), "comment", TextLimits.tooLong("意见", MAX_COMMENT, comment));
      errors.check(noControlCharacters(comment), "comment", "意见中含有不可见的控制字符");
    }
    String contactName = strip(d.contactName());
    if (contactName != null) {
      errors.check(TextLimits.fits(contactName, MAX_CONTACT_NAME), "contactName",
          TextLimits.tooLong("联系人姓名", MAX_CONTACT_NAME, contactName));
      errors.check(contactName.chars().noneMatch(Character::isISOControl), "contactName", "联系人姓名不能含控制字符");
    }
    String contactPhone = strip(d.contactPhone());
    if (contactPhone != null) {
      errors.check(PHONE.matcher(contactPhone).matches(), "contactPhone", "联系电话只能包含数字、空格、“+”和“-”（5–20 位）");
    }
    String clientRef = trim(d.clientRef());
    if (clientRef != null) {
      errors.check(CLIENT_REF.matcher(clientRef).matches(), "clientRef", "clientRef 须为 1–64 位字母、数字或 . _ : -");
    }
    String deviceToken = trim(d.deviceToken());
    if (deviceToken != null) {
      errors.check(DEVICE_TOKEN.matcher(deviceToken).matches(), "deviceToken", "deviceToken 须为 8–128 位字母、数字或 . _ : -");
    }

    OffsetDateTime ratedAt = now;
    if (channel != null && !channel.anonymous() && trim(d.ratedAt()) != null) {
      ratedAt = ratedAt(d.ratedAt().strip(), channel, now, errors);
    }
    // The public's clock is not trusted: an anonymous rating is dated when it arrives.

    if (channel != null && channel.anonymous() && deviceToken == null && sender.browserToken() == null) {
      errors.add("deviceToken", "匿名评价（" + channel.name() + "）须附带 deviceToken（手机或浏览器的标识），或从评价页面提交");
    }

    if (!errors.isEmpty()) {
      return new Checked(null, Refusal.invalid(errors.errors()));
    }

    Refusal notAllowed = mayUse(sender, channel, unit);
    if (notAllowed != null) {
      return new Checked(null, notAllowed);
    }
    String voter = channel.anonymous() ? voterHash.apply(deviceToken != null ? deviceToken : sender.browserToken()) : null;
    return new Checked(new ValidRating(unit, level, channel, badge, comment, contactName, contactPhone, clientRef, ratedAt,
        ratedAt.atZoneSameInstant(zone).toLocalDate(), channel == RatingChannel.DEVICE ? sender.device().id() : null, voter,
        addressHash.apply(sender.address()), channel.byOffice() ? sender.actor() : null), null);
  }

  /** Whether the sender may rate through the channel: a pad only its own window, the office its own channels. */
  private static Refusal mayUse(Sender sender, RatingChannel channel, Unit unit) {
    switch (channel.sender()) {
      case PAD -> {
        if (sender.device() == null) {
          return Refusal.of(Refusal.Kind.UNAUTHORIZED, DEVICE_KEY_HEADER,
              "评价器渠道（DEVICE）须在请求头 " + DEVICE_KEY_HEADER + " 中附带办公室为本窗口签发的密钥");
        }
        if (sender.device().unitId() != unit.id()) {
          return Refusal.of(Refusal.Kind.FORBIDDEN, "unitCode", "该评价器密钥属于“" + sender.device().unitName() + "”（"
              + sender.device().unitCode() + "），不能为“" + unit.name() + "”（" + unit.code() + "）提交评价");
        }
        return null;
      }
      case OFFICE -> {
        if (!sender.office()) {
          return Refusal.of(sender.actor() == null ? Refusal.Kind.UNAUTHORIZED : Refusal.Kind.FORBIDDEN, "channel",
              "评议表（FORM）、意见箱（BOX）和热线（HOTLINE）的评价只能由竞赛办公室登录后录入");
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private OffsetDateTime ratedAt(String text, RatingChannel channel, OffsetDateTime now, InvalidInputException.Collector errors) {
    OffsetDateTime at = parseDateTime(text, zone);
    if (at == null) {
      errors.add("ratedAt", "评价时间 ratedAt 须为 ISO 格式，如 2026-03-01T10:15:30+08:00 或 2026-03-01");
      return now;
    }
    if (at.isAfter(now.plus(CLOCK_SKEW))) {
      errors.add("ratedAt", "评价时间 " + text + " 晚于现在");
      return now;
    }
    Duration backlog = channel.byOffice() ? properties.officeBacklog() : properties.deviceBacklog();
    if (at.isBefore(now.minus(backlog))) {
      errors.add("ratedAt", "评价时间 " + text + " 太早：" + channel.label() + "只能补报 " + backlog.toDays() + " 天以内的评价");
      return now;
    }
    return at;
  }

  /** An ISO date-time with offset, a local date-time (in the app's zone), or a date (its start). Null when none of these. */
  static OffsetDateTime parseDateTime(String text, ZoneId zone) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      // next format
    }
    try {
      return LocalDateTime.parse(text).atZone(zone).toOffsetDateTime();
    } catch (DateTimeParseException e) {
      // next format
    }
    try {
      return LocalDate.parse(text).atStartOfDay(zone).toOffsetDateTime();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Staff serve at their own unit and at the units under it (a section's staff at its windows). */
  private boolean servesAt(Staff staff, Unit unit) {
    return UnitTree.within(unit, staff.unitCode(), directory::unit);
  }

  private static String channelNames() {
    return Arrays.stream(RatingChannel.values()).map(Enum::name).collect(Collectors.joining("、"));
  }

  private static boolean noControlCharacters(String text) {
    return text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
  }

  static String trim(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }

  static String strip(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
