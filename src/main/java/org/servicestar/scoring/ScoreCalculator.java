package org.servicestar.scoring;

import static org.servicestar.scoring.ScoringRules.*;

import java.math.BigDecimal;
import java.util.ArrayList;
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
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitTree;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoClause;

/**
 * The arithmetic of a year's scores, on facts already loaded: no database, no engine, so every rule
 * can be followed line by line in the explanation it writes. Windows are scored first because a
 * hall's or section's total takes in the mean of its windows' totals. Stars and ranks come later
 * ({@link ScoringService}), once every total is known. All of it is decimal ({@link Points}): each
 * line that carries points is rounded once, and every subtotal and the total are exact sums of such
 * lines, as {@link ScoringMethod} tells people.
 */
final class ScoreCalculator {

  /** A unit's result before stars and rank; a part is null when the year has no record of it. */
  static final class UnitResult {
    final UnitNode unit;
    final Explanation explanation;
    BigDecimal inspection;
    BigDecimal daily;
    BigDecimal supervision;
    BigDecimal deductions;
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
  private record Part(String component, String label, BigDecimal weight, BigDecimal value) {
  }

  private static final BigDecimal TEN = BigDecimal.TEN;
  private static final BigDecimal TWENTY_FIVE = BigDecimal.valueOf(25);

  private final ScoreFacts.Year facts;
  private final ScoringRules.Values rules;
  private final BigDecimal weightInspection;
  private final BigDecimal weightDaily;
  private final BigDecimal weightSupervision;
  private final int year;
  private final Map<String, UnitNode> unitsByCode;
  private final Map<Long, UnitNode> unitsById;
  private final UnitTree tree;
  private final Map<String, long[]> unitRatings = new HashMap<>();
  private final Map<String, long[]> staffRatings = new HashMap<>();

  ScoreCalculator(ScoreFacts.Year facts, ScoringRules.Values rules, BigDecimal weightInspection, BigDecimal weightDaily,
                  BigDecimal weightSupervision) {
    this.facts = facts;
    this.rules = rules;
    this.weightInspection = weightInspection;
    this.weightDaily = weightDaily;
    this.weightSupervision = weightSupervision;
    this.year = facts.year();
    this.unitsByCode = facts.units().stream().collect(Collectors.toMap(UnitNode::code, Function.identity()));
    this.unitsById = facts.units().stream().collect(Collectors.toMap(UnitNode::id, Function.identity()));
    this.tree = UnitTree.of(facts.units().stream().map(u -> new Unit(u.id(), u.code(), u.name(), UnitType.valueOf(u.type()), u.parentId(),
        u.parentId() == null || !unitsById.containsKey(u.parentId()) ? null : unitsById.get(u.parentId()).code(), true, 0)).toList());
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

  /** Mean level 1–5 as 0–100, (mean − 1) × 25: 5 → 100, 4 → 75, 3 → 50, 2 → 25, 1 → 0; rounded once. */
  static BigDecimal satisfaction(long counted, long levelSum) {
    return Points.quotient(Points.of(levelSum - counted).multiply(TWENTY_FIVE), Points.of(counted));
  }

  /** A mean of 1–10 scores on the 0–100 scale (× 10), rounded once. */
  private static BigDecimal tenfold(long total, long scores) {
    return Points.quotient(Points.of(total).multiply(TEN), Points.of(scores));
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
      List<ScoreFacts.InspectionRow> done = inspections.getOrDefault(code, List.of());
      r.inspection = inspection(e, done);
      r.supervision = supervision(e, done);
      r.daily = daily(e, code, rounds.getOrDefault(code, List.of()), peers.get(code), contests.getOrDefault(code, List.of()),
          sentiments.getOrDefault(code, List.of()));
      BigDecimal weightedBase = weighted(e, List.of(
          new Part("INSPECTION", "集中检查", weightInspection, r.inspection),
          new Part("DAILY", "日常评价", weightDaily, r.daily),
          new Part("SUPERVISION", "跟踪督察", weightSupervision, r.supervision)), "集中检查、日常评价、跟踪督察三项");
      BigDecimal base = weightedBase == null ? Points.ZERO : weightedBase;
      e.add("BASE", weightedBase == null ? "三项都没有记录，计 0 分" : "三项加权合计（上面三行得分之和）", base, null, null, null);
      BigDecimal beforeDeductions = "WINDOW".equals(unit.type()) ? base : blend(r, base, participants, results);
      r.deductions = deductions(e, complaints.getOrDefault(code, List.of()), rectifications.getOrDefault(code, List.of()));
      BigDecimal unclamped = beforeDeductions.subtract(r.deductions);
      r.total = Points.clamp(unclamped);
      if (r.total.compareTo(unclamped) != 0) {
        e.add("CLAMP", "总分限定在 0–100 之间", unclamped, null, r.total.subtract(unclamped), null);
      }
      e.add("TOTAL", "年度总分（" + ("WINDOW".equals(unit.type()) ? "三项加权得分" : "合并得分") + "减去扣分）", null, null, r.total, null);
      vetoes(r, vetoes.getOrDefault(code, List.of()));
      results.put(code, r);
      afterEach.run();
    }
    return new ArrayList<>(results.values());
  }

