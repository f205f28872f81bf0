package org.servicestar.complaint;

/**
 * Whoever keeps figures of the ratings behind bad reviews (the rating feature's monthly rollups) is
 * told of a change that excludes a review — an upheld appeal — and runs it, so the figures move in
 * the same transaction. An interface here because the rating feature depends on complaints, not the
 * other way round.
 */
public interface ReviewExclusions {

  /** Runs {@code change}, which may decide anew whether the ratings of this complaint count. */
  void around(String complaintNumber, Runnable change);
}
