package org.servicestar.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a person sees of a moment: wall time in the app's zone, whatever the host's. Pages use it as
 * {@code ${#times.format(x, 'yyyy-MM-dd HH:mm')}}; Thymeleaf's {@code #temporals} and {@code #dates}
 * would use the host's zone for instants and engine dates (TemplatesTest refuses them).
 *
 * <p>The app's own tables keep local times ({@code timestamp} columns, {@link LocalDateTime}) as wall
 * time in the app's zone, so those are shown as they are. Instants — {@code timestamp with time
 * zone} columns, the engine's {@link Date}s (due dates, history) — are converted to the zone.
 */
public final class Times {

  private final Clock clock;
  private final Map<String, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

  public Times(Clock clock) {
    this.clock = clock;
  }

  public ZoneId zone() {
    return clock.getZone();
  }

  /** {@code moment} in the zone as {@code pattern} (DateTimeFormatter's letters); "" for null. */
  public String format(Object moment, String pattern) {
    TemporalAccessor local = local(moment);
    return local == null ? "" : formatters.computeIfAbsent(pattern, DateTimeFormatter::ofPattern).format(local);
  }

  /** {@code moment} as wall time in the zone; null for null. */
  public LocalDateTime localDateTime(Object moment) {
    TemporalAccessor local = local(moment);
    return local == null ? null : LocalDateTime.from(local);
  }

  public LocalDate today() {
    return LocalDate.now(clock);
  }

  public int year() {
    return today().getYear();
  }

  private TemporalAccessor local(Object moment) {
    if (moment == null) {
      return null;
    }
    if (moment instanceof LocalDateTime || moment instanceof LocalDate || moment instanceof LocalTime) {
      return (TemporalAccessor) moment;
    }
    Instant instant;
    if (moment instanceof Instant i) {
      instant = i;
    } else if (moment instanceof OffsetDateTime o) {
      instant = o.toInstant();
    } else if (moment instanceof ZonedDateTime z) {
      instant = z.toInstant();
    } else if (moment instanceof Date d) {
      instant = Instant.ofEpochMilli(d.getTime());
    } else if (moment instanceof Calendar c) {
      instant = c.toInstant();
    } else {
      throw new IllegalArgumentException("not a moment: " + moment.getClass().getName());
    }
    return instant.atZone(zone()).toLocalDateTime();
  }
}
