package org.servicestar.web;

/**
 * A limit on how often something may be sent was reached: answered 429 with {@code Retry-After} and the
 * Chinese message (ApiErrors for the JSON API; a page shows the message on its form). Nothing was stored.
 */
public class TooManyRequestsException extends RuntimeException {

  private final long retryAfterSeconds;

  public TooManyRequestsException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** Seconds until the limit lets the sender in again (at least 1): the {@code Retry-After} header. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
