package org.servicestar.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.servicestar.dashboard.DashboardQueries.UnitMonth;
import org.servicestar.rating.RatingRollups;
import org.servicestar.support.HandClock;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitTree;
import org.servicestar.unit.UnitType;

/** The shared snapshots of production: how long one serves, and what makes a new one. */
class RatingSnapshotsTest {

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final Duration STALENESS = Duration.ofSeconds(60);

  private final DashboardQueries queries = mock(DashboardQueries.class);
  private final HandClock clock = new HandClock(Instant.parse("2050-06-10T07:00:00Z"), BEIJING);
  private RatingSnapshots snapshots;

  @BeforeEach
  void setUp() {
    Unit window = new Unit(1, "w1", "窗口一", UnitType.WINDOW, null, null, true, 0);
    when(queries.units()).thenReturn(UnitTree.of(List.of(window)));
    when(queries.ratingsByUnitAndMonth(2050)).thenReturn(List.of(new UnitMonth(1, 5, 10, 9, 1, 0)));
    snapshots = new RatingSnapshots(queries, clock, STALENESS);
  }

  @Test
  void oneSnapshotServesEveryRequestUntilItIsAsOldAsTheStaleness() {
    RatingSnapshots.Snapshot first = snapshots.of(2050);
    clock.advance(Duration.ofSeconds(60));
    assertThat(snapshots.of(2050)).isSameAs(first);
    verify(queries, times(1)).ratingsByUnitAndMonth(2050);

    clock.advance(Duration.ofSeconds(1));
    assertThat(snapshots.of(2050)).isNotSameAs(first);
    verify(queries, times(2)).ratingsByUnitAndMonth(2050);
  }

  @Test
  void theBackgroundPassRenewsAViewedYearBeforeAPageWouldHaveTo() {
    RatingSnapshots.Snapshot first = snapshots.of(2050);
    clock.advance(Duration.ofSeconds(29));
    snapshots.pass();
    assertThat(snapshots.of(2050)).isSameAs(first);
    clock.advance(Duration.ofSeconds(1));
    snapshots.pass(); // half the staleness old: made again off the requests
    RatingSnapshots.Snapshot second = snapshots.of(2050);
    assertThat(second).isNotSameAs(first);
    assertThat(second.madeAt()).isEqualTo(clock.instant());
  }

  @Test
  void aRollupChangedOnThisNodeIsPickedUpByTheNextPassNotAfterAMinute() {
    RatingSnapshots.Snapshot first = snapshots.of(2050);
    clock.advance(Duration.ofSeconds(1));
    snapshots.rollupsChanged(new RatingRollups.Changed());
    assertThat(snapshots.of(2050).windows()).as("served until the pass made the new one").isSameAs(first.windows());
    snapshots.pass();
    assertThat(snapshots.of(2050).windows()).isNotSameAs(first.windows());
    verify(queries, times(2)).ratingsByUnitAndMonth(2050);
  }

  @Test
  void aMonthThatCompletesMakesANewSnapshotAtOnce() {
    clock.set(Instant.parse("2050-06-30T15:59:50Z")); // 23:59:50 in Beijing
    RatingSnapshots.Snapshot may = snapshots.of(2050);
    assertThat(may.completeMonths()).isEqualTo(5);
    clock.advance(Duration.ofSeconds(20)); // June has ended in Beijing
    RatingSnapshots.Snapshot june = snapshots.of(2050);
    assertThat(june).isNotSameAs(may);
    assertThat(june.completeMonths()).isEqualTo(6);
  }

  @Test
  void aClockMovedBackDoesNotServeASnapshotFromTheFuture() {
    RatingSnapshots.Snapshot first = snapshots.of(2050);
    clock.advance(Duration.ofSeconds(-5));
    assertThat(snapshots.of(2050)).isNotSameAs(first);
  }

  @Test
  void aNegativeStalenessIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new RatingSnapshots(queries, clock, Duration.ofSeconds(-5)))
        .hasMessageContaining("servicestar.dashboard.max-staleness");
  }

  @Test
  void withoutStalenessEveryReadIsFresh() {
    RatingSnapshots always = new RatingSnapshots(queries, clock, Duration.ZERO);
    assertThat(always.of(2050)).isNotSameAs(always.of(2050));
    assertThat(always.of(2050).windows().month(5)).singleElement().satisfies(p -> assertThat(p.rank()).isEqualTo(1));
  }
}
