package org.servicestar.scoring;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignService;
import org.servicestar.web.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The scoring's configurable numbers, with their keys, Chinese labels and defaults. A campaign keeps
 * only the values its office changed ({@code scoring_rule}); everything else is the default, so a new
 * default reaches every campaign that never touched that rule. The top-level weights (集中检查 / 日常评价 /
 * 跟踪督察) live on the campaign row, not here.
 */
@Service
public class ScoringRules {

  /** Rules are shown and validated in groups; a group with {@code sumsTo100} must add up to 100. */
  public enum Group {
    DAILY("日常评价内部权重", true),
    OPINION("舆情处置", false),
    DEDUCTION("扣分表（每项扣分）", false),
    BLEND("大厅、科室与所属窗口", false),
    STAFF("工作人员得分权重", true),
    CONTEST("竞赛名次折算分", false);

    private final String label;
    private final boolean sumsTo100;

    Group(String label, boolean sumsTo100) {
      this.label = label;
      this.sumsTo100 = sumsTo100;
    }

    public String label() {
      return label;
    }

    public boolean sumsTo100() {
      return sumsTo100;
    }
  }

  /** One rule: its key (stable, stored), label, group, default and allowed range (0–100 for all). */
  public record Rule(String key, String label, Group group, BigDecimal defaultValue) {
  }

  private static final List<Rule> RULES = new ArrayList<>();

  private static Rule rule(String key, String label, Group group, int defaultValue) {
    Rule rule = new Rule(key, label, group, BigDecimal.valueOf(defaultValue));
    RULES.add(rule);
    return rule;
  }

  public static final Rule DAILY_SATISFACTION = rule("daily.satisfaction", "群众满意度（好差评）", Group.DAILY, 50);
  public static final Rule DAILY_EVALUATION = rule("daily.evaluation", "党员互评与领导点评", Group.DAILY, 20);
  public static final Rule DAILY_CONTEST = rule("daily.contest", "技能竞赛（三比）", Group.DAILY, 10);
  public static final Rule DAILY_OPINION = rule("daily.opinion", "舆情处置", Group.DAILY, 20);

  public static final Rule OPINION_OPEN = rule("opinion.open", "每件未处置完毕的负面舆情扣", Group.OPINION, 10);
  public static final Rule OPINION_CLOSED = rule("opinion.closed", "每件已处置的负面舆情扣", Group.OPINION, 3);

  public static final Rule DEDUCT_COMPLAINT_LOW = rule("deduct.complaint.low", "查实投诉（一般）", Group.DEDUCTION, 1);
  public static final Rule DEDUCT_COMPLAINT_MEDIUM = rule("deduct.complaint.medium", "查实投诉（较重）", Group.DEDUCTION, 2);
  public static final Rule DEDUCT_COMPLAINT_HIGH = rule("deduct.complaint.high", "查实投诉（严重）", Group.DEDUCTION, 5);
  public static final Rule DEDUCT_RETURNED = rule("deduct.rectification.returned", "整改验收不到位被退回（每次）", Group.DEDUCTION, 1);
  public static final Rule DEDUCT_OVERDUE = rule("deduct.rectification.overdue", "整改逾期且未裁定有正当理由（每件）", Group.DEDUCTION, 3);

  public static final Rule BLEND_OWN_SHARE = rule("blend.ownShare",
      "大厅、科室自身得分所占比例（%），其余为所属窗口总分的平均值", Group.BLEND, 50);

  public static final Rule STAFF_RATINGS = rule("staff.ratings", "群众评价（点名评价）", Group.STAFF, 40);
  public static final Rule STAFF_PEER = rule("staff.peer", "党员互评", Group.STAFF, 20);
  public static final Rule STAFF_LEADER = rule("staff.leader", "领导点评", Group.STAFF, 20);
  public static final Rule STAFF_CONTEST = rule("staff.contest", "技能竞赛", Group.STAFF, 20);

  public static final Rule CONTEST_RANK1 = rule("contest.rank1", "第一名", Group.CONTEST, 100);
  public static final Rule CONTEST_RANK2 = rule("contest.rank2", "第二名", Group.CONTEST, 90);
  public static final Rule CONTEST_RANK3 = rule("contest.rank3", "第三名", Group.CONTEST, 80);
  public static final Rule CONTEST_OTHER = rule("contest.other", "其他名次（参赛）", Group.CONTEST, 60);

  public static final List<Rule> ALL = List.copyOf(RULES);

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** The values in force for one campaign. */
  public record Values(Map<String, BigDecimal> byKey) {
    public BigDecimal get(Rule rule) {
      return byKey.get(rule.key());
    }
  }

