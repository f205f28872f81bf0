package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.servicestar.scoring.ScoreCalculator.StaffResult;
import org.servicestar.scoring.ScoreCalculator.UnitResult;
import org.servicestar.scoring.ScoreFacts.ContestRow;
import org.servicestar.scoring.ScoreFacts.InspectionRow;
import org.servicestar.scoring.ScoreFacts.RatingAgg;
import org.servicestar.scoring.ScoreFacts.ScoreSum;
import org.servicestar.scoring.ScoreFacts.StaffRow;
import org.servicestar.scoring.ScoreFacts.UnitNode;

/**
 * The arithmetic on its own: the two exact-half cases that binary floating point got wrong, and a
 * property test over random years — every subtotal and total is the exact sum of the lines the
 * explanation shows, and every weighted line is its value × weight ÷ the weights present, 四舍五入 to
 * two decimals, recomputed here with BigDecimal of the test's own.
 */
class ScoreArithmeticTest {

  private static final int YEAR = 2025;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** A year's facts built by hand: a unit tree and the inspections, ratings and other records of it. */
  private static final class Facts {
    final List<UnitNode> units = new ArrayList<>();
    final List<RatingAgg> ratings = new ArrayList<>();
    final List<InspectionRow> inspections = new ArrayList<>();
    final List<ScoreFacts.RoundRow> rounds = new ArrayList<>();
    final List<ScoreSum> unitPeers = new ArrayList<>();
    final List<ScoreSum> staffPeers = new ArrayList<>();
    final List<ScoreSum> staffLeaders = new ArrayList<>();
    final List<ContestRow> contests = new ArrayList<>();
    final List<ScoreFacts.SentimentRow> sentiments = new ArrayList<>();
    final List<ScoreFacts.ComplaintRow> complaints = new ArrayList<>();
    final List<ScoreFacts.RectificationRow> rectifications = new ArrayList<>();
    final List<ScoreFacts.VetoRow> vetoes = new ArrayList<>();
    final List<StaffRow> staff = new ArrayList<>();
    int numbers;

    long unit(String code, String type, Long parent) {
      long id = units.size() + 1;
      units.add(new UnitNode(id, code, code, type, parent));
      return id;
    }

    void inspection(String unit, String type, String pct) {
      inspections.add(new InspectionRow("JC-" + ++numbers, unit, type, new BigDecimal(pct), LocalDateTime.of(YEAR, 11, 1, 9, 0)));
    }

    ScoreFacts.Year year() {
      return new ScoreFacts.Year(YEAR, units, ratings, inspections, rounds, unitPeers, staffPeers, staffLeaders, contests,
          sentiments, complaints, rectifications, vetoes, staff);
    }
  }

  private static ScoringRules.Values defaults(Map<String, BigDecimal> changed) {
    Map<String, BigDecimal> values = new HashMap<>();
    ScoringRules.ALL.forEach(r -> values.put(r.key(), r.defaultValue()));
    values.putAll(changed);
    return new ScoringRules.Values(values);
  }

