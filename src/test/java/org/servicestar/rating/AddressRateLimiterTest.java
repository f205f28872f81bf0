package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.servicestar.support.HandClock;

/** The per-address limit on anonymous ratings: a sliding minute. */
class AddressRateLimiterTest {

  private final HandClock clock = new HandClock(Instant.parse("2026-03-10T02:00:00Z"), ZoneOffset.UTC);
  private final AddressRateLimiter limiter = new AddressRateLimiter(3, clock);

  @Test
  void allowsTheLimitPerMinuteAndAddress() {
    assertThat(limiter.tryAcquire("1.1.1.1")).isTrue();
    assertThat(limiter.tryAcquire("1.1.1.1")).isTrue();
    assertThat(limiter.tryAcquire("1.1.1.1")).isTrue();
    assertThat(limiter.tryAcquire("1.1.1.1")).isFalse();
    assertThat(limiter.tryAcquire("2.2.2.2")).as("another address has its own count").isTrue();
  }

  @Test
  void theWindowSlides() {
    limiter.tryAcquire("1.1.1.1");
    clock.advance(Duration.ofSeconds(30));
    limiter.tryAcquire("1.1.1.1");
    limiter.tryAcquire("1.1.1.1");
    assertThat(limiter.tryAcquire("1.1.1.1")).isFalse();
    assertThat(limiter.retryAfterSeconds("1.1.1.1")).isEqualTo(30);
    clock.advance(Duration.ofSeconds(30));
    assertThat(limiter.tryAcquire("1.1.1.1")).as("the first request is a minute old").isTrue();
    assertThat(limiter.tryAcquire("1.1.1.1")).isFalse();
  }

  @Test
  void refusedRequestsAreNotCountedAndResetForgets() {
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire("1.1.1.1");
    }
    clock.advance(Duration.ofSeconds(61));
    assertThat(limiter.tryAcquire("1.1.1.1")).isTrue();
    limiter.tryAcquire("1.1.1.1");
    limiter.tryAcquire("1.1.1.1");
    assertThat(limiter.tryAcquire("1.1.1.1")).isFalse();
    limiter.reset();
    assertThat(limiter.tryAcquire("1.1.1.1")).isTrue();
  }

  @Test
  void quietAddressesAreForgotten() {
    for (int i = 0; i < 500; i++) {
      limiter.tryAcquire("10.0." + (i / 250) + "." + (i % 250));
    }
    clock.advance(Duration.ofMinutes(2));
    for (int i = 0; i < 600; i++) {
      limiter.tryAcquire("192.168.0.1");
    }
    assertThat(limiter.trackedAddresses()).isEqualTo(1);
  }
}
