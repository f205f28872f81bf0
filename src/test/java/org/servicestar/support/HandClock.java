package org.servicestar.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock a test moves by hand, in the city's zone unless told otherwise. */
public final class HandClock extends Clock {

  private final ZoneId zone;
  private volatile Instant now;

  public HandClock(Instant now) {
    this(now, ZoneId.of("Asia/Shanghai"));
  }

  public HandClock(Instant now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  public void advance(Duration d) {
    now = now.plus(d);
  }

  public void set(Instant instant) {
    now = instant;
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
    return now;
  }
}
