package org.servicestar.scoring;

import static org.servicestar.scoring.ScoringRules.*;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.servicestar.scoring.ScoreFacts.ContestRow;
import org.servicestar.scoring.ScoreFacts.RatingAgg;
import org.servicestar.scoring.ScoreFacts.ScoreSum;
import org.servicestar.scoring.ScoreFacts.StaffRow;
import org.servicestar.scoring.ScoreFacts.UnitNode;
import org.servicestar.veto.VetoClause;

/**
 * The arithmetic of a year's scores, on facts already loaded: no database, no engine, so every rule
 * can be followed line by line in the explanation it writes. Windows are scored first because a
 * hall's or section's total takes in the mean of its windows' totals. Stars and ranks come later
 * ({@link ScoringService}), once every total is known.
 */
final class ScoreCalculator {

  /** A unit's result before stars and rank. */
  static final class UnitResult {
    final UnitNode unit;
    final Explanation explanation;
    Double inspection;
    Double daily;
    Double supervision;
    double deductions;
    BigDecimal total;
    boolean vetoed;
    String vetoClauses;
    int pendingVetoes;
    int stars;
    Integer rank;

    UnitResult(UnitNode unit) {
      this.unit = unit;
      this.explanation = new Explanation(unit.code());
    }
  }

  static final class StaffResult {
    final StaffRow staff;
    final Explanation explanation;
    BigDecimal total;
    boolean unitVetoed;
    Integer rank;

    StaffResult(StaffRow staff) {
      this.staff = staff;
      this.explanation = new Explanation(ScoreBoard.staffSubject(staff.badgeNo()));
    }
  }

  /** One weighted part of a score; {@code value} null when the year has no record of it. */
  private record Part(String component, String label, Rule rule, Double value) {
  }

  private final ScoreFacts.Year facts;
  private final ScoringRules.Values rules;
  private final double weightInspection;
  private final double weightDaily;
  private final double weightSupervision;
  private final int year;
  private final Map<String, UnitNode> unitsByCode;
  private final Map<Long, UnitNode> unitsById;
  private final Map<Long, List<UnitNode>> children;
  private final Map<String, long[]> unitRatings = new HashMap<>();
  private final Map<String, long[]> staffRatings = new HashMap<>();

  ScoreCalculator(ScoreFacts.Year facts, ScoringRules.Values rules, double weightInspection, double weightDaily,
                  double weightSupervision) {
    this.facts = facts;
    this.rules = rules;
    this.weightInspection = weightInspection;
    this.weightDaily = weightDaily;
    this.weightSupervision = weightSupervision;
    this.year = facts.year();
    this.unitsByCode = facts.units().stream().collect(Collectors.toMap(UnitNode::code, Function.identity()));
    this.unitsById = facts.units().stream().collect(Collectors.toMap(UnitNode::id, Function.identity()));
    this.children = facts.units().stream().filter(u -> u.parentId() != null).collect(Collectors.groupingBy(UnitNode::parentId));
    for (RatingAgg r : facts.ratings()) {
      UnitNode unit = unitsById.get(r.unitId());
      if (unit != null) {
        add(unitRatings, unit.code(), r);
      }
      if (r.staffBadge() != null) {
        add(staffRatings, r.staffBadge(), r);
      }
    }
  }

  private static void add(Map<String, long[]> sums, String key, RatingAgg r) {
    long[] s = sums.computeIfAbsent(key, k -> new long[3]);
    s[0] += r.counted();
    s[1] += r.levelSum();
    s[2] += r.excluded();
  }

  /** Mean level 1–5 as 0–100: 5 → 100, 4 → 75, 3 → 50, 2 → 25, 1 → 0. */
  static double satisfaction(long counted, long levelSum) {
    return ((double) levelSum / counted - 1) * 25;
  }

  private static <T> Map<String, List<T>> byKey(List<T> rows, Function<T, String> key) {
    return rows.stream().filter(r -> key.apply(r) != null).collect(Collectors.groupingBy(key));
  }

