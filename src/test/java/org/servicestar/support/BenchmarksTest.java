package org.servicestar.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.servicestar.support.Benchmarks.Goal;

/** The benchmarks' verdict: it must be able to say "not met", and agree with the figure it prints. */
class BenchmarksTest {

  @Test
  void aFigureShortOfItsGoalIsNotMet() {
    assertThat(Benchmarks.resultLine("goal1", 0.58, 2, Goal.AT_LEAST, 0.8)).isEqualTo("RESULT goal1: 0.58 >= 0.8 not met");
    assertThat(Benchmarks.resultLine("goal3", 3.01, 2, Goal.AT_MOST, 3)).isEqualTo("RESULT goal3: 3.01 <= 3 not met");
    assertThat(Benchmarks.resultLine("p95", 5000, 0, Goal.BELOW, 5000)).isEqualTo("RESULT p95: 5000 < 5000 not met");
    assertThat(Benchmarks.result("goal1", 0.58, 2, Goal.AT_LEAST, 0.8)).isFalse();
  }

  @Test
  void aFigureThatReachesItsGoalIsMet() {
    assertThat(Benchmarks.resultLine("goal2", 0.607, 3, Goal.AT_LEAST, 0.5)).isEqualTo("RESULT goal2: 0.607 >= 0.5 met");
    assertThat(Benchmarks.resultLine("goal4", 2.0, 2, Goal.AT_MOST, 2)).isEqualTo("RESULT goal4: 2.00 <= 2 met");
    assertThat(Benchmarks.result("goal3", 2.68, 2, Goal.AT_MOST, 3)).isTrue();
  }

  @Test
  void theComparisonIsMadeOnThePrintedFigure() {
    // 0.7996 prints as 0.80: compared unrounded it would read "0.80 >= 0.8 not met".
    assertThat(Benchmarks.resultLine("goal1", 0.7996, 2, Goal.AT_LEAST, 0.8)).isEqualTo("RESULT goal1: 0.80 >= 0.8 met");
    assertThat(Benchmarks.resultLine("goal1", 0.7949, 2, Goal.AT_LEAST, 0.8)).isEqualTo("RESULT goal1: 0.79 >= 0.8 not met");
  }

  @Test
  void noFigureIsNotMet() {
    assertThat(Benchmarks.resultLine("goal2", Double.NaN, 3, Goal.AT_LEAST, 0.5)).endsWith("not met");
    assertThat(Benchmarks.resultLine("goal3", Double.POSITIVE_INFINITY, 2, Goal.AT_MOST, 3)).endsWith("not met");
  }
}
