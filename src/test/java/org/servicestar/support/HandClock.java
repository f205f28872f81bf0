package org.servicestar.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, in the city's zone unless told otherwise. {@link #withZone} gives a view
 * of the same clock: moving one moves both.
 */
public final class HandClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  public HandClock(Instant now) {
    this(now, ZoneId.of("Asia/Shanghai"));
  }

  public HandClock(Instant now, ZoneId zone) {
    this(new AtomicReference<>(now), zone);
  }

  private HandClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new HandClock(now, other);
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
