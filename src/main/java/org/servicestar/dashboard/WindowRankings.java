package org.servicestar.dashboard;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitType;
import org.springframework.stereotype.Service;

/**
 * The windows' monthly ranking ({@link WindowRanking}, the rule the satisfaction page shows) for other
 * features: who is flagged for a talk (约谈) in a month, and where a window stood in a month. Only
 * complete months (in the Clock's zone) flag anyone.
 */
@Service
public class WindowRankings {

  /** A window's place in one month; {@code rank} is null when it had too few ratings to be ranked. */
  public record MonthPlace(String unitCode, String unitName, String parentName, YearMonth month, long ratings, BigDecimal rate,
                           Integer rank, int ranked, boolean last, boolean talk, boolean complete) {

    /** "3月第 12/12 名，满意率 40.0%" or "3月评价 3 条，不足 5 条，不排名". */
    public String describe() {
      String when = month.getMonthValue() + "月";
      return rank == null ? when + "评价 " + ratings + " 条，不足 " + WindowRanking.MIN_RATINGS + " 条，不排名"
          : when + "第 " + rank + "/" + ranked + " 名，满意率 " + rate.toPlainString() + "%";
    }
  }

  private final RatingSnapshots snapshots;

  WindowRankings(RatingSnapshots snapshots) {
    this.snapshots = snapshots;
  }

  /**
   * The windows flagged for a talk in {@code month} (last there and in the month before); none while it
   * is not complete. Derived from the rollups as they are now, not a page's snapshot: it starts cases.
   */
  public List<MonthPlace> talks(YearMonth month) {
    return places(snapshots.fresh(month.getYear()).windows(), month).stream().filter(MonthPlace::talk).toList();
  }

  /** Where the window stood in {@code month}: empty when it had no counting rating that month. */
  public Optional<MonthPlace> place(String unitCode, YearMonth month) {
    return find(snapshots.of(month.getYear()).windows(), unitCode, month, true);
  }

  /**
   * Where the unit stood in {@code month} among the units of its own type, each with everything under
   * it (windows among windows as above, halls among halls…), by the same rule: the start page's "rank
   * among its peers". Only windows are called in for a talk, so {@code talk} is false for the others.
   */
  public Optional<MonthPlace> placeAmongPeers(String unitCode, YearMonth month) {
    RatingSnapshots.Snapshot snapshot = snapshots.of(month.getYear());
    Optional<Unit> unit = snapshot.units().unit(unitCode);
    if (unit.isEmpty()) {
      return Optional.empty();
    }
    UnitType type = unit.get().type();
    return find(snapshot.peersOf(type), unitCode, month, type == UnitType.WINDOW);
  }

  private static Optional<MonthPlace> find(WindowRanking ranking, String unitCode, YearMonth month, boolean windows) {
    return ranking.month(month.getMonthValue()).stream().filter(p -> p.unitCode().equals(unitCode)).findFirst()
        .map(p -> place(p, month, windows));
  }

  private static List<MonthPlace> places(WindowRanking ranking, YearMonth month) {
    return ranking.month(month.getMonthValue()).stream().map(p -> place(p, month, true)).toList();
  }

  /** Only windows are called in for a talk. */
  private static MonthPlace place(WindowRanking.Place p, YearMonth month, boolean windows) {
    return new MonthPlace(p.unitCode(), p.unitName(), p.parentName(), month, p.ratings(), p.rate(), p.rank(), p.ranked(), p.last(),
        windows && p.talk(), p.complete());
  }
}