  /** Scores the participating units (codes unknown to the tree are skipped), windows first. */
  List<UnitResult> units(List<String> participantCodes, Runnable afterEach) {
    Map<String, List<ScoreFacts.InspectionRow>> inspections = byKey(facts.inspections(), ScoreFacts.InspectionRow::unitCode);
    Map<String, List<ScoreFacts.RoundRow>> rounds = byKey(facts.rounds(), ScoreFacts.RoundRow::unitCode);
    Map<String, ScoreSum> peers = facts.unitPeers().stream().collect(Collectors.toMap(ScoreSum::subject, Function.identity()));
    Map<String, List<ContestRow>> contests = byKey(facts.contests(), ContestRow::unitCode);
    Map<String, List<ScoreFacts.SentimentRow>> sentiments = byKey(facts.sentiments(), ScoreFacts.SentimentRow::unitCode);
    Map<String, List<ScoreFacts.ComplaintRow>> complaints = byKey(facts.complaints(), ScoreFacts.ComplaintRow::unitCode);
    Map<String, List<ScoreFacts.RectificationRow>> rectifications = byKey(facts.rectifications(), ScoreFacts.RectificationRow::unitCode);
    Map<String, List<ScoreFacts.VetoRow>> vetoes = byKey(facts.vetoes(), ScoreFacts.VetoRow::unitCode);

    Set<String> participants = new java.util.LinkedHashSet<>(participantCodes);
    List<UnitNode> ordered = new ArrayList<>();
    participants.stream().map(unitsByCode::get).filter(u -> u != null && "WINDOW".equals(u.type())).forEach(ordered::add);
    participants.stream().map(unitsByCode::get).filter(u -> u != null && !"WINDOW".equals(u.type())).forEach(ordered::add);

    Map<String, UnitResult> results = new java.util.LinkedHashMap<>();
    for (UnitNode unit : ordered) {
      String code = unit.code();
      UnitResult r = new UnitResult(unit);
      Explanation e = r.explanation;
      double base = inspection(r, inspections.getOrDefault(code, List.of()))
          + supervision(r, inspections.getOrDefault(code, List.of()))
          + daily(r, rounds.getOrDefault(code, List.of()), peers.get(code), contests.getOrDefault(code, List.of()),
              sentiments.getOrDefault(code, List.of()));
      e.add("BASE", "三项加权合计", null, null, base, null);
      double beforeDeductions = "WINDOW".equals(unit.type()) ? base : blend(r, base, participants, results);
      deductions(r, complaints.getOrDefault(code, List.of()), rectifications.getOrDefault(code, List.of()));
      double total = Math.max(0, Math.min(100, beforeDeductions - r.deductions));
      r.total = Explanation.score(total);
      e.add("TOTAL", "年度总分（减去扣分，限定在 0–100 之间）", beforeDeductions - r.deductions, null, r.total.doubleValue(), null);
      vetoes(r, vetoes.getOrDefault(code, List.of()));
      results.put(code, r);
      afterEach.run();
    }
    return new ArrayList<>(results.values());
  }

  private double inspection(UnitResult r, List<ScoreFacts.InspectionRow> done) {
    ScoreFacts.InspectionRow latest = null;
    for (ScoreFacts.InspectionRow i : done) {
      if ("CENTRALIZED".equals(i.inspectionType())) {
        latest = i;
      }
    }
    if (latest == null) {
      r.inspection = rules.of(INSPECTION_MISSING);
      r.explanation.add("INSPECTION", "集中检查：本年度没有完成的集中检查，按规则 " + INSPECTION_MISSING.key() + " 计 "
          + Explanation.text(r.inspection) + " 分", r.inspection, weightInspection, r.inspection * weightInspection / 100, null);
    } else {
      r.inspection = latest.scorePct().doubleValue();
      r.explanation.add("INSPECTION", "集中检查 " + latest.number() + "（看听查访评分表得分率）", r.inspection, weightInspection,
          r.inspection * weightInspection / 100, "/inspections/" + latest.number());
    }
    return r.inspection * weightInspection / 100;
  }

  private double supervision(UnitResult r, List<ScoreFacts.InspectionRow> done) {
    double sum = 0;
    int n = 0;
    for (ScoreFacts.InspectionRow i : done) {
      if ("UNANNOUNCED".equals(i.inspectionType())) {
        sum += i.scorePct().doubleValue();
        n++;
        r.explanation.add("SUPERVISION_ITEM", "明查暗访 " + i.number(), i.scorePct().doubleValue(), null, null,
            "/inspections/" + i.number());
      }
    }
    if (n == 0) {
      r.supervision = rules.of(SUPERVISION_NONE);
      r.explanation.add("SUPERVISION", "跟踪督察：全年没有明查暗访，按规则 " + SUPERVISION_NONE.key() + " 计 "
          + Explanation.text(r.supervision) + " 分", r.supervision, weightSupervision, r.supervision * weightSupervision / 100, null);
    } else {
      r.supervision = sum / n;
      r.explanation.add("SUPERVISION", "跟踪督察：" + n + " 次明查暗访得分率的平均值", r.supervision, weightSupervision,
          r.supervision * weightSupervision / 100, null);
    }
    return r.supervision * weightSupervision / 100;
  }