  private static List<UnitResult> score(Facts facts, List<String> participants) {
    return new ScoreCalculator(facts.year(), defaults(Map.of()), BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20))
        .units(participants, () -> { });
  }

  private static Explanation.Line line(UnitResult r, String component) {
    return r.explanation.lines.stream().filter(l -> l.component().equals(component)).findFirst().orElseThrow();
  }

  /**
   * The tax-hall: own score 94.60 and five windows 92.01, 92.10, 91.92, 82.43, 91.79 (mean
   * 450.25 ÷ 5 = 90.05): 94.60 × 50% = 47.30 and 90.05 × 50% = 45.025, which 四舍五入 makes 45.03; total
   * 92.33 (binary floating point made it 92.32, and its line 45.02).
   */
  @Test
  void taxHallExactHalfRoundsUp() {
    Facts facts = new Facts();
    long hall = facts.unit("tax-hall", "HALL", null);
    facts.inspection("tax-hall", "CENTRALIZED", "94.60");
    List<String> codes = new ArrayList<>(List.of("tax-hall"));
    String[] windows = {"92.01", "92.10", "91.92", "82.43", "91.79"};
    for (int i = 0; i < windows.length; i++) {
      String code = "tax-w" + i;
      facts.unit(code, "WINDOW", hall);
      facts.inspection(code, "CENTRALIZED", windows[i]);
      codes.add(code);
    }
    UnitResult result = score(facts, codes).stream().filter(r -> r.unit.code().equals("tax-hall")).findFirst().orElseThrow();

    assertThat(line(result, "BLEND_OWN").points()).isEqualByComparingTo("47.30");
    assertThat(line(result, "BLEND_WINDOWS").rawValue()).isEqualByComparingTo("90.05");
    assertThat(line(result, "BLEND_WINDOWS").points()).isEqualTo(new BigDecimal("45.03"));
    assertThat(result.total).isEqualTo(new BigDecimal("92.33"));
    assertThat(line(result, "TOTAL").points()).isEqualTo(new BigDecimal("92.33"));
  }

  /** The hrss-insurance: 47.30 + 0.5 × 92.13 = 47.30 + 46.065 → 46.07; total 93.37, and its lines say so. */
  @Test
  void hrssInsuranceExactHalfRoundsUpInTheLineAndTheTotal() {
    Facts facts = new Facts();
    long hall = facts.unit("hrss-insurance", "SECTION", null);
    facts.inspection("hrss-insurance", "CENTRALIZED", "94.60");
    facts.unit("hrss-w1", "WINDOW", hall);
    facts.inspection("hrss-w1", "CENTRALIZED", "92.13");
    UnitResult result = score(facts, List.of("hrss-insurance", "hrss-w1")).get(1);

    assertThat(result.unit.code()).isEqualTo("hrss-insurance");
    assertThat(line(result, "BLEND_OWN").points()).isEqualTo(new BigDecimal("47.30"));
    assertThat(line(result, "BLEND_WINDOWS").points()).isEqualTo(new BigDecimal("46.07"));
    assertThat(result.total).isEqualTo(new BigDecimal("93.37"));
  }

  /** A missing part is left out; the weight of the parts present is the whole, so 89 measured beats nothing measured. */
  @Test
  void aUnitIsNeverBetterOffWithoutRecords() {
    Facts facts = new Facts();
    facts.unit("w-inspected", "WINDOW", null);
    facts.unit("w-not", "WINDOW", null);
    facts.inspection("w-inspected", "CENTRALIZED", "92");
    facts.inspection("w-inspected", "UNANNOUNCED", "89");
    facts.inspection("w-not", "CENTRALIZED", "92");
    facts.ratings.add(new RatingAgg(1, null, 4, 18, 0));   // 4.5 → 87.5
    facts.ratings.add(new RatingAgg(2, null, 4, 18, 0));
    List<UnitResult> results = score(facts, List.of("w-inspected", "w-not"));

    // inspected: 92×40/100 = 36.80 + 87.5×40/100 = 35.00 + 89×20/100 = 17.80 = 89.60
    assertThat(results.get(0).total).isEqualTo(new BigDecimal("89.60"));
    // not spot-checked: 92×40/80 = 46.00 + 87.5×40/80 = 43.75 = 89.75 — the mean of what was measured, no default 90
    assertThat(results.get(1).total).isEqualTo(new BigDecimal("89.75"));
    assertThat(results.get(1).supervision).isNull();
    assertThat(line(results.get(1), "SUPERVISION").label()).contains("没有记录", "按比例");
    // a unit without public-opinion records has no opinion part (it was 100 by default)
    assertThat(line(results.get(1), "OPINION").points()).isNull();
  }

  @Test
  void aUnitWithNoRecordAtAllScoresZeroAndSaysWhy() {
    Facts facts = new Facts();
    facts.unit("w-empty", "WINDOW", null);
    UnitResult result = score(facts, List.of("w-empty")).get(0);
    assertThat(result.total).isEqualByComparingTo("0");
    assertThat(line(result, "BASE").label()).contains("都没有记录");
  }

  @Test
  void linesAddUpToEveryTotalOnRandomYears() {
    for (long seed = 1; seed <= 300; seed++) {
      Random random = new Random(seed);
      Facts facts = randomYear(random);
      Map<String, BigDecimal> changed = new HashMap<>();
      if (random.nextBoolean()) {
        changed.put("blend.ownShare", BigDecimal.valueOf(random.nextInt(101)));
      }
      BigDecimal wi = BigDecimal.valueOf(random.nextInt(61));
      BigDecimal wd = BigDecimal.valueOf(random.nextInt(101 - wi.intValue()));
      BigDecimal ws = HUNDRED.subtract(wi).subtract(wd);
      ScoreCalculator calculator = new ScoreCalculator(facts.year(), defaults(changed), wi, wd, ws);
      List<String> participants = facts.units.stream().map(UnitNode::code).toList();
      List<UnitResult> units = calculator.units(participants, () -> { });
      assertThat(units).hasSize(participants.size());
      for (UnitResult u : units) {
        String where = "seed " + seed + ", unit " + u.unit.code() + ": " + u.explanation.lines;
        checkUnit(u, where);
      }
      Map<String, Boolean> vetoed = units.stream().collect(Collectors.toMap(u -> u.unit.code(), u -> u.vetoed));
      for (StaffResult s : calculator.staff(Set.copyOf(participants), vetoed)) {
        String where = "seed " + seed + ", staff " + s.staff.badgeNo() + ": " + s.explanation.lines;
        List<Explanation.Line> parts = s.explanation.lines.stream().filter(l -> l.component().startsWith("STAFF_")).toList();
        assertThat(sumOfPoints(parts)).as(where).isEqualByComparingTo(s.total);
        checkWeightedLines(parts, where);
        assertThat(s.total.scale()).as(where).isLessThanOrEqualTo(2);
      }
    }
  }

  private static void checkUnit(UnitResult u, String where) {
    List<Explanation.Line> lines = u.explanation.lines;
    List<Explanation.Line> daily = of(lines, c -> Set.of("SATISFACTION", "EVALUATION", "CONTEST", "OPINION").contains(c));
    List<Explanation.Line> top = of(lines, c -> Set.of("INSPECTION", "DAILY", "SUPERVISION").contains(c));
    List<Explanation.Line> deductions = of(lines, c -> c.startsWith("DEDUCT_") || c.equals("CLAMP"));
    if (u.daily != null) {
      assertThat(sumOfPoints(daily)).as(where).isEqualByComparingTo(u.daily);
      assertThat(only(lines, "DAILY_SUM").rawValue()).as(where).isEqualByComparingTo(u.daily);
      checkWeightedLines(daily, where);
    }
    BigDecimal base = only(lines, "BASE").rawValue();
    assertThat(sumOfPoints(top)).as(where).isEqualByComparingTo(base);
    checkWeightedLines(top, where);
    List<Explanation.Line> toTotal = new ArrayList<>(deductions);
    if ("WINDOW".equals(u.unit.type())) {
      toTotal.addAll(top);
    } else {
      toTotal.addAll(of(lines, c -> c.startsWith("BLEND_")));
      assertThat(only(lines, "BLEND_OWN").rawValue()).as(where).isEqualByComparingTo(base);
    }
    BigDecimal total = only(lines, "TOTAL").points();
    assertThat(sumOfPoints(toTotal)).as(where).isEqualByComparingTo(total);
    assertThat(total).as(where).isEqualTo(u.total).isBetween(BigDecimal.ZERO, HUNDRED);
    for (Explanation.Line l : lines) {
      if (l.points() != null) {
        assertThat(l.points().scale()).as(where + " " + l).isLessThanOrEqualTo(2);
      }
    }
  }

  /** Each weighted line recomputed here: value × weight ÷ the weights of the lines that have a value, half up. */
  private static void checkWeightedLines(List<Explanation.Line> parts, String where) {
    BigDecimal present = parts.stream().filter(l -> l.points() != null).map(Explanation.Line::weight)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal min = null;
    BigDecimal max = null;
    for (Explanation.Line l : parts) {
      if (l.points() == null) {
        assertThat(l.rawValue()).as(where).isNull();
        continue;
      }
      BigDecimal expected = present.signum() == 0 ? BigDecimal.ZERO
          : l.rawValue().multiply(l.weight()).divide(present, 2, RoundingMode.HALF_UP);
      assertThat(l.points()).as(where + " " + l).isEqualByComparingTo(expected);
      min = min == null || l.rawValue().compareTo(min) < 0 ? l.rawValue() : min;
      max = max == null || l.rawValue().compareTo(max) > 0 ? l.rawValue() : max;
    }
    // A weighted mean of what was measured: never above the best measured part (nor below the worst),
    // give or take the half hundredth each line's rounding may add.
    if (min != null && present.signum() > 0) {
      BigDecimal slack = new BigDecimal("0.005").multiply(BigDecimal.valueOf(parts.size()));
      BigDecimal sum = sumOfPoints(parts);
      assertThat(sum).as(where).isBetween(min.subtract(slack), max.add(slack));
    }
  }

  private static List<Explanation.Line> of(List<Explanation.Line> lines, Predicate<String> component) {
    return lines.stream().filter(l -> component.test(l.component())).toList();
  }

  private static Explanation.Line only(List<Explanation.Line> lines, String component) {
    List<Explanation.Line> found = of(lines, component::equals);
    assertThat(found).as(component + " in " + lines).hasSize(1);
    return found.get(0);
  }

  private static BigDecimal sumOfPoints(List<Explanation.Line> lines) {
    return lines.stream().map(Explanation.Line::points).filter(p -> p != null).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal pct(Random random) {
    return BigDecimal.valueOf(random.nextInt(10_001), 2);
  }

  /** A department, 1–3 halls with 0–2 sections each, 0–4 windows under each hall or section; each record present or not. */
  private static Facts randomYear(Random random) {
    Facts f = new Facts();
    long dept = f.unit("d", "DEPARTMENT", null);
    List<Long> parents = new ArrayList<>();
    for (int h = 0, halls = 1 + random.nextInt(3); h < halls; h++) {
      long hall = f.unit("h" + h, "HALL", dept);
      parents.add(hall);
      for (int s = 0, sections = random.nextInt(3); s < sections; s++) {
        parents.add(f.unit("h" + h + "s" + s, "SECTION", hall));
      }
    }
    for (long parent : parents) {
      for (int w = 0, windows = random.nextInt(5); w < windows; w++) {
        f.unit("p" + parent + "w" + w, "WINDOW", parent);
      }
    }
    for (UnitNode u : List.copyOf(f.units)) {
      String code = u.code();
      if (random.nextInt(4) > 0) {
        f.inspection(code, "CENTRALIZED", pct(random).toPlainString());
      }
      for (int i = random.nextInt(4); i > 0; i--) {
        f.inspection(code, "UNANNOUNCED", pct(random).toPlainString());
      }
      if (random.nextBoolean()) {
        long counted = 1 + random.nextInt(500);
        long levelSum = counted + (long) (random.nextDouble() * 4 * counted);
        f.ratings.add(new RatingAgg(u.id(), null, counted, levelSum, random.nextInt(3)));
      }
      for (int i = random.nextInt(3); i > 0; i--) {
        f.rounds.add(new ScoreFacts.RoundRow("PY-" + ++f.numbers, code, 1 + random.nextInt(10)));
      }
      if (random.nextBoolean()) {
        long scores = 1 + random.nextInt(30);
        f.unitPeers.add(new ScoreSum(code, "PY-1", scores + random.nextInt((int) scores * 9 + 1), scores));
      }
      for (int i = random.nextInt(3); i > 0; i--) {
        boolean byRank = random.nextBoolean();
        f.contests.add(new ContestRow(++f.numbers, "比武", code, null, byRank ? 1 + random.nextInt(6) : null,
            byRank ? null : pct(random)));
      }
      for (int i = random.nextInt(4); i > 0; i--) {
        f.sentiments.add(new ScoreFacts.SentimentRow("YQ-" + ++f.numbers, code, random.nextBoolean() ? "CLOSED" : "RESPONDING",
            "LOW", random.nextInt(4) > 0));
      }
      for (int i = random.nextInt(3); i > 0; i--) {
        f.complaints.add(new ScoreFacts.ComplaintRow("TS-" + ++f.numbers, code, List.of("LOW", "MEDIUM", "HIGH").get(random.nextInt(3))));
      }
      for (int i = random.nextInt(3); i > 0; i--) {
        f.rectifications.add(new ScoreFacts.RectificationRow("ZG-" + ++f.numbers, code, random.nextInt(3), random.nextBoolean()));
      }
      if (random.nextInt(8) == 0) {
        f.vetoes.add(new ScoreFacts.VetoRow(++f.numbers, code, 1 + random.nextInt(6), random.nextBoolean() ? "CONFIRMED" : "PENDING"));
      }
      for (int i = random.nextInt(3); i > 0; i--) {
        String badge = code + "-s" + i;
        f.staff.add(new StaffRow(badge, badge, code));
        if (random.nextBoolean()) {
          long counted = 1 + random.nextInt(50);
          f.ratings.add(new RatingAgg(u.id(), badge, counted, counted + (long) (random.nextDouble() * 4 * counted), 0));
        }
        if (random.nextBoolean()) {
          f.staffPeers.add(new ScoreSum(badge, "PY-1", 3 + random.nextInt(28), 3));
        }
        if (random.nextBoolean()) {
          f.staffLeaders.add(new ScoreSum(badge, "PY-1", 1 + random.nextInt(10), 1));
        }
        if (random.nextBoolean()) {
          f.contests.add(new ContestRow(++f.numbers, "练兵", code, badge, 1 + random.nextInt(5), null));
        }
      }
    }
    return f;
  }
}