  /** The latest done centralised inspection's score, or null when none was done in the year. */
  private static BigDecimal inspection(Explanation e, List<ScoreFacts.InspectionRow> done) {
    ScoreFacts.InspectionRow latest = null;
    for (ScoreFacts.InspectionRow i : done) {
      if ("CENTRALIZED".equals(i.inspectionType())) {
        latest = i;
      }
    }
    if (latest == null) {
      return null;
    }
    BigDecimal score = Points.round(latest.scorePct());
    e.add("INSPECTION_ITEM", "集中检查 " + latest.number() + "（看听查访评分表得分率）", score, null, null, "/inspections/" + latest.number());
    return score;
  }

  /** The mean of the year's done unannounced inspections, or null when there was none. */
  private static BigDecimal supervision(Explanation e, List<ScoreFacts.InspectionRow> done) {
    List<BigDecimal> scores = new ArrayList<>();
    for (ScoreFacts.InspectionRow i : done) {
      if ("UNANNOUNCED".equals(i.inspectionType())) {
        scores.add(i.scorePct());
        e.add("SUPERVISION_ITEM", "明查暗访 " + i.number(), i.scorePct(), null, null, "/inspections/" + i.number());
      }
    }
    return scores.isEmpty() ? null : Points.mean(scores);
  }

  private String ratingsLink(String unitCode) {
    return "/ratings?unit=" + unitCode + "&from=" + year + "-01-01&to=" + year + "-12-31";
  }

