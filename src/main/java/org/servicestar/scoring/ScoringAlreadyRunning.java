package org.servicestar.scoring;

/** A second scoring run for a year while one is still running is refused, not queued. */
public class ScoringAlreadyRunning extends IllegalStateException {

  public ScoringAlreadyRunning(int year) {
    super(year + " 年的评分正在计算中，请等待本次计算完成后再重新计算");
  }
}
