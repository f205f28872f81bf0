package org.servicestar.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * When people come to a service window: on working days (the Chinese calendar, make-up Saturdays
 * included) from 9:00 to 12:00 and 13:30 to 17:00, busiest on Monday and in the morning, quieter
 * towards Friday; on weekends and holidays only a duty window now and then. Pure: the calendar comes
 * in as a predicate, the randomness as a seeded generator.
 */
final class DemoRhythm {

  static final LocalTime OPENS = LocalTime.of(9, 0);
  static final LocalTime LUNCH_STARTS = LocalTime.of(12, 0);
  static final LocalTime LUNCH_ENDS = LocalTime.of(13, 30);
  static final LocalTime CLOSES = LocalTime.of(17, 0);
  /** Share of a working day's visitors on a day off: a duty window for urgent matters. */
  static final double DAY_OFF_SHARE = 0.05;

  private final Predicate<LocalDate> workingDay;

  DemoRhythm(Predicate<LocalDate> workingDay) {
    this.workingDay = workingDay;
  }

  /** How many more (or fewer) people than an average working day come on this day. */
  double dayFactor(LocalDate day) {
    if (!workingDay.test(day)) {
      return DAY_OFF_SHARE;
    }
    double weekday = switch (day.getDayOfWeek()) {
      case MONDAY -> 1.35;
      case TUESDAY -> 1.1;
      case WEDNESDAY -> 1.0;
      case THURSDAY -> 0.95;
      case FRIDAY -> 0.8;
      // A make-up working Saturday or Sunday (调休上班) is a normal day.
      default -> 1.0;
    };
    // The first working day after a holiday is busier still: the queue that waited.
    return workingDay.test(day.minusDays(1)) || day.getDayOfWeek() == DayOfWeek.MONDAY ? weekday : weekday * 1.3;
  }

  /** A visitor's time of day: two in three come in the morning, none at lunch or outside opening hours. */
  LocalTime timeOfDay(SplittableRandom random) {
    boolean morning = random.nextDouble() < 2.0 / 3.0;
    // Mornings peak around 10:00 (a triangle over 9:00–12:00); afternoons are flat.
    int minute = morning
        ? (int) Math.floor(90 * (random.nextDouble() + random.nextDouble()))
        : 90 + 180 + random.nextInt(210);
    return OPENS.plusMinutes(minute).plusSeconds(random.nextInt(60));
  }

  static boolean openAt(LocalTime time) {
    return !time.isBefore(OPENS) && time.isBefore(LUNCH_STARTS) || !time.isBefore(LUNCH_ENDS) && time.isBefore(CLOSES);
  }

  /** A Poisson-distributed count with the given mean (Knuth's method: the means here are small). */
  static int poisson(double mean, SplittableRandom random) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      count++;
      product *= random.nextDouble();
    }
    return count;
  }
}
