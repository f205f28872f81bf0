package org.servicestar.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class TimesTest {

  /** 2026-12-07 23:59 in Beijing. */
  private static final Instant DUE = Instant.parse("2026-12-07T15:59:00Z");

  private final Times times = new Times(Clock.fixed(Instant.parse("2026-12-31T16:30:00Z"), AppClock.DEFAULT_ZONE));

  @Test
  void instantsAndEngineDatesAreShownInBeijingTime() {
    assertThat(times.format(Date.from(DUE), "yyyy-MM-dd HH:mm")).isEqualTo("2026-12-07 23:59");
    assertThat(times.format(DUE, "yyyy-MM-dd HH:mm")).isEqualTo("2026-12-07 23:59");
    // PostgreSQL hands timestamptz back in UTC.
    assertThat(times.format(DUE.atOffset(ZoneOffset.UTC), "yyyy-MM-dd HH:mm")).isEqualTo("2026-12-07 23:59");
    assertThat(times.format(OffsetDateTime.parse("2026-12-06T17:30:00Z"), "yyyy-MM-dd HH:mm")).isEqualTo("2026-12-07 01:30");
  }

  @Test
  void theAppsLocalTimesAreAlreadyBeijingWallTime() {
    assertThat(times.format(LocalDateTime.of(2026, 12, 7, 23, 59), "yyyy-MM-dd HH:mm")).isEqualTo("2026-12-07 23:59");
    assertThat(times.format(null, "yyyy-MM-dd")).isEmpty();
  }

  @Test
  void todayAndTheYearAreBeijingsAtNewYear() {
    assertThat(times.today()).hasToString("2027-01-01");
    assertThat(times.year()).isEqualTo(2027);
  }

  /** Thymeleaf's #temporals and #dates format instants and engine dates in the host's zone. */
  @Test
  void templatesShowTimesThroughTimes() throws IOException {
    Pattern hostZone = Pattern.compile("#(temporals|dates|calendars)\\.");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Paths.get("src/main/resources/templates"))) {
      offenders = files.filter(f -> f.toString().endsWith(".html")).flatMap(f -> {
        try {
          Matcher m = hostZone.matcher(Files.readString(f));
          return m.find() ? Stream.of(f + ": " + m.group()) : Stream.empty();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    }
    assertThat(offenders).as("use #times.format(x, pattern)").isEmpty();
  }
}