  /** A rule as the page shows it: its value in force and who changed it last (null when the default). */
  public record Row(Rule rule, BigDecimal value, String changedBy, LocalDateTime changedAt) {
    public boolean changed() {
      return changedBy != null;
    }
  }

  private record Stored(String ruleKey, BigDecimal ruleValue, String changedBy, LocalDateTime changedAt) {
  }

  private final JdbcClient jdbc;
  private final CampaignService campaigns;
  private final AuditTrail audit;
  private final Clock clock;

  ScoringRules(JdbcClient jdbc, CampaignService campaigns, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.campaigns = campaigns;
    this.audit = audit;
  }

  public static Optional<Rule> byKey(String key) {
    return ALL.stream().filter(r -> r.key().equals(key)).findFirst();
  }

  public Values of(int year) {
    Map<String, BigDecimal> values = new HashMap<>();
    ALL.forEach(r -> values.put(r.key(), r.defaultValue()));
    stored(year).forEach(s -> {
      if (values.containsKey(s.ruleKey())) {
        values.put(s.ruleKey(), s.ruleValue());
      }
    });
    return new Values(Map.copyOf(values));
  }

  public List<Row> rows(int year) {
    Map<String, Stored> stored = new HashMap<>();
    stored(year).forEach(s -> stored.put(s.ruleKey(), s));
    return ALL.stream().map(r -> {
      Stored s = stored.get(r.key());
      return s == null ? new Row(r, r.defaultValue(), null, null) : new Row(r, s.ruleValue(), s.changedBy(), s.changedAt());
    }).toList();
  }

  private List<Stored> stored(int year) {
    return jdbc.sql("select rule_key, rule_value, changed_by, changed_at from scoring_rule where campaign_year = ?")
        .param(year).query(Stored.class).list();
  }

  /**
   * Sets every rule of the form at once (key → typed text); checks all of them first, so a bad value
   * stores nothing. A value equal to the default removes the campaign's own row.
   */
  @Transactional
  public void update(int year, Map<String, String> input, String actor) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Optional<Campaign> campaign = campaigns.ofYear(year);
    errors.check(campaign.isPresent(), "year", "没有 " + year + " 年的竞赛活动");
    Map<Rule, BigDecimal> parsed = new LinkedHashMap<>();
    Values current = of(year);
    for (Rule rule : ALL) {
      String text = input.get(rule.key());
      if (text == null) {
        parsed.put(rule, current.get(rule));
        continue;
      }
      try {
        BigDecimal value = new BigDecimal(text.strip());
        if (value.signum() < 0 || value.compareTo(HUNDRED) > 0 || value.scale() > 2) {
          errors.add(rule.key(), rule.label() + "：须为 0–100 之间的数，最多两位小数");
        } else {
          parsed.put(rule, value);
        }
      } catch (NumberFormatException e) {
        errors.add(rule.key(), rule.label() + "：请填写数字");
      }
    }
    input.keySet().stream().filter(k -> byKey(k).isEmpty())
        .forEach(k -> errors.add(k, "未知的评分规则 " + k));
    if (errors.isEmpty()) {
      for (Group group : Group.values()) {
        if (group.sumsTo100()) {
          BigDecimal sum = parsed.entrySet().stream().filter(e -> e.getKey().group() == group)
              .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
          errors.check(sum.compareTo(HUNDRED) == 0, group.name().toLowerCase(),
              group.label() + "之和须为 100（现为 " + sum.stripTrailingZeros().toPlainString() + "）");
        }
      }
    }
    errors.throwIfAny();

    StringJoiner changes = new StringJoiner("；");
    LocalDateTime now = LocalDateTime.now(clock);
    parsed.forEach((rule, value) -> {
      if (value.compareTo(current.get(rule)) == 0) {
        return;
      }
      changes.add(rule.key() + "（" + rule.label() + "）" + plain(current.get(rule)) + " → " + plain(value));
      jdbc.sql("delete from scoring_rule where campaign_year = ? and rule_key = ?").params(year, rule.key()).update();
      if (value.compareTo(rule.defaultValue()) != 0) {
        jdbc.sql("insert into scoring_rule (campaign_year, rule_key, rule_value, changed_by, changed_at) values (?, ?, ?, ?, ?)")
            .params(year, rule.key(), value, actor, now).update();
      }
    });
    if (changes.length() > 0) {
      audit.record("SCORING_RULES_CHANGED", Campaign.codeOf(year), changes.toString());
    }
  }

  static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