  private BigDecimal daily(Explanation e, String code, List<ScoreFacts.RoundRow> rounds, ScoreSum peer, List<ContestRow> contests,
                           List<ScoreFacts.SentimentRow> sentiments) {
    List<Part> parts = new ArrayList<>();

    long[] rated = unitRatings.getOrDefault(code, new long[3]);
    BigDecimal satisfaction = rated[0] == 0 ? null : satisfaction(rated[0], rated[1]);
    e.add("RATINGS", rated[0] == 0 ? "群众评价：本年度没有计入的评价" + (rated[2] > 0 ? "（" + rated[2] + " 条已排除）" : "")
        : "群众评价：" + rated[0] + " 条计入，等级之和 " + rated[1] + "，满意度 =（等级之和 ÷ 条数 − 1）× 25"
          + (rated[2] > 0 ? "；另有 " + rated[2] + " 条已排除，不计入" : ""), satisfaction, null, null, ratingsLink(code));
    parts.add(new Part("SATISFACTION", "群众满意度", rules.get(DAILY_SATISFACTION), satisfaction));

    BigDecimal leader = null;
    if (!rounds.isEmpty()) {
      long sum = 0;
      for (ScoreFacts.RoundRow round : rounds) {
        sum += round.unitScore();
        e.add("EVALUATION_LEADER", "领导点评 " + round.number() + "：" + round.unitScore() + " 分（满分 10）", Points.of(round.unitScore()),
            null, null, "/evaluations/" + round.number());
      }
      leader = tenfold(sum, rounds.size());
    }
    BigDecimal peers = null;
    if (peer != null) {
      peers = tenfold(peer.total(), peer.scores());
      e.add("EVALUATION_PEER", "党员互评：" + peer.scores() + " 个评分，合计 " + peer.total() + " 分（每个满分 10），折合百分制", peers,
          null, null, "/evaluations/" + peer.latestRound());
    }
    BigDecimal evaluation = leader == null ? peers : peers == null ? leader : Points.mean(List.of(leader, peers));
    parts.add(new Part("EVALUATION", "党员互评与领导点评（各自折合百分制后取平均）", rules.get(DAILY_EVALUATION), evaluation));

    parts.add(new Part("CONTEST", "技能竞赛（各项成绩的平均值）", rules.get(DAILY_CONTEST), contestMean(e, contests)));

    BigDecimal opinion = null;
    if (!sentiments.isEmpty()) {
      opinion = Points.HUNDRED;
      for (ScoreFacts.SentimentRow s : sentiments) {
        BigDecimal penalty = !s.negative() ? BigDecimal.ZERO : rules.get(s.handled() ? OPINION_CLOSED : OPINION_OPEN);
        opinion = opinion.subtract(penalty);
        e.add("OPINION_ITEM", (s.negative() ? "负面舆情 " + s.number() + (s.handled() ? "（已处置）" : "（未处置完毕）") : "正面舆情 " + s.number()),
            penalty.negate(), null, null, "/sentiments/" + s.number());
      }
      opinion = Points.clamp(opinion);
    }
    parts.add(new Part("OPINION", "舆情处置（100 分减去负面舆情扣分，不低于 0）", rules.get(DAILY_OPINION), opinion));

    BigDecimal daily = weighted(e, parts, "日常评价四项");
    if (daily != null) {
      e.add("DAILY_SUM", "日常评价得分（上面四项得分之和）", daily, null, null, null);
    }
    return daily;
  }

  /** Contest results of a unit or a staff member (given points, or the rank turned into points), their mean rounded once. */
  private BigDecimal contestMean(Explanation e, List<ContestRow> contests) {
    if (contests.isEmpty()) {
      return null;
    }
    List<BigDecimal> points = new ArrayList<>();
    for (ContestRow c : contests) {
      BigDecimal p = c.points() != null ? c.points() : rankPoints(c.resultRank());
      points.add(p);
      e.add("CONTEST_ITEM", c.contestName() + (c.staffBadge() == null ? "（单位）" : "（" + c.staffBadge() + "）")
          + (c.resultRank() == null ? "" : "：第 " + c.resultRank() + " 名") + (c.points() == null ? "，按名次折算" : "，成绩 " + Points.text(p)),
          p, null, null, "/contests/" + c.contestId());
    }
    return Points.mean(points);
  }

  private BigDecimal rankPoints(int rank) {
    return rules.get(switch (rank) {
      case 1 -> CONTEST_RANK1;
      case 2 -> CONTEST_RANK2;
      case 3 -> CONTEST_RANK3;
      default -> CONTEST_OTHER;
    });
  }

