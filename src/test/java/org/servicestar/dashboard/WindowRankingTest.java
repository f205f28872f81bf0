package org.servicestar.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.servicestar.dashboard.DashboardQueries.WindowMonth;

class WindowRankingTest {

  private static WindowMonth w(String code, int month, long ratings, long satisfied) {
    return new WindowMonth(code, "窗口" + code, "大厅", month, ratings, satisfied);
  }

  @Test
  void ranksByRateWithTiesSharingAPlaceAndLeavesTooFewRatingsUnranked() {
    WindowRanking ranking = WindowRanking.of(List.of(
        w("a", 3, 10, 9), w("b", 3, 20, 18), w("c", 3, 10, 5), w("d", 3, 4, 0), w("e", 3, 10, 10)));
    List<WindowRanking.Place> march = ranking.month(3);
    assertThat(march).extracting(WindowRanking.Place::unitCode).containsExactly("e", "a", "b", "c", "d");
    assertThat(march).extracting(WindowRanking.Place::rank).containsExactly(1, 2, 2, 4, null);
    assertThat(march).extracting(WindowRanking.Place::last).containsExactly(false, false, false, true, false);
    assertThat(march.get(0).ranked()).isEqualTo(4);
    assertThat(march.get(1).rate()).isEqualByComparingTo("90.0");
  }

  @Test
  void lastTwoMonthsInARowIsATalkButAGapOrAnUnrankedMonthBreaksTheRun() {
    WindowRanking ranking = WindowRanking.of(List.of(
        w("a", 1, 10, 9), w("z", 1, 10, 1),
        w("a", 2, 10, 9), w("z", 2, 10, 1),             // z last in January and February: talk in February
        w("a", 3, 10, 9), w("z", 3, 3, 0), w("y", 3, 10, 2),  // z too few ratings in March; y last
        w("a", 4, 10, 9), w("y", 4, 10, 2), w("z", 4, 10, 0),  // z last again, but March broke its run; y not last
        w("a", 6, 10, 9), w("z", 6, 10, 0)));            // no ratings in May: no run into June
    assertThat(ranking.talks()).extracting(p -> p.unitCode() + "@" + p.month()).containsExactly("z@2");
  }

  @Test
  void tiedLastPlacesAreAllLastAndAMonthWithOneWindowHasNoLast() {
    WindowRanking ranking = WindowRanking.of(List.of(
        w("a", 1, 10, 5), w("b", 1, 10, 5), w("c", 1, 10, 9),
        w("a", 2, 10, 5), w("b", 2, 20, 10), w("c", 2, 10, 9),
        w("a", 3, 10, 1)));
    assertThat(ranking.talks()).extracting(p -> p.unitCode() + "@" + p.month()).containsExactly("a@2", "b@2");
    assertThat(ranking.month(3).get(0).last()).isFalse();
  }

  @Test
  void theCurrentPartialMonthIsRankedButFlagsNobody() {
    List<WindowMonth> rows = List.of(
        w("a", 1, 10, 9), w("z", 1, 10, 1),
        w("a", 2, 10, 9), w("z", 2, 10, 1),
        w("a", 3, 10, 9), w("z", 3, 10, 1));
    WindowRanking inMarch = WindowRanking.of(rows, 2);  // March has not ended: only January and February count
    assertThat(inMarch.talks()).extracting(p -> p.unitCode() + "@" + p.month()).containsExactly("z@2");
    assertThat(inMarch.month(3)).extracting(WindowRanking.Place::rank).containsExactly(1, 2);
    assertThat(inMarch.month(3)).noneMatch(WindowRanking.Place::last).noneMatch(WindowRanking.Place::complete);

    WindowRanking inFebruary = WindowRanking.of(rows.subList(0, 4), 1);  // February still running: no talk yet
    assertThat(inFebruary.talks()).isEmpty();
    assertThat(inFebruary.month(1).get(1).last()).isTrue();
    assertThat(WindowRanking.of(rows, 0).talks()).isEmpty();
    assertThat(WindowRanking.of(rows, 12).talks()).extracting(p -> p.unitCode() + "@" + p.month()).containsExactly("z@2", "z@3");
  }

  @Test
  void aMonthIsCompleteAfterItsLastDayInTheClocksZone() {
    java.time.ZoneId beijing = java.time.ZoneId.of("Asia/Shanghai");
    // 2026-03-31 23:30 in Beijing (15:30 UTC): March is not complete yet.
    java.time.Clock lastEvening = java.time.Clock.fixed(java.time.Instant.parse("2026-03-31T15:30:00Z"), beijing);
    assertThat(Dashboard.completeMonths(2026, lastEvening)).isEqualTo(2);
    // 2026-04-01 00:30 in Beijing (still March 31 in UTC): March is complete.
    java.time.Clock nextMorning = java.time.Clock.fixed(java.time.Instant.parse("2026-03-31T16:30:00Z"), beijing);
    assertThat(Dashboard.completeMonths(2026, nextMorning)).isEqualTo(3);
    assertThat(Dashboard.completeMonths(2025, nextMorning)).isEqualTo(12);
    assertThat(Dashboard.completeMonths(2027, nextMorning)).isZero();
    java.time.Clock newYear = java.time.Clock.fixed(java.time.Instant.parse("2026-01-10T02:00:00Z"), beijing);
    assertThat(Dashboard.completeMonths(2026, newYear)).isZero();
    assertThat(Dashboard.completeMonths(2025, newYear)).isEqualTo(12);
  }
}