  private String ratingsLink(String unitCode) {
    return "/ratings?unit=" + unitCode + "&from=" + year + "-01-01&to=" + year + "-12-31";
  }

  private double daily(UnitResult r, List<ScoreFacts.RoundRow> rounds, ScoreSum peer, List<ContestRow> contests,
                       List<ScoreFacts.SentimentRow> sentiments) {
    Explanation e = r.explanation;
    String code = r.unit.code();
    List<Part> parts = new ArrayList<>();

    long[] rated = unitRatings.getOrDefault(code, new long[3]);
    Double satisfaction = rated[0] == 0 ? null : satisfaction(rated[0], rated[1]);
    e.add("RATINGS", rated[0] == 0 ? "群众评价：本年度没有计入的评价" + (rated[2] > 0 ? "（" + rated[2] + " 条已排除）" : "")
        : "群众评价：" + rated[0] + " 条计入，平均 " + Explanation.text((double) rated[1] / rated[0]) + " 级，满意度 =（平均等级 − 1）× 25"
          + (rated[2] > 0 ? "；另有 " + rated[2] + " 条已排除，不计入" : ""), satisfaction, null, null, ratingsLink(code));
    parts.add(new Part("SATISFACTION", "群众满意度", DAILY_SATISFACTION, satisfaction));

    Double leader = null;
    if (!rounds.isEmpty()) {
      double sum = 0;
      for (ScoreFacts.RoundRow round : rounds) {
        sum += round.unitScore();
        e.add("EVALUATION_LEADER", "领导点评 " + round.number() + "：" + round.unitScore() + " 分（满分 10）", (double) round.unitScore(),
            null, null, "/evaluations/" + round.number());
      }
      leader = sum / rounds.size() * 10;
    }
    Double peers = null;
    if (peer != null) {
      peers = peer.mean() * 10;
      e.add("EVALUATION_PEER", "党员互评：" + peer.scores() + " 个评分，平均 " + Explanation.text(peer.mean()) + " 分（满分 10）",
          peer.mean(), null, null, "/evaluations/" + peer.latestRound());
    }
    Double evaluation = peers;
    if (leader != null) {
      evaluation = peers == null ? leader : Double.valueOf((leader + peers) / 2);
    }
    parts.add(new Part("EVALUATION", "党员互评与领导点评（各自折合百分制后取平均）", DAILY_EVALUATION, evaluation));

    parts.add(new Part("CONTEST", "技能竞赛（各项成绩的平均值）", DAILY_CONTEST, contestMean(e, contests)));

    double opinion = 100;
    for (ScoreFacts.SentimentRow s : sentiments) {
      double penalty = rules.of(s.handled() ? OPINION_CLOSED : OPINION_OPEN);
      opinion -= penalty;
      e.add("OPINION_ITEM", "负面舆情 " + s.number() + (s.handled() ? "（已处置）" : "（未处置完毕）"), -penalty, null, null,
          "/sentiments/" + s.number());
    }
    parts.add(new Part("OPINION", "舆情处置（100 分减去负面舆情扣分，不低于 0）", DAILY_OPINION, Math.max(0, opinion)));

    r.daily = weighted(e, parts, "日常评价");
    e.add("DAILY", "日常评价得分", r.daily, weightDaily, r.daily * weightDaily / 100, null);
    return r.daily * weightDaily / 100;
  }

  /** Contest results of a unit or a staff member: given points, or the rank turned into points. */
  private Double contestMean(Explanation e, List<ContestRow> contests) {
    if (contests.isEmpty()) {
      return null;
    }
    double sum = 0;
    for (ContestRow c : contests) {
      double points = c.points() != null ? c.points().doubleValue() : rankPoints(c.resultRank());
      sum += points;
      e.add("CONTEST_ITEM", c.contestName() + (c.staffBadge() == null ? "（单位）" : "（" + c.staffBadge() + "）")
          + (c.resultRank() == null ? "" : "：第 " + c.resultRank() + " 名") + (c.points() == null ? "，按名次折算" : "，成绩 " + Explanation.text(points)),
          points, null, null, "/contests/" + c.contestId());
    }
    return sum / contests.size();
  }

