package org.servicestar.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The State Council calendars that travel in the jar ({@code calendar/cn-{year}.csv}). */
final class ShippedCalendars {

  record Shipped(CalendarFile file, String source) {
  }

  static final String PATTERN = "classpath*:calendar/cn-*.csv";
  private static final Pattern FILE_NAME = Pattern.compile("cn-(\\d{4})\\.csv");

  private ShippedCalendars() {
  }

  /** Every shipped year, oldest first; a broken file is a build defect, so it stops the start-up. */
  static List<Shipped> load() {
    CalendarFileParser parser = new CalendarFileParser();
    List<Shipped> shipped = new ArrayList<>();
    try {
      for (Resource resource : new PathMatchingResourcePatternResolver().getResources(PATTERN)) {
        Matcher name = FILE_NAME.matcher(String.valueOf(resource.getFilename()));
        if (!name.matches()) {
          continue;
        }
        int year = Integer.parseInt(name.group(1));
        if (shipped.stream().anyMatch(s -> s.file().year() == year)) {
          continue; // the same file seen twice on the class path
        }
        try (InputStream in = resource.getInputStream()) {
          CalendarFile file = parser.parse(in.readAllBytes(), year);
          shipped.add(new Shipped(file, "内置文件 calendar/" + resource.getFilename()));
        } catch (CalendarFileException e) {
          throw new IllegalStateException("calendar/" + resource.getFilename() + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PATTERN, e);
    }
    shipped.sort(Comparator.comparingInt(s -> s.file().year()));
    return shipped;
  }

  static WorkCalendar asCalendar(List<Shipped> shipped) {
    Map<LocalDate, Boolean> days = new HashMap<>();
    List<Integer> years = new ArrayList<>();
    for (Shipped s : shipped) {
      years.add(s.file().year());
      s.file().days().forEach(d -> days.put(d.date(), d.offDay()));
    }
    return new WorkCalendar(days, years);
  }
}
