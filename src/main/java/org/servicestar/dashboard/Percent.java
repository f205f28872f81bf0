package org.servicestar.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rates as the rating feature shows them: percent with one decimal, half up; none without a base. */
final class Percent {

  private Percent() {
  }

  static BigDecimal of(long part, long whole) {
    return whole == 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
  }
}
