package org.servicestar.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The app's one clock: the engine's current time in the city's zone ({@code servicestar.zone}).
 *
 * <p>The instant comes from Camunda's {@link ClockUtil}, which the engine uses for {@code now()} in
 * expressions, timers, task creation and history. Reading the same source keeps a record's
 * timestamp and the due date the engine computed for it in step, also when a process test moves
 * the engine's clock. The zone is the app's, never the host's: a server in UTC stores and shows
 * the same Beijing dates as one in Beijing.
 *
 * <p>Main code gets it as the {@link Clock} bean ({@link TimeConfiguration}); ArchitectureTest
 * refuses any other way to ask for the time.
 */
public final class AppClock extends Clock {

  /** The default of {@code servicestar.zone}: the State Council's calendar and the city's offices keep Beijing time. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  private final ZoneId zone;

  public AppClock(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return other.equals(zone) ? this : new AppClock(other);
  }

  @Override
  public Instant instant() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppClock other && other.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return zone.hashCode();
  }

  @Override
  public String toString() {
    return "AppClock[" + zone + "]";
  }
}