  /**
   * The weighted sum of the parts the year has records of, one line each: a part's points are
   * {@code value × weight ÷ the weights of the parts present}, so a missing part's weight is shared out
   * over the others in proportion and a unit is neither punished nor rewarded for what nobody measured.
   * Null when no part has a record.
   */
  private static BigDecimal weighted(Explanation e, List<Part> parts, String what) {
    List<BigDecimal> present = parts.stream().filter(p -> p.value() != null).map(Part::weight).toList();
    BigDecimal presentWeights = Points.sum(present);
    BigDecimal allWeights = Points.sum(parts.stream().map(Part::weight).toList());
    if (present.isEmpty()) {
      e.add("NO_DATA", what + "本年度都没有记录", null, null, null, null);
      return null;
    }
    boolean shared = presentWeights.compareTo(allWeights) != 0;
    BigDecimal sum = Points.ZERO;
    for (Part p : parts) {
      if (p.value() == null) {
        e.add(p.component(), p.label() + "：本年度没有记录，不计入，权重 " + Points.text(p.weight()) + " 按比例分给有记录的各项",
            null, p.weight(), null, null);
        continue;
      }
      BigDecimal points = presentWeights.signum() == 0 ? Points.ZERO : Points.share(p.value(), p.weight(), presentWeights);
      sum = sum.add(points);
      e.add(p.component(), p.label() + (shared ? "（得分 × 权重 ÷ 有记录各项权重之和 " + Points.text(presentWeights) + "）" : "（得分 × 权重 ÷ 100）"),
          p.value(), p.weight(), points, null);
    }
    return sum;
  }

  /** A hall's, section's or department's own score and the mean total of the participating windows under it. */
  private BigDecimal blend(UnitResult r, BigDecimal base, Set<String> participants, Map<String, UnitResult> scored) {
    List<BigDecimal> totals = new ArrayList<>();
    for (UnitTree.Placed below : tree.subtree(r.unit.code())) {
      Unit u = below.unit();
      UnitResult window = u.type() == UnitType.WINDOW && participants.contains(u.code()) ? scored.get(u.code()) : null;
      if (window != null) {
        totals.add(window.total);
      }
    }
    if (totals.isEmpty()) {
      r.explanation.add("BLEND_OWN", "没有参赛的下属窗口：只看自身得分", base, Points.HUNDRED, base, null);
      return base;
    }
    BigDecimal own = rules.get(BLEND_OWN_SHARE);
    BigDecimal mean = Points.mean(totals);
    BigDecimal ownPoints = Points.share(base, own, Points.HUNDRED);
    BigDecimal windowPoints = Points.share(mean, Points.HUNDRED.subtract(own), Points.HUNDRED);
    r.explanation.add("BLEND_OWN", "自身得分（三项加权合计 × 自身比例 ÷ 100）", base, own, ownPoints, null);
    r.explanation.add("BLEND_WINDOWS", "下属 " + totals.size() + " 个参赛窗口年度总分的平均值（合计 " + Points.text(Points.sum(totals))
        + " ÷ " + totals.size() + "）× 其余比例 ÷ 100", mean, Points.HUNDRED.subtract(own), windowPoints,
        "/scores/" + year + "?type=WINDOW&under=" + r.unit.code());
    return ownPoints.add(windowPoints);
  }

  /** The deductions' lines (negative points) and their sum. */
  private BigDecimal deductions(Explanation e, List<ScoreFacts.ComplaintRow> complaints, List<ScoreFacts.RectificationRow> rectifications) {
    BigDecimal total = Points.ZERO;
    for (ScoreFacts.ComplaintRow c : complaints) {
      Rule rule = "HIGH".equals(c.severity()) ? DEDUCT_COMPLAINT_HIGH : "MEDIUM".equals(c.severity()) ? DEDUCT_COMPLAINT_MEDIUM : DEDUCT_COMPLAINT_LOW;
      BigDecimal points = rules.get(rule);
      total = total.add(points);
      e.add("DEDUCT_COMPLAINT", "查实投诉 " + c.number() + "：" + rule.label(), BigDecimal.ONE, points, points.negate(), "/complaints/" + c.number());
    }
    for (ScoreFacts.RectificationRow z : rectifications) {
      if (z.returnCount() > 0) {
        BigDecimal points = rules.get(DEDUCT_RETURNED).multiply(Points.of(z.returnCount()));
        total = total.add(points);
        e.add("DEDUCT_RETURNED", "整改 " + z.number() + " 验收不到位被退回 " + z.returnCount() + " 次", Points.of(z.returnCount()),
            rules.get(DEDUCT_RETURNED), points.negate(), "/rectifications/" + z.number());
      }
      if (z.overdueUnjustified()) {
        BigDecimal points = rules.get(DEDUCT_OVERDUE);
        total = total.add(points);
        e.add("DEDUCT_OVERDUE", "整改 " + z.number() + " 逾期，且未裁定为有正当理由", BigDecimal.ONE, points, points.negate(),
            "/rectifications/" + z.number());
      }
    }
    e.add("DEDUCTIONS", "扣分合计（上面各扣分行之和）", total.negate(), null, null, null);
    return Points.round(total);
  }