  private double rankPoints(int rank) {
    return rules.of(switch (rank) {
      case 1 -> CONTEST_RANK1;
      case 2 -> CONTEST_RANK2;
      case 3 -> CONTEST_RANK3;
      default -> CONTEST_OTHER;
    });
  }

  /**
   * The weighted mean of the parts the year has records of: a missing part's weight is shared out
   * over the others in proportion, so a unit is neither punished nor rewarded for what nobody measured.
   */
  private double weighted(Explanation e, List<Part> parts, String what) {
    double present = parts.stream().filter(p -> p.value() != null).mapToDouble(p -> rules.of(p.rule())).sum();
    double score = 0;
    for (Part p : parts) {
      double configured = rules.of(p.rule());
      if (p.value() == null) {
        e.add(p.component(), p.label() + "：本年度没有记录，权重 " + Explanation.text(configured) + " 按比例分给其他各项", null, 0.0, null, null);
        continue;
      }
      double weight = present == 0 ? 0 : configured / present * 100;
      score += p.value() * weight / 100;
      e.add(p.component(), p.label() + (weight == configured ? "" : "（权重由 " + Explanation.text(configured) + " 按比例折算）"),
          p.value(), weight, p.value() * weight / 100, null);
    }
    if (present == 0) {
      e.add("NO_DATA", what + "：没有任何可计分的记录，计 0 分", null, null, 0.0, null);
    }
    return score;
  }

  /** A hall's, section's or department's own score and the mean total of the participating windows under it. */
  private double blend(UnitResult r, double base, Set<String> participants, Map<String, UnitResult> scored) {
    double sum = 0;
    int n = 0;
    Deque<UnitNode> todo = new ArrayDeque<>(children.getOrDefault(r.unit.id(), List.of()));
    while (!todo.isEmpty()) {
      UnitNode u = todo.pop();
      todo.addAll(children.getOrDefault(u.id(), List.of()));
      UnitResult window = "WINDOW".equals(u.type()) && participants.contains(u.code()) ? scored.get(u.code()) : null;
      if (window != null) {
        sum += window.total.doubleValue();
        n++;
      }
    }
    if (n == 0) {
      r.explanation.add("BLEND_OWN", "没有参赛的下属窗口：只看自身得分", base, 100.0, base, null);
      return base;
    }
    double own = rules.of(BLEND_OWN_SHARE);
    double mean = sum / n;
    r.explanation.add("BLEND_OWN", "自身得分", base, own, base * own / 100, null);
    r.explanation.add("BLEND_WINDOWS", "下属 " + n + " 个参赛窗口总分的平均值", mean, 100 - own, mean * (100 - own) / 100,
        "/scores/" + year + "?type=WINDOW&under=" + r.unit.code());
    return base * own / 100 + mean * (100 - own) / 100;
  }

  private void deductions(UnitResult r, List<ScoreFacts.ComplaintRow> complaints, List<ScoreFacts.RectificationRow> rectifications) {
    Explanation e = r.explanation;
    double total = 0;
    for (ScoreFacts.ComplaintRow c : complaints) {
      Rule rule = "HIGH".equals(c.severity()) ? DEDUCT_COMPLAINT_HIGH : "MEDIUM".equals(c.severity()) ? DEDUCT_COMPLAINT_MEDIUM : DEDUCT_COMPLAINT_LOW;
      double points = rules.of(rule);
      total += points;
      e.add("DEDUCT_COMPLAINT", "查实投诉 " + c.number() + "：" + rule.label(), 1.0, points, -points, "/complaints/" + c.number());
    }
    for (ScoreFacts.RectificationRow z : rectifications) {
      if (z.returnCount() > 0) {
        double points = rules.of(DEDUCT_RETURNED) * z.returnCount();
        total += points;
        e.add("DEDUCT_RETURNED", "整改 " + z.number() + " 验收不到位被退回 " + z.returnCount() + " 次", (double) z.returnCount(),
            rules.of(DEDUCT_RETURNED), -points, "/rectifications/" + z.number());
      }
      if (z.overdueUnjustified()) {
        double points = rules.of(DEDUCT_OVERDUE);
        total += points;
        e.add("DEDUCT_OVERDUE", "整改 " + z.number() + " 逾期，且未裁定为有正当理由", 1.0, points, -points, "/rectifications/" + z.number());
      }
    }
    r.deductions = total;
    e.add("DEDUCTIONS", "扣分合计", null, null, -total, null);
  }

