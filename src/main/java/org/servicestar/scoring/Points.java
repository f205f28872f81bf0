package org.servicestar.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * The scores' arithmetic: decimal, never binary floating point, and one rounding rule — 四舍五入
 * (HALF_UP) to two decimals, applied once to the exact result of each step that the explanation shows
 * as a line of its own (a mean, a part's value, a weighted share). Sums of such lines are exact, so a
 * score's lines add up to its total to the hundredth. The rule is stated to people in
 * {@link ScoringMethod}, which the rules page shows and the docs are checked against.
 */
final class Points {

  static final int SCALE = 2;
  static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
  static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);
  static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Points() {
  }

  /** A value as scores are kept: two decimals, half up. */
  static BigDecimal round(BigDecimal value) {
    return value.setScale(SCALE, ROUNDING);
  }

  /** {@code numerator ÷ denominator}, rounded once from the exact quotient (never from a rounded one). */
  static BigDecimal quotient(BigDecimal numerator, BigDecimal denominator) {
    return numerator.divide(denominator, SCALE, ROUNDING);
  }

  static BigDecimal mean(BigDecimal sum, long count) {
    return quotient(sum, BigDecimal.valueOf(count));
  }

  static BigDecimal mean(Collection<BigDecimal> values) {
    return mean(sum(values), values.size());
  }

  static BigDecimal sum(Collection<BigDecimal> values) {
    return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** A part's share of a weighted score: {@code value × weight ÷ weights}, rounded once. */
  static BigDecimal share(BigDecimal value, BigDecimal weight, BigDecimal weights) {
    return quotient(value.multiply(weight), weights);
  }

  static BigDecimal of(long value) {
    return BigDecimal.valueOf(value);
  }

  /** Clamped to 0–100. */
  static BigDecimal clamp(BigDecimal value) {
    return value.signum() < 0 ? ZERO : value.compareTo(HUNDRED) > 0 ? round(HUNDRED) : value;
  }

  /** A number for a label: as exact as it is, no trailing zeros. */
  static String text(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
