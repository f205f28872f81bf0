package org.servicestar.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in tests: poll it, never sleep a fixed time and hope. */
public final class Polling {

  private Polling() {
  }

  /** Polls until {@code condition} holds; fails naming {@code what} after {@code patience}. */
  public static void until(String what, Duration patience, BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting after " + patience + " for: " + what);
      }
      pause();
    }
  }

  /** A short pause between two polls. */
  public static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