  private void vetoes(UnitResult r, List<ScoreFacts.VetoRow> vetoes) {
    Set<Integer> clauses = new TreeSet<>();
    for (ScoreFacts.VetoRow v : vetoes) {
      String title = VetoClause.of(v.clause()).map(VetoClause::title).orElse("");
      if (v.confirmed()) {
        clauses.add(v.clause());
        r.explanation.add("VETO", "一票否决（已确认）第 " + v.clause() + " 条 " + title + "：取消本年度一切评优资格，不评星、不排名",
            null, null, null, "/vetoes?unit=" + r.unit.code());
      } else {
        r.pendingVetoes++;
        r.explanation.add("VETO_PENDING", "否决记录待领导小组裁定：第 " + v.clause() + " 条 " + title, null, null, null,
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
      BigDecimal satisfaction = rated[0] == 0 ? null : satisfaction(rated[0], rated[1]);
      e.add("RATINGS", rated[0] == 0 ? "点名评价：本年度没有" : "点名评价：" + rated[0] + " 条，等级之和 " + rated[1]
          + (rated[2] > 0 ? "；另有 " + rated[2] + " 条已排除" : ""), satisfaction, null, null, ratingsLink(s.unitCode()));
      parts.add(new Part("STAFF_RATINGS", "群众评价（满意度 =（平均等级 − 1）× 25）", rules.get(STAFF_RATINGS), satisfaction));
      parts.add(new Part("STAFF_PEER", "党员互评", rules.get(STAFF_PEER), scoreSum(e, peers.get(s.badgeNo()), "党员互评")));
      parts.add(new Part("STAFF_LEADER", "领导点评", rules.get(STAFF_LEADER), scoreSum(e, leaders.get(s.badgeNo()), "领导点评")));
      parts.add(new Part("STAFF_CONTEST", "技能竞赛", rules.get(STAFF_CONTEST), contestMean(e, contests.getOrDefault(s.badgeNo(), List.of()))));
      BigDecimal total = weighted(e, parts, "四项");
      r.total = total == null ? Points.ZERO : total;
      r.unitVetoed = unitVetoed.getOrDefault(s.unitCode(), false);
      e.add("TOTAL", total == null ? "工作人员年度得分：没有任何记录，计 0 分" : "工作人员年度得分（上面各项得分之和）", null, null, r.total, null);
      if (r.unitVetoed) {
        e.add("VETO", "所在单位已被一票否决", null, null, null, "/vetoes?unit=" + s.unitCode());
      }
      results.add(r);
    }
    return results;
  }

  private static BigDecimal scoreSum(Explanation e, ScoreSum sum, String what) {
    if (sum == null) {
      return null;
    }
    BigDecimal score = tenfold(sum.total(), sum.scores());
    e.add("EVALUATION_ITEM", what + "：" + sum.scores() + " 个评分，合计 " + sum.total() + " 分（每个满分 10），折合百分制",
        score, null, null, "/evaluations/" + sum.latestRound());
    return score;
  }
}
