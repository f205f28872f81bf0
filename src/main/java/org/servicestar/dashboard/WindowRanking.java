package org.servicestar.dashboard;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.servicestar.dashboard.DashboardQueries.WindowMonth;

/**
 * The monthly ranking of windows by satisfaction (定期考评) and who is called in for a talk (约谈).
 *
 * <p>Each month the windows with at least {@link #MIN_RATINGS} counting ratings are ranked by their
 * satisfaction rate (levels 4–5 over all), best first; equal rates share a place (1, 2, 2, 4). The
 * windows in the last place of a month — ties included — are "last"; a window last in two months in
 * a row is flagged for a talk in the second. A window with too few ratings is listed, not ranked,
 * and breaks its run: a month without a ranking is not a month ranked last.
 *
 * <p>Only complete months count: a month is ranked as soon as it has ratings, but nobody is last in a
 * month that has not ended yet (in the app's zone), so the current, partial month neither flags a
 * window nor carries a run into the next one ({@link #of(List, int)}).
 */
final class WindowRanking {

  /** Fewer ratings than this in a month say too little to rank a window by. */
  static final int MIN_RATINGS = 5;

  /** One window's place in one month; {@code rank} is null when it had too few ratings. */
  record Place(String unitCode, String unitName, String parentName, int month, long ratings, long satisfied, Integer rank,
               int ranked, boolean last, boolean talk, boolean complete) {

    /** Levels 4–5 over all, in percent with one decimal. */
    public BigDecimal rate() {
      return Percent.of(satisfied, ratings);
    }
  }

  private final Map<Integer, List<Place>> byMonth;

  private WindowRanking(Map<Integer, List<Place>> byMonth) {
    this.byMonth = byMonth;
  }

  /** Every month of the rows counts as complete (a past year). */
  static WindowRanking of(List<WindowMonth> rows) {
    return of(rows, 12);
  }

  /**
   * The ranking of the months in {@code rows}, where only months up to {@code completeThrough} (1–12;
   * 0: none) are complete and so can make a window last or flag it for a talk.
   */
  static WindowRanking of(List<WindowMonth> rows, int completeThrough) {
    Map<Integer, List<WindowMonth>> months = rows.stream()
        .collect(Collectors.groupingBy(WindowMonth::ratingMonth, TreeMap::new, Collectors.toList()));
    Map<Integer, List<Place>> ranked = new TreeMap<>();
    Set<String> lastBefore = Set.of();
    int previousMonth = -1;
    for (Map.Entry<Integer, List<WindowMonth>> month : months.entrySet()) {
      // A month with no ratings at all breaks every run, as a month with too few ratings does.
      Set<String> carried = month.getKey() == previousMonth + 1 ? lastBefore : Set.of();
      List<Place> places = rank(month.getKey(), month.getValue(), carried, month.getKey() <= completeThrough);
      ranked.put(month.getKey(), places);
      lastBefore = places.stream().filter(Place::last).map(Place::unitCode).collect(Collectors.toSet());
      previousMonth = month.getKey();
    }
    return new WindowRanking(ranked);
  }

  private static List<Place> rank(int month, List<WindowMonth> rows, Set<String> lastBefore, boolean complete) {
    // Compare rates as fractions (a/b against c/d by a·d against c·b): no rounding makes a tie.
    Comparator<WindowMonth> byRate = (x, y) -> Long.compare(y.satisfied() * x.ratings(), x.satisfied() * y.ratings());
    List<WindowMonth> rankable = rows.stream().filter(r -> r.ratings() >= MIN_RATINGS)
        .sorted(byRate.thenComparing(WindowMonth::unitCode)).toList();
    int count = rankable.size();
    List<Integer> ranks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ranks.add(i > 0 && byRate.compare(rankable.get(i - 1), rankable.get(i)) == 0 ? ranks.get(i - 1) : i + 1);
    }
    int lastRank = count == 0 ? 0 : ranks.get(count - 1);
    List<Place> places = new ArrayList<>(rows.size());
    for (int i = 0; i < count; i++) {
      WindowMonth w = rankable.get(i);
      boolean last = complete && ranks.get(i) == lastRank && count > 1;
      places.add(new Place(w.unitCode(), w.unitName(), w.parentName(), month, w.ratings(), w.satisfied(), ranks.get(i), count,
          last, last && lastBefore.contains(w.unitCode()), complete));
    }
    rows.stream().filter(r -> r.ratings() < MIN_RATINGS).sorted(Comparator.comparing(WindowMonth::unitCode))
        .forEach(w -> places.add(new Place(w.unitCode(), w.unitName(), w.parentName(), month, w.ratings(), w.satisfied(), null,
            count, false, false, complete)));
    return places;
  }

  /** The months that have ratings, in order. */
  List<Integer> months() {
    return List.copyOf(byMonth.keySet());
  }

  /** One month's places, best first, the unranked at the end. */
  List<Place> month(int month) {
    return byMonth.getOrDefault(month, List.of());
  }

  /** Every talk of the year, in month order. */
  List<Place> talks() {
    return byMonth.values().stream().flatMap(List::stream).filter(Place::talk).toList();
  }
}
