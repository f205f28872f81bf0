package org.servicestar.award;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngineException;
import org.servicestar.audit.AuditTrail;
import org.servicestar.numbering.BusinessNumbers;
import org.servicestar.throttle.PublicFormLimits;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Objections to a nominee during publicity (公示), from the public page or the hotline: checked, stored
 * and handed to the AwardApproval process in one transaction, so an accepted objection always has
 * its verification waiting, and a refused one leaves nothing behind.
 *
 * <p>Limited per client address and per phone (throttle.PublicFormLimits, counted in the database across
 * nodes): a new objection above either limit is refused with TooManyRequestsException (429) and nothing is
 * stored. address_hash is left null: rating.RatingHashes is package-private, and an objection carries a
 * real name and phone that the inspectors verify anyway.
 */
@Service
class ObjectionIntake {

  /** What the objector sends; every field as text so that each problem can be named. */
  record Submission(String nomineeId, String name, String phone, String content, String clientRef) {
  }

  /** The objection's number, and whether the same clientRef had been sent before. */
  record Receipt(String number, boolean duplicate) {
  }

  /** An objection as its author may look it up (number and phone). */
  record Status(String number, int year, String nomineeName, String categoryLabel, String status, LocalDateTime receivedAt,
                LocalDateTime verifiedAt, String reply) {

    public String statusLabel() {
      return switch (status) {
        case "UPHELD" -> "经核实，异议成立";
        case "REJECTED" -> "经核实，异议不成立";
        default -> "已受理，正在核实";
      };
    }

    public boolean verified() {
      return !"RECEIVED".equals(status);
    }
  }

  /** Refused as a whole (closed period, or nothing waiting for it): a 409 with the reason, nothing stored. */
  static class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  static final int MIN_CONTENT = 10;
  static final int MAX_CONTENT = 2000;
  static final String ANONYMOUS_REFUSED = "异议须实名提出，匿名异议不予受理";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy 年 M 月 d 日", Locale.CHINA);
  private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?");
  private static final Pattern CLIENT_REF = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  /** Names that hide who is writing; a name containing 某 (张某, 某某) is a placeholder too. */
  private static final Set<String> PLACEHOLDER_NAMES = Set.of("匿名", "无名", "无名氏", "佚名", "anonymous", "anon", "unknown",
      "保密", "不详", "未知", "群众", "市民", "网友", "知情人", "举报人", "一群众", "热心群众", "无", "没有", "test", "xxx", "na", "n/a");

  private final PublishedAwards awards;
  private final BusinessNumbers numbers;
  private final AwardProcess process;
  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final PublicFormLimits limits;
  private final Clock clock;

  ObjectionIntake(PublishedAwards awards, BusinessNumbers numbers, AwardProcess process, AuditTrail audit, JdbcClient jdbc,
                  PublicFormLimits limits, Clock clock) {
    this.clock = clock;
    this.awards = awards;
    this.numbers = numbers;
    this.process = process;
    this.audit = audit;
    this.jdbc = jdbc;
    this.limits = limits;
  }

  static String day(LocalDate date) {
    return date.format(DAY);
  }

