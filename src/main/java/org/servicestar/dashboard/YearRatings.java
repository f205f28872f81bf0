package org.servicestar.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.servicestar.dashboard.DashboardQueries.MonthFigures;
import org.servicestar.dashboard.DashboardQueries.UnitFigures;
import org.servicestar.dashboard.DashboardQueries.UnitMonth;
import org.servicestar.dashboard.DashboardQueries.WindowMonth;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitTree;
import org.servicestar.unit.UnitType;

/**
 * A year's counting ratings per unit and month, and what the satisfaction page shows of them: a
 * unit's figures include everything under it (the unit tree's {@link UnitTree#upwards}), as in
 * {@code RatingFigures}.
 */
final class YearRatings {

  private final UnitTree units;
  private final List<UnitMonth> rows;
  /** The rows per rated unit: a lead's figures read the rows under the lead's units, not a province's. */
  private final Map<Long, List<UnitMonth>> rowsByUnit;
  /** The overseers' figures, the same for every such request while this object is shared ({@link RatingSnapshots}). */
  private volatile List<MonthFigures> allByMonth;
  private final Map<String, List<UnitFigures>> allByUnit = new ConcurrentHashMap<>();

  private YearRatings(UnitTree units, List<UnitMonth> rows) {
    this.units = units;
    this.rows = rows;
    this.rowsByUnit = rows.stream().collect(Collectors.groupingBy(UnitMonth::unitId));
  }

  static YearRatings of(UnitTree units, List<UnitMonth> rows) {
    return new YearRatings(units, rows);
  }

  /** The units whose figures a row adds to: of the type for overseers, the lead's own units otherwise. */
  private Set<Unit> shownAncestors(UnitMonth row, Scope scope, String unitType) {
    Set<Unit> shown = new LinkedHashSet<>();
    for (Unit node : units.upwards(row.unitId())) {
      if (scope.allUnits() ? node.type().name().equals(unitType) : scope.unitCodes().contains(node.code())) {
        shown.add(node);
      }
    }
    return shown;
  }

  List<MonthFigures> byMonth(Scope scope) {
    if (scope.allUnits()) {
      List<MonthFigures> all = allByMonth;
      if (all == null) {
        all = monthFigures(rows);
        allByMonth = all;
      }
      return all;
    }
    return monthFigures(rowsWithin(scope));
  }

  /** The rows summed per month: every row counts once, whatever it is under. */
  private static List<MonthFigures> monthFigures(List<UnitMonth> of) {
    Map<Integer, long[]> sums = new TreeMap<>();
    for (UnitMonth row : of) {
      add(sums.computeIfAbsent(row.ratingMonth(), m -> new long[4]), row);
    }
    return sums.entrySet().stream()
        .map(e -> new MonthFigures(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
  }

  List<UnitFigures> byUnit(Scope scope, String unitType) {
    if (scope.allUnits()) {
      return allByUnit.computeIfAbsent(String.valueOf(unitType), t -> unitFigures(rows, scope, unitType));
    }
    return unitFigures(rowsWithin(scope), scope, unitType);
  }

  private List<UnitFigures> unitFigures(List<UnitMonth> of, Scope scope, String unitType) {
    Map<Unit, long[]> sums = new TreeMap<>(Comparator.comparing(Unit::code));
    for (UnitMonth row : of) {
      for (Unit node : shownAncestors(row, scope, unitType)) {
        add(sums.computeIfAbsent(node, n -> new long[4]), row);
      }
    }
    return sums.entrySet().stream().map(e -> new UnitFigures(e.getKey().code(), e.getKey().name(),
        e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
  }

  /** The rows of the units at or under the scope's units: the only ones a lead's figures can include. */
  private List<UnitMonth> rowsWithin(Scope scope) {
    Set<Long> ids = new LinkedHashSet<>();
    for (String code : scope.unitCodes()) {
      units.subtree(code).forEach(placed -> ids.add(placed.unit().id()));
    }
    List<UnitMonth> within = new ArrayList<>();
    ids.forEach(id -> within.addAll(rowsByUnit.getOrDefault(id, List.of())));
    return within;
  }

  /** Every window's month, the whole city: the ranking places each window among all. */
  List<WindowMonth> windowMonths() {
    List<WindowMonth> windows = new ArrayList<>();
    for (UnitMonth row : rows) {
      Unit unit = units.unit(row.unitId()).orElse(null);
      if (unit != null && unit.type() == UnitType.WINDOW) {
        Unit parent = unit.parentId() == null ? null : units.unit(unit.parentId()).orElse(null);
        windows.add(new WindowMonth(unit.code(), unit.name(), parent == null ? null : parent.name(), row.ratingMonth(),
            row.ratings(), row.satisfied()));
      }
    }
    return windows;
  }

  /**
   * Every unit of {@code type} per month, with the ratings of everything under it: the peers a unit is
   * ranked among on the start page (for windows, the same rows as {@link #windowMonths()}).
   */
  List<WindowMonth> monthsOfType(UnitType type) {
    Map<List<Object>, long[]> sums = new LinkedHashMap<>();
    Map<List<Object>, Unit> nodes = new LinkedHashMap<>();
    for (UnitMonth row : rows) {
      for (Unit node : units.upwards(row.unitId())) {
        if (node.type() == type) {
          List<Object> key = List.of(node.code(), row.ratingMonth());
          nodes.put(key, node);
          long[] sum = sums.computeIfAbsent(key, k -> new long[2]);
          sum[0] += row.ratings();
          sum[1] += row.satisfied();
        }
      }
    }
    List<WindowMonth> months = new ArrayList<>();
    sums.forEach((key, sum) -> {
      Unit node = nodes.get(key);
      Unit parent = node.parentId() == null ? null : units.unit(node.parentId()).orElse(null);
      months.add(new WindowMonth(node.code(), node.name(), parent == null ? null : parent.name(), (Integer) key.get(1), sum[0], sum[1]));
    });
    return months;
  }

  private static void add(long[] sum, UnitMonth row) {
    sum[0] += row.ratings();
    sum[1] += row.satisfied();
    sum[2] += row.basicallySatisfied();
    sum[3] += row.badReviews();
  }
}
