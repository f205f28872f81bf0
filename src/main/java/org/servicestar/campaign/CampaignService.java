package org.servicestar.campaign;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Campaigns: one per year, with its phase dates, score weights, award quotas and participants. */
@Service
public class CampaignService {

  /** The award categories of DESIGN.md (AwardApproval). */
  public static final List<String> AWARD_CATEGORIES = List.of("HALL", "SECTION", "WINDOW", "STAFF", "COLLECTIVE", "MODEL");

  public record CampaignDraft(int year, String name,
                              LocalDate mobilisationStart, LocalDate mobilisationEnd,
                              LocalDate competitionStart, LocalDate competitionEnd,
                              LocalDate assessmentStart, LocalDate assessmentEnd,
                              int publicityDays, BigDecimal weightInspection, BigDecimal weightDaily,
                              BigDecimal weightSupervision, Map<String, Integer> quotas, List<String> unitCodes) {
  }

  private final JdbcClient jdbc;
  private final UnitService units;
  private final CampaignPlans plans;
  private final AuditTrail audit;
  private final Clock clock;

  CampaignService(JdbcClient jdbc, UnitService units, CampaignPlans plans, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.units = units;
    this.plans = plans;
    this.audit = audit;
  }

  /** The participants as the office types them: unit codes separated by spaces, commas or semicolons; empty = all. */
  static List<String> unitCodesOf(String text) {
    return text == null ? List.of() : java.util.Arrays.stream(text.split("[\\s,，、;；]+")).map(String::trim)
        .filter(c -> !c.isEmpty()).distinct().toList();
  }

  public List<Campaign> all() {
    return jdbc.sql("select * from campaign order by campaign_year desc").query(Campaign.class).list();
  }

  public Optional<Campaign> ofYear(int year) {
    return jdbc.sql("select * from campaign where campaign_year = ?").param(year).query(Campaign.class).optional();
  }

  public Map<String, Integer> quotasOf(long campaignId) {
    Map<String, Integer> quotas = new LinkedHashMap<>();
    jdbc.sql("select category, quota from campaign_quota where campaign_id = ?").param(campaignId)
        .query((rs, n) -> quotas.put(rs.getString(1), rs.getInt(2))).list();
    return quotas;
  }

  /**
   * The units taking part. Once the campaign runs, the list fixed at its start (one plan row each);
   * before, every active hall, section and window (departments organise, they do not compete), or
   * the chosen ones.
   */
  public List<String> participantsOf(Campaign campaign) {
    List<String> registered = plans.participants(campaign.campaignYear());
    if (!registered.isEmpty()) {
      return registered;
    }
    if (campaign.allUnits()) {
      return units.active().stream().filter(u -> u.type() != UnitType.DEPARTMENT).map(Unit::code).toList();
    }
    return jdbc.sql("select u.code from campaign_unit cu join unit u on u.id = cu.unit_id where cu.campaign_id = ? order by u.code")
        .param(campaign.id()).query(String.class).list();
  }