  /**
   * Stores the objection sent from this client address and correlates {@code ObjectionReceived}; the same
   * clientRef is stored once. Throws InvalidInputException for bad fields, Refused when the year takes no
   * objections, TooManyRequestsException above the public forms' limits (only a new, valid objection counts).
   */
  @Transactional
  Receipt submit(int year, Submission s, String clientAddress) {
    String clientRef = blankToNull(s.clientRef());
    if (clientRef != null && CLIENT_REF.matcher(clientRef).matches()) {
      Optional<Receipt> earlier = jdbc.sql("select number from award_objection where client_ref = ? and campaign_year = ?")
          .params(clientRef, year).query(String.class).optional().map(n -> new Receipt(n, true));
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    requireOpen(year);
    PublishedAwards.Nominee nominee = validate(year, s, clientRef);
    limits.admit(PublicFormLimits.Form.OBJECTION, clientAddress, s.phone());
    String number = numbers.next("GS");
    jdbc.sql("""
            insert into award_objection (number, campaign_year, nominee_id, objector_name, objector_phone, content, client_ref,
                                         address_hash, status, received_at)
            values (?, ?, ?, ?, ?, ?, ?, null, 'RECEIVED', ?)""")
        .params(number, year, nominee.id(), s.name().strip(), normalisePhone(s.phone()), s.content().strip(), clientRef,
            LocalDateTime.now(clock))
        .update();
    audit.record("AWARD_OBJECTION_RECEIVED", AwardApprovalIds.businessKey(year),
        "收到实名异议 " + number + "，对象：" + nominee.category().label() + " " + nominee.displayName());
    try {
      process.objectionReceived(year, number);
    } catch (ProcessEngineException e) {
      // Nothing is waiting for objections (the round moved on, or its process is gone): undo the insert.
      throw new Refused("评优公示流程当前未在受理异议，您的异议未保存。请稍后再试，或拨打竞赛办公室电话反映。");
    }
    return new Receipt(number, false);
  }

  /** The objection with this number and year, only for the phone it was raised with. */
  Optional<Status> status(int year, String number, String phone) {
    if (number == null || phone == null || phone.isBlank() || number.length() > 20) {
      return Optional.empty();
    }
    return jdbc.sql("""
            select o.number, o.campaign_year, n.subject_name, n.category, o.status, o.received_at, o.verified_at, o.reply
              from award_objection o join award_nominee n on n.id = o.nominee_id
             where o.number = ? and o.campaign_year = ? and o.objector_phone = ?""")
        .params(number.strip(), year, normalisePhone(phone))
        .query((rs, i) -> new Status(rs.getString(1), rs.getInt(2), rs.getString(3),
            AwardCategory.valueOf(rs.getString(4)).label(), rs.getString(5), toLocal(rs.getTimestamp(6)),
            toLocal(rs.getTimestamp(7)), rs.getString(8)))
        .optional();
  }

  private void requireOpen(int year) {
    PublishedAwards.Round round = awards.round(year)
        .filter(PublishedAwards.Round::publicityOrLater)
        .orElseThrow(() -> new Refused(year + " 年度评优尚未进入公示，异议不予受理"));
    if (!round.acceptsObjectionsOn(LocalDate.now(clock))) {
      throw new Refused(closedMessage(round));
    }
  }

  static String closedMessage(PublishedAwards.Round round) {
    return round.publicityEnd() == null ? "公示期已结束，异议不再受理"
        : "公示期已于 " + day(round.publicityEnd()) + " 结束，异议不再受理";
  }

  private PublishedAwards.Nominee validate(int year, Submission s, String clientRef) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    PublishedAwards.Nominee nominee = null;
    String id = blankToNull(s.nomineeId());
    if (id == null) {
      errors.add("nomineeId", "请选择您要提出异议的公示对象");
    } else {
      try {
        nominee = awards.approvedNominee(year, Long.parseLong(id)).orElse(null);
      } catch (NumberFormatException e) {
        // reported below like any unknown id
      }
      errors.check(nominee != null, "nomineeId", "所选对象不在 " + year + " 年度的公示名单中");
    }
    errors.check(isRealName(s.name()), "name", ANONYMOUS_REFUSED + "（请填写 2–50 字的真实姓名）");
    String phone = s.phone() == null ? "" : normalisePhone(s.phone());
    errors.check(!phone.isEmpty(), "phone", "请留下联系电话，以便核实和答复");
    errors.check(phone.isEmpty() || PHONE.matcher(phone).matches(), "phone", "请填写有效的手机号（11 位）或固定电话（如 0411-12345678）");
    String content = s.content() == null ? "" : s.content().strip();
    errors.check(TextLimits.length(content) >= MIN_CONTENT, "content", "请写明异议的事实和理由，至少 " + MIN_CONTENT + " 字");
    errors.check(TextLimits.fits(content, MAX_CONTENT), "content", TextLimits.tooLong("异议内容", MAX_CONTENT, content));
    errors.check(noControlCharacters(content), "content", "异议内容含有不可见的控制字符");
    if (clientRef != null) {
      errors.check(CLIENT_REF.matcher(clientRef).matches(), "clientRef", "clientRef 须为 1–64 位字母、数字或 . _ : -");
    }
    errors.throwIfAny();
    return nominee;
  }

  /** A real name: 2–50 characters with letters, none of the usual placeholders, no 某. */
  static boolean isRealName(String raw) {
    if (raw == null) {
      return false;
    }
    String name = raw.strip();
    return TextLimits.length(name) >= 2 && TextLimits.fits(name, 50)
        && noControlCharacters(name) && name.codePoints().allMatch(c -> Character.isLetter(c) || c == '·' || c == '•' || c == ' ' || c == '.' || c == '-')
        && !PLACEHOLDER_NAMES.contains(name.toLowerCase(Locale.ROOT)) && !name.contains("某") && !name.contains("匿名");
  }

  private static String normalisePhone(String phone) {
    return phone == null ? "" : phone.strip().replace(" ", "");
  }

  private static boolean noControlCharacters(String text) {
    return text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static LocalDateTime toLocal(java.sql.Timestamp t) {
    return t == null ? null : t.toLocalDateTime();
  }
}
