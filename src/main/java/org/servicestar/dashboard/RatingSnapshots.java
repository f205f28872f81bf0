package org.servicestar.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.servicestar.rating.RatingRollups;
import org.servicestar.unit.UnitTree;
import org.servicestar.unit.UnitType;
import org.servicestar.web.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A year's satisfaction figures and window rankings as every page reads them: derived once from the
 * year's rollups ({@link RatingRollups}) and the unit tree, then shared by all requests, instead of
 * every page view reading and ranking a province's 264 000 unit-months again.
 *
 * <p><b>Staleness:</b> a snapshot serves until it is {@code servicestar.dashboard.max-staleness} old
 * (default 60 s). A background pass keeps the years people looked at within the last
 * {@value #KEEP_VIEWED_MINUTES} minutes fresh, every half of that time and at once after this node
 * changed a rollup, so a page view normally finds one ready: on the node that took a rating, exclusion
 * or appeal, the figures follow within about a second; on other nodes within the staleness. Only the
 * first view of a year (or one after a quiet spell) derives it in the request. With a staleness of 0
 * (the tests) every read derives afresh. A month that completes (the app clock) makes a new snapshot
 * at once: it decides who is last and who is called in for a talk.
 */
@Service
public class RatingSnapshots extends BackgroundLoop {

  private static final Logger LOG = LoggerFactory.getLogger(RatingSnapshots.class);
  private static final long KEEP_VIEWED_MINUTES = 10;

  /** What the pages read of one year; immutable apart from memoised derived lists. */
  record Snapshot(int year, int completeMonths, Instant madeAt, UnitTree units, YearRatings ratings, WindowRanking windows,
                  Map<UnitType, WindowRanking> peers) {

    /** The units of one type ranked among each other, with everything under each (the start page's "place among peers"). */
    WindowRanking peersOf(UnitType type) {
      return type == UnitType.WINDOW ? windows : peers.computeIfAbsent(type, t -> WindowRanking.of(ratings.monthsOfType(t), completeMonths));
    }
  }

  private final DashboardQueries queries;
  private final Clock clock;
  private final Duration maxStaleness;
  private final Map<Integer, Snapshot> snapshots = new ConcurrentHashMap<>();
  private final Map<Integer, Instant> viewed = new ConcurrentHashMap<>();

  RatingSnapshots(DashboardQueries queries, Clock clock, @Value("${servicestar.dashboard.max-staleness:60s}") Duration maxStaleness) {
    super("rating-snapshots");
    if (maxStaleness.isNegative()) {
      throw new IllegalArgumentException("servicestar.dashboard.max-staleness: 0 (always fresh) or more, such as 60s; not " + maxStaleness);
    }
    this.queries = queries;
    this.clock = clock;
    this.maxStaleness = maxStaleness;
  }

  /** The year's snapshot, at most the staleness old. */
  Snapshot of(int year) {
    Instant now = clock.instant();
    viewed.put(year, now);
    Snapshot s = snapshots.get(year);
    if (s != null && usable(s, now)) {
      return s;
    }
    return make(year);
  }

  /** Derived now, whatever is cached: for decisions (who is called in for a talk), not for pages. */
  Snapshot fresh(int year) {
    return make(year);
  }

  private boolean usable(Snapshot s, Instant now) {
    Duration age = Duration.between(s.madeAt(), now);
    return !age.isNegative() && age.compareTo(maxStaleness) <= 0 && s.completeMonths() == Dashboard.completeMonths(s.year(), clock);
  }

  private Snapshot make(int year) {
    Instant at = clock.instant();
    UnitTree units = queries.units();
    YearRatings ratings = YearRatings.of(units, queries.ratingsByUnitAndMonth(year));
    int complete = Dashboard.completeMonths(year, clock);
    Snapshot s = new Snapshot(year, complete, at, units, ratings, WindowRanking.of(ratings.windowMonths(), complete),
        new ConcurrentHashMap<>());
    if (!maxStaleness.isZero()) {
      snapshots.put(year, s);
    }
    return s;
  }

  /** After a rollup changed on this node (its transaction committed): fresh figures soon, off the request. */
  @TransactionalEventListener(fallbackExecution = true)
  void rollupsChanged(RatingRollups.Changed changed) {
    if (!maxStaleness.isZero()) {
      snapshots.replaceAll((year, s) -> stale(s));
      wakeUp();
    }
  }

  /** The same snapshot, marked old enough to be made again by the next pass (still served until then). */
  private Snapshot stale(Snapshot s) {
    Instant due = clock.instant().minus(maxStaleness.dividedBy(2));
    return s.madeAt().isBefore(due) ? s
        : new Snapshot(s.year(), s.completeMonths(), due, s.units(), s.ratings(), s.windows(), s.peers());
  }

  @Override
  protected void pass() {
    Instant now = clock.instant();
    viewed.entrySet().removeIf(e -> Duration.between(e.getValue(), now).toMinutes() > KEEP_VIEWED_MINUTES);
    snapshots.keySet().removeIf(year -> !viewed.containsKey(year));
    for (int year : viewed.keySet()) {
      Snapshot s = snapshots.get(year);
      if (s == null || Duration.between(s.madeAt(), now).compareTo(maxStaleness.dividedBy(2)) >= 0 || !usable(s, now)) {
        try {
          make(year);
        } catch (RuntimeException e) {
          LOG.warn("Satisfaction figures of {} not refreshed (pages derive them themselves meanwhile)", year, e);
        }
      }
    }
  }

  @Override
  protected Duration initialDelay() {
    return interval();
  }

  @Override
  protected Duration interval() {
    return maxStaleness.isZero() ? Duration.ofHours(1) : maxStaleness.dividedBy(2);
  }
}
