package org.servicestar.support;

import java.time.Duration;

/**
 * For tests of a limit counted in fixed windows of the real clock (throttle.PublicFormLimits: a minute, an
 * hour, from the epoch on): a window that ends while the test sends lets the next request in. Such a test
 * runs again, with fresh keys, when its window ended meanwhile and it failed; a failure within one window
 * is a failure.
 */
public final class FixedWindows {

  private FixedWindows() {
  }

  /** Runs {@code test} (which must pick fresh keys each time) until it passes within one window, at most three times. */
  public static void withinOne(Duration window, Runnable test) {
    for (int attempt = 1; ; attempt++) {
      long before = System.currentTimeMillis() / window.toMillis();
      try {
        test.run();
        return;
      } catch (AssertionError e) {
        if (attempt == 3 || System.currentTimeMillis() / window.toMillis() == before) {
          throw e;
        }
      }
    }
  }
}