  private void vetoes(UnitResult r, List<ScoreFacts.VetoRow> vetoes) {
    Set<Integer> clauses = new TreeSet<>();
    for (ScoreFacts.VetoRow v : vetoes) {
      String title = VetoClause.of(v.clause()).map(VetoClause::title).orElse("");
      if (v.confirmed()) {
        clauses.add(v.clause());
        r.explanation.add("VETO", "一票否决（已确认）第 " + v.clause() + " 条 " + title + "：取消本年度一切评优资格，不评星、不排名",
            (double) v.clause(), null, null, "/vetoes?unit=" + r.unit.code());
      } else {
        r.pendingVetoes++;
        r.explanation.add("VETO_PENDING", "否决记录待领导小组裁定：第 " + v.clause() + " 条 " + title, (double) v.clause(), null, null,
            "/vetoes?unit=" + r.unit.code());
      }
    }
    r.vetoed = !clauses.isEmpty();
    r.vetoClauses = r.vetoed ? clauses.stream().map(String::valueOf).collect(Collectors.joining(",")) : null;
  }

  /** Staff of the participating units: ratings naming them, peer and leader scores, contests. */
  List<StaffResult> staff(Set<String> unitCodes, Map<String, Boolean> unitVetoed) {
    Map<String, ScoreSum> peers = facts.staffPeers().stream().collect(Collectors.toMap(ScoreSum::subject, Function.identity()));
    Map<String, ScoreSum> leaders = facts.staffLeaders().stream().collect(Collectors.toMap(ScoreSum::subject, Function.identity()));
    Map<String, List<ContestRow>> contests = byKey(facts.contests(), ContestRow::staffBadge);
    List<StaffResult> results = new ArrayList<>();
    for (StaffRow s : facts.staff()) {
      if (!unitCodes.contains(s.unitCode())) {
        continue;
      }
      StaffResult r = new StaffResult(s);
      Explanation e = r.explanation;
      List<Part> parts = new ArrayList<>();
      long[] rated = staffRatings.getOrDefault(s.badgeNo(), new long[3]);
      Double satisfaction = rated[0] == 0 ? null : satisfaction(rated[0], rated[1]);
      e.add("RATINGS", rated[0] == 0 ? "点名评价：本年度没有" : "点名评价：" + rated[0] + " 条，平均 "
          + Explanation.text((double) rated[1] / rated[0]) + " 级" + (rated[2] > 0 ? "；另有 " + rated[2] + " 条已排除" : ""),
          satisfaction, null, null, ratingsLink(s.unitCode()));
      parts.add(new Part("STAFF_RATINGS", "群众评价（满意度 =（平均等级 − 1）× 25）", STAFF_RATINGS, satisfaction));
      parts.add(new Part("STAFF_PEER", "党员互评", STAFF_PEER, scoreSum(e, peers.get(s.badgeNo()), "党员互评")));
      parts.add(new Part("STAFF_LEADER", "领导点评", STAFF_LEADER, scoreSum(e, leaders.get(s.badgeNo()), "领导点评")));
      parts.add(new Part("STAFF_CONTEST", "技能竞赛", STAFF_CONTEST, contestMean(e, contests.getOrDefault(s.badgeNo(), List.of()))));
      double total = Math.max(0, Math.min(100, weighted(e, parts, "工作人员得分")));
      r.total = Explanation.score(total);
      r.unitVetoed = unitVetoed.getOrDefault(s.unitCode(), false);
      e.add("TOTAL", "工作人员年度得分", null, null, r.total.doubleValue(), null);
      if (r.unitVetoed) {
        e.add("VETO", "所在单位已被一票否决", null, null, null, "/vetoes?unit=" + s.unitCode());
      }
      results.add(r);
    }
    return results;
  }

  private static Double scoreSum(Explanation e, ScoreSum sum, String what) {
    if (sum == null) {
      return null;
    }
    e.add("EVALUATION_ITEM", what + "：" + sum.scores() + " 个评分，平均 " + Explanation.text(sum.mean()) + " 分（满分 10，折合百分制 × 10）",
        sum.mean(), null, null, "/evaluations/" + sum.latestRound());
    return sum.mean() * 10;
  }
}
