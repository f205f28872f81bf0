package org.servicestar.calendar;

import java.util.List;

/** One year's calendar read from a file: every day is in {@code year} and none is listed twice. */
record CalendarFile(int year, List<SpecialDay> days, Format format) {

  enum Format {
    CSV("CSV"), HOLIDAY_CN_JSON("holiday-cn JSON");

    final String label;

    Format(String label) {
      this.label = label;
    }
  }

  CalendarFile {
    days = List.copyOf(days);
  }

  long holidays() {
    return days.stream().filter(SpecialDay::offDay).count();
  }

  long makeUpWorkdays() {
    return days.size() - holidays();
  }
}
