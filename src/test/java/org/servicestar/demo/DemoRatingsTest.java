package org.servicestar.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.servicestar.calendar.Workdays;

class DemoRatingsTest {

  private static final Workdays WORKDAYS = Workdays.withShippedCalendars();
  private static final List<DemoRatings.Window> WINDOWS = List.of(
      new DemoRatings.Window("w-a", List.of("A-01", "A-02")), new DemoRatings.Window("w-b", List.of("B-01")),
      new DemoRatings.Window("w-c", List.of()), new DemoRatings.Window("w-d", List.of("D-01")),
      new DemoRatings.Window("w-e", List.of("E-01")), new DemoRatings.Window("w-f", List.of("F-01")));
  private static final LocalDate FROM = LocalDate.of(2025, 11, 28);
  private static final LocalDate TO = LocalDate.of(2026, 11, 27);

  private static List<DemoRatings.Generated> year(long seed) {
    return new DemoRatings(DemoRatings.Settings.demo(seed), WORKDAYS::isWorkingDay, Workdays.ZONE).between(WINDOWS, FROM, TO);
  }

  @Test
  void theSameSeedMakesTheSameYearAndAnotherSeedAnother() {
    assertThat(year(7)).isEqualTo(year(7));
    assertThat(year(8)).isNotEqualTo(year(7));
    assertThat(year(7)).extracting(DemoRatings.Generated::clientRef).doesNotHaveDuplicates();
  }

  @Test
  void peopleComeInOpeningHoursMostlyInTheMorning() {
    List<DemoRatings.Generated> all = year(7);
    assertThat(all).allSatisfy(r -> assertThat(DemoRhythm.openAt(r.ratedAt().atZoneSameInstant(Workdays.ZONE).toLocalTime()))
        .as(r.ratedAt().toString()).isTrue());
    long morning = all.stream().filter(r -> r.ratedAt().atZoneSameInstant(Workdays.ZONE).toLocalTime().isBefore(LocalTime.NOON)).count();
    assertThat((double) morning / all.size()).isBetween(0.6, 0.73);
  }

  @Test
  void mondaysAreBusiestAndDaysOffQuiet() {
    List<DemoRatings.Generated> all = year(7);
    Map<LocalDate, Long> perDay = all.stream().collect(Collectors.groupingBy(r -> r.ratedAt().atZoneSameInstant(Workdays.ZONE).toLocalDate(),
        Collectors.counting()));
    double monday = average(perDay, d -> WORKDAYS.isWorkingDay(d) && d.getDayOfWeek() == DayOfWeek.MONDAY);
    double friday = average(perDay, d -> WORKDAYS.isWorkingDay(d) && d.getDayOfWeek() == DayOfWeek.FRIDAY);
    double off = average(perDay, d -> !WORKDAYS.isWorkingDay(d));
    assertThat(monday).isGreaterThan(friday * 1.4);
    assertThat(off).isLessThan(friday * 0.15);
    // National Day week 2026 (Oct 1–7) is a holiday: hardly anyone.
    long golden = perDay.entrySet().stream().filter(e -> !e.getKey().isBefore(LocalDate.of(2026, 10, 1))
        && !e.getKey().isAfter(LocalDate.of(2026, 10, 7))).mapToLong(Map.Entry::getValue).sum();
    assertThat(golden).isLessThan((long) (monday * 2));
  }

  @Test
  void mostRatingsAreFourOrFiveAndTheWorseWindowsAreWorse() {
    List<DemoRatings.Generated> all = year(7);
    List<String> worse = new DemoRatings(DemoRatings.Settings.demo(7), WORKDAYS::isWorkingDay, Workdays.ZONE).worseWindows(WINDOWS);
    assertThat(worse).hasSize(2).isSubsetOf(WINDOWS.stream().map(DemoRatings.Window::code).toList());
    Map<Boolean, List<DemoRatings.Generated>> split = all.stream().collect(Collectors.partitioningBy(r -> worse.contains(r.unitCode())));
    double good = satisfied(split.get(false));
    double bad = satisfied(split.get(true));
    assertThat(good).isGreaterThan(0.9);
    assertThat(bad).isBetween(0.6, 0.8);
    assertThat(all).allSatisfy(r -> assertThat(r.level()).isBetween(1, 5));
    assertThat(all.stream().filter(DemoRatings.Generated::bad).count()).as("a few bad reviews, each a complaint").isBetween(5L, 80L);
    assertThat(all.stream().filter(r -> r.staffBadge() != null)).allSatisfy(r -> assertThat(WINDOWS.stream()
        .filter(w -> w.code().equals(r.unitCode())).findFirst().orElseThrow().badges()).contains(r.staffBadge()));
  }

  @Test
  void aPoissonCountHasItsMean() {
    SplittableRandom random = new SplittableRandom(1);
    double sum = 0;
    for (int i = 0; i < 20_000; i++) {
      sum += DemoRhythm.poisson(8, random);
    }
    assertThat(sum / 20_000).isBetween(7.8, 8.2);
  }

  @Test
  void theLatestComplaintsTakeEveryOpenStateAndTheOthersClose() {
    List<DemoComplaints.Story> stories = DemoComplaints.storiesFor(40);
    assertThat(stories.subList(0, 28)).allMatch(DemoComplaints.Story::closes);
    assertThat(stories.subList(28, 40)).containsExactlyElementsOf(DemoComplaints.Story.OPEN);
    assertThat(DemoComplaints.storiesFor(3)).containsExactlyElementsOf(DemoComplaints.Story.OPEN.subList(0, 3));
  }

  @Test
  void thisYearsCompetitionRunsPastToday() {
    var draft = DemoCampaigns.draft(2026, LocalDate.of(2026, 11, 28), List.of());
    assertThat(draft.competitionEnd()).isEqualTo(LocalDate.of(2026, 12, 12));
    assertThat(draft.assessmentStart()).isEqualTo(LocalDate.of(2026, 12, 13));
    assertThat(DemoCampaigns.draft(2025, LocalDate.of(2026, 11, 28), List.of()).competitionEnd()).isEqualTo(LocalDate.of(2025, 10, 31));
  }

  private static double average(Map<LocalDate, Long> perDay, java.util.function.Predicate<LocalDate> which) {
    long days = FROM.datesUntil(TO.plusDays(1)).filter(which).count();
    long ratings = perDay.entrySet().stream().filter(e -> which.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    return (double) ratings / days;
  }

  private static double satisfied(List<DemoRatings.Generated> ratings) {
    return (double) ratings.stream().filter(r -> r.level() >= 4).count() / ratings.size();
  }

}