  @Transactional
  public Campaign create(CampaignDraft d) {
    InvalidInputException.Collector errors = validate(d);
    if (errors.isEmpty() && ofYear(d.year()).isPresent()) {
      errors.add("year", d.year() + " 年的竞赛活动已经存在，每年只能有一个");
    }
    List<Unit> chosen = d.unitCodes() == null ? List.of() : d.unitCodes().stream().map(c -> {
      Optional<Unit> u = units.byCode(c);
      if (u.isEmpty()) {
        errors.add("unitCodes", "没有编码为 " + c + " 的单位");
      }
      return u.orElse(null);
    }).toList();
    errors.throwIfAny();
    KeyHolder keys = new GeneratedKeyHolder();
    try {
      jdbc.sql("""
              insert into campaign (campaign_year, code, name, mobilisation_start, mobilisation_end, competition_start,
                competition_end, assessment_start, assessment_end, publicity_days, weight_inspection, weight_daily,
                weight_supervision, all_units, status, created_at, created_by)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', ?, ?)""")
          .params(d.year(), Campaign.codeOf(d.year()), d.name().strip(), d.mobilisationStart(), d.mobilisationEnd(),
              d.competitionStart(), d.competitionEnd(), d.assessmentStart(), d.assessmentEnd(), d.publicityDays(),
              d.weightInspection(), d.weightDaily(), d.weightSupervision(), chosen.isEmpty(),
              LocalDateTime.now(clock), AuditTrail.currentActor())
          .update(keys, "id");
    } catch (DuplicateKeyException e) {
      throw InvalidInputException.of("year", d.year() + " 年的竞赛活动已经存在，每年只能有一个");
    }
    long id = keys.getKey().longValue();
    for (Unit unit : chosen) {
      jdbc.sql("insert into campaign_unit (campaign_id, unit_id) values (?, ?)").params(id, unit.id()).update();
    }
    for (String category : AWARD_CATEGORIES) {
      jdbc.sql("insert into campaign_quota (campaign_id, category, quota) values (?, ?, ?)")
          .params(id, category, d.quotas() == null ? 0 : d.quotas().getOrDefault(category, 0)).update();
    }
    audit.record("CAMPAIGN_CREATED", Campaign.codeOf(d.year()), d.name());
    return ofYear(d.year()).orElseThrow();
  }

  /** Ties the year's campaign to its running process; false when another process already runs it. */
  boolean link(int year, String processInstanceId) {
    return jdbc.sql("update campaign set process_instance_id = ? where campaign_year = ? and (process_instance_id is null or process_instance_id = ?)")
        .params(processInstanceId, year, processInstanceId).update() == 1;
  }

  void markSuspended(int year, boolean suspended) {
    jdbc.sql("update campaign set suspended = ? where campaign_year = ?").params(suspended, year).update();
    audit.record(suspended ? "CAMPAIGN_SUSPENDED" : "CAMPAIGN_RESUMED", Campaign.codeOf(year), suspended ? "暂停活动" : "恢复活动");
  }

  private static InvalidInputException.Collector validate(CampaignDraft d) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    errors.check(d.year() >= 2000 && d.year() <= 2100, "year", "年份须在 2000–2100 之间");
    errors.check(d.name() != null && !d.name().isBlank(), "name", "请填写活动名称（最长 200 字）");
    errors.check(TextLimits.fits(d.name(), 200), "name", TextLimits.tooLong("活动名称", 200, d.name()));
    LocalDate[] dates = {d.mobilisationStart(), d.mobilisationEnd(), d.competitionStart(), d.competitionEnd(),
        d.assessmentStart(), d.assessmentEnd()};
    String[] fields = {"mobilisationStart", "mobilisationEnd", "competitionStart", "competitionEnd", "assessmentStart", "assessmentEnd"};
    boolean allDates = true;
    for (int i = 0; i < dates.length; i++) {
      if (dates[i] == null) {
        errors.add(fields[i], "请填写日期");
        allDates = false;
      }
    }
    if (allDates) {
      for (int i = 1; i < dates.length; i++) {
        errors.check(!dates[i].isBefore(dates[i - 1]), fields[i], "各阶段日期须依次排列：动员部署 → 全面争创 → 考核评比");
      }
    }
    errors.check(d.publicityDays() >= 1 && d.publicityDays() <= 30, "publicityDays", "公示期须为 1–30 个工作日");
    BigDecimal[] weights = {d.weightInspection(), d.weightDaily(), d.weightSupervision()};
    boolean weightsGiven = true;
    for (BigDecimal w : weights) {
      if (w == null || w.signum() < 0) {
        weightsGiven = false;
      }
    }
    if (!weightsGiven) {
      errors.add("weights", "请填写非负的分数权重");
    } else {
      errors.check(weights[0].add(weights[1]).add(weights[2]).compareTo(BigDecimal.valueOf(100)) == 0,
          "weights", "集中检查、日常评价、跟踪督察的权重之和须为 100");
    }
    if (d.quotas() != null) {
      d.quotas().forEach((category, quota) -> {
        errors.check(AWARD_CATEGORIES.contains(category), "quotas", "未知的评优类别 " + category);
        errors.check(quota != null && quota >= 0, "quotas", "名额不能为负数");
      });
    }
    return errors;
  }
}
