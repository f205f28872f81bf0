package org.servicestar.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.servicestar.dashboard.DashboardQueries.MonthFigures;
import org.servicestar.dashboard.DashboardQueries.UnitFigures;
import org.servicestar.dashboard.DashboardQueries.UnitMonth;
import org.servicestar.dashboard.DashboardQueries.UnitNode;
import org.servicestar.dashboard.DashboardQueries.WindowMonth;

/**
 * A year's counting ratings per unit and month, and what the satisfaction page shows of them: a
 * unit's figures include everything under it, as in {@code RatingFigures}.
 */
final class YearRatings {

  private final Map<Long, UnitNode> units;
  private final List<UnitMonth> rows;

  private YearRatings(Map<Long, UnitNode> units, List<UnitMonth> rows) {
    this.units = units;
    this.rows = rows;
  }

  static YearRatings of(List<UnitNode> units, List<UnitMonth> rows) {
    return new YearRatings(units.stream().collect(Collectors.toMap(UnitNode::id, Function.identity())), rows);
  }

  /** The unit and its ancestors, nearest first. */
  private List<UnitNode> upwards(long unitId) {
    List<UnitNode> chain = new ArrayList<>();
    UnitNode node = units.get(unitId);
    while (node != null && chain.size() <= units.size()) {
      chain.add(node);
      node = node.parentId() == null ? null : units.get(node.parentId());
    }
    return chain;
  }

  /** The units whose figures a row adds to: of the type for overseers, the lead's own units otherwise. */
  private Set<UnitNode> shownAncestors(UnitMonth row, Scope scope, String unitType) {
    Set<UnitNode> shown = new LinkedHashSet<>();
    for (UnitNode node : upwards(row.unitId())) {
      if (scope.allUnits() ? node.type().equals(unitType) : scope.unitCodes().contains(node.code())) {
        shown.add(node);
      }
    }
    return shown;
  }

  List<MonthFigures> byMonth(Scope scope) {
    Map<Integer, long[]> sums = new TreeMap<>();
    for (UnitMonth row : rows) {
      if (scope.allUnits() || !shownAncestors(row, scope, null).isEmpty()) {
        add(sums.computeIfAbsent(row.ratingMonth(), m -> new long[4]), row);
      }
    }
    return sums.entrySet().stream()
        .map(e -> new MonthFigures(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
  }

  List<UnitFigures> byUnit(Scope scope, String unitType) {
    Map<UnitNode, long[]> sums = new TreeMap<>(Comparator.comparing(UnitNode::code));
    for (UnitMonth row : rows) {
      for (UnitNode node : shownAncestors(row, scope, unitType)) {
        add(sums.computeIfAbsent(node, n -> new long[4]), row);
      }
    }
    return sums.entrySet().stream().map(e -> new UnitFigures(e.getKey().code(), e.getKey().name(),
        e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
  }

  /** Every window's month, the whole city: the ranking places each window among all. */
  List<WindowMonth> windowMonths() {
    List<WindowMonth> windows = new ArrayList<>();
    for (UnitMonth row : rows) {
      UnitNode unit = units.get(row.unitId());
      if (unit != null && "WINDOW".equals(unit.type())) {
        UnitNode parent = unit.parentId() == null ? null : units.get(unit.parentId());
        windows.add(new WindowMonth(unit.code(), unit.name(), parent == null ? null : parent.name(), row.ratingMonth(),
            row.ratings(), row.satisfied()));
      }
    }
    return windows;
  }

  private static void add(long[] sum, UnitMonth row) {
    sum[0] += row.ratings();
    sum[1] += row.satisfied();
    sum[2] += row.basicallySatisfied();
    sum[3] += row.badReviews();
  }
}
