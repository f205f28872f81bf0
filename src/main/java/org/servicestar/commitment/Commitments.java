package org.servicestar.commitment;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The units' public commitments (三亮·亮承诺). A unit publishes all seven texts at once for a campaign
 * year; publishing again replaces them, and the audit trail keeps each replaced text. What is "in
 * force" for a unit is its latest campaign year with commitments.
 */
@Service
public class Commitments {

  /** Most characters of one text (the column holds more, so a later change of mind needs no migration). */
  public static final int MAX_TEXT = 2000;

  private final JdbcClient jdbc;
  private final UnitService units;
  private final CampaignService campaigns;
  private final AuditTrail audit;
  private final Clock clock;

  Commitments(JdbcClient jdbc, UnitService units, CampaignService campaigns, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.units = units;
    this.campaigns = campaigns;
    this.audit = audit;
  }

  /** Publishes as the logged-in user (or "system" inside engine work without one). */
  @Transactional
  public void publish(int campaignYear, String unitCode, Map<CommitmentKind, String> texts) {
    publish(campaignYear, unitCode, texts, AuditTrail.currentActor());
  }

  /**
   * Publishes the unit's seven texts for the year, replacing any earlier ones. Bad input (a text
   * missing, too long, with control characters; an unknown unit; a year without campaign or a unit
   * not taking part) throws {@link InvalidInputException} naming every field, and nothing is stored.
   */
  @Transactional
  public void publish(int campaignYear, String unitCode, Map<CommitmentKind, String> texts, String publishedBy) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String code = unitCode == null ? "" : unitCode.strip();
    Optional<Campaign> campaign = campaigns.ofYear(campaignYear);
    if (campaign.isEmpty()) {
      errors.add("campaignYear", "没有 " + campaignYear + " 年的竞赛活动");
    }
    Optional<Unit> unit = code.isEmpty() ? Optional.empty() : units.byCode(code);
    if (unit.isEmpty()) {
      errors.add("unitCode", code.isEmpty() ? "缺少单位编码" : "没有编码为 " + code + " 的单位");
    } else if (!unit.get().active()) {
      errors.add("unitCode", "单位 " + code + " 已停用");
    } else if (campaign.isPresent() && !campaigns.participantsOf(campaign.get()).contains(code)) {
      errors.add("unitCode", "单位 " + code + " 没有参加 " + campaignYear + " 年的竞赛活动");
    }
    Map<CommitmentKind, String> checked = checkTexts(texts, errors);
    errors.throwIfAny();

    Map<CommitmentKind, String> before = new EnumMap<>(CommitmentKind.class);
    ofUnit(campaignYear, code).forEach(c -> before.put(c.kind(), c.text()));
    LocalDateTime now = LocalDateTime.now(clock);
    String subject = subject(campaignYear, code);
    boolean changed = false;
    for (Map.Entry<CommitmentKind, String> e : checked.entrySet()) {
      CommitmentKind kind = e.getKey();
      int updated = jdbc.sql("""
              update commitment set text = ?, published_at = ?, published_by = ?
               where campaign_year = ? and unit_code = ? and kind = ?""")
          .params(e.getValue(), now, publishedBy, campaignYear, code, kind.name()).update();
      if (updated == 0) {
        jdbc.sql("insert into commitment (campaign_year, unit_code, kind, text, published_at, published_by) values (?, ?, ?, ?, ?, ?)")
            .params(campaignYear, code, kind.name(), e.getValue(), now, publishedBy).update();
      }
      String old = before.get(kind);
      if (!e.getValue().equals(old)) {
        changed = true;
        audit.record("COMMITMENT_PUBLISHED", subject,
            kind.label() + (old == null ? "：首次公开" : "：替换了原承诺：" + old));
      }
    }
    if (!changed) {
      audit.record("COMMITMENT_PUBLISHED", subject, "重新公开，内容未改动");
    }
  }

  /**
   * The seven texts trimmed ({@code \r\n} made {@code \n}), each required, at most {@link #MAX_TEXT}
   * characters, without control characters other than line breaks and tabs (a textarea's own). The
   * errors are keyed by the task variable names, so Tasklist's message names the form field.
   */
  static Map<CommitmentKind, String> checkTexts(Map<CommitmentKind, String> texts, InvalidInputException.Collector errors) {
    Map<CommitmentKind, String> checked = new EnumMap<>(CommitmentKind.class);
    for (CommitmentKind kind : CommitmentKind.values()) {
      String raw = texts == null ? null : texts.get(kind);
      String text = raw == null ? "" : raw.replace("\r\n", "\n").replace('\r', '\n').strip();
      String field = kind.variable();
      if (text.isEmpty()) {
        errors.add(field, "请填写“" + kind.label() + "”");
      } else if (!TextLimits.fits(text, MAX_TEXT)) {
        errors.add(field, TextLimits.tooLong("“" + kind.label() + "”", MAX_TEXT, text));
      } else if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
        errors.add(field, "“" + kind.label() + "”不能包含控制字符");
      } else {
        checked.put(kind, text);
      }
    }
    return checked;
  }

  /** Throws on bad texts; for callers that check before they have a unit and a year. */
  public static Map<CommitmentKind, String> checkTexts(Map<CommitmentKind, String> texts) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Map<CommitmentKind, String> checked = checkTexts(texts, errors);
    errors.throwIfAny();
    return checked;
  }

  /** The unit's texts of one year, in the kinds' order (empty when it published none). */
  public List<Commitment> ofUnit(int campaignYear, String unitCode) {
    return sorted(jdbc.sql("select * from commitment where campaign_year = ? and unit_code = ?")
        .params(campaignYear, unitCode).query(Commitment.class).list());
  }

  /** Every unit's texts of one year, by unit code, each in the kinds' order. */
  public Map<String, List<Commitment>> ofYear(int campaignYear) {
    Map<String, List<Commitment>> byUnit = new LinkedHashMap<>();
    jdbc.sql("select * from commitment where campaign_year = ? order by unit_code").param(campaignYear)
        .query(Commitment.class).list()
        .forEach(c -> byUnit.computeIfAbsent(c.unitCode(), k -> new ArrayList<>()).add(c));
    byUnit.replaceAll((code, list) -> sorted(list));
    return byUnit;
  }

  /** The years in which any unit published commitments, latest first. */
  public List<Integer> years() {
    return jdbc.sql("select distinct campaign_year from commitment order by campaign_year desc").query(Integer.class).list();
  }

  /** What the unit has in force: its texts of the latest year in which it published any. */
  public List<Commitment> inForce(String unitCode) {
    return jdbc.sql("select campaign_year from commitment where unit_code = ? order by campaign_year desc fetch first 1 rows only")
        .param(unitCode).query(Integer.class).optional()
        .map(year -> ofUnit(year, unitCode))
        .orElse(List.of());
  }

  static String subject(int campaignYear, String unitCode) {
    return "commitment:" + campaignYear + ":" + unitCode;
  }

  private static List<Commitment> sorted(List<Commitment> list) {
    return list.stream().sorted(Comparator.comparing(Commitment::kind)).toList();
  }
}
