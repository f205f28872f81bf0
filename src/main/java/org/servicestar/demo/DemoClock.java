package org.servicestar.demo;

import java.time.Clock;
import java.time.LocalDateTime;

import java.util.Date;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Plays a step of a past story on its own day: the engine's clock is moved there for the step, and
 * the app's one {@link java.time.Clock} reads the engine's clock (time.AppClock), so the engine's
 * history, task due dates and timers and every row the app stamps date it as it happened; due dates
 * counted from "now" come out right with it.
 *
 * <p>The clock is global: the demo moves it only inside its own transactions, whose timers and
 * jobs nobody else can see before the commit, and puts it back after every step.
 */
@Component
class DemoClock {

  private final Clock clock;

  DemoClock(Clock clock) {
    this.clock = clock;
  }

  /** Runs {@code work} at {@code at}, wall time in the app's zone. */
  void at(LocalDateTime at, Runnable work) {
    ClockUtil.setCurrentTime(Date.from(at.atZone(clock.getZone()).toInstant()));
    try {
      work.run();
    } finally {
      ClockUtil.reset();
    }
  }
}
