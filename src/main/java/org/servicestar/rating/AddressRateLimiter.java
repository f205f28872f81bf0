package org.servicestar.rating;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} anonymous ratings per address in any 60 seconds (a sliding window), counted in
 * this node's memory: enough for one node, and it forgets on restart. Addresses that have been quiet
 * for a minute are dropped now and then, so the map stays as small as the last minute's senders.
 */
class AddressRateLimiter {

  static final long WINDOW_MILLIS = 60_000;
  private static final int PRUNE_EVERY = 1_000;

  private final int limit;
  private final Clock clock;
  private final Map<String, Deque<Long>> hits = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();

  AddressRateLimiter(int limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  int limit() {
    return limit;
  }

  /** Counts one request of the address; false (and not counted) when it already sent its limit this minute. */
  boolean tryAcquire(String address) {
    long now = clock.millis();
    if (calls.incrementAndGet() % PRUNE_EVERY == 0) {
      prune(now);
    }
    Deque<Long> times = hits.computeIfAbsent(address == null ? "" : address, a -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= now - WINDOW_MILLIS) {
        times.pollFirst();
      }
      if (times.size() >= limit) {
        return false;
      }
      times.addLast(now);
      return true;
    }
  }

  /** Seconds until the address may send again (at least 1). */
  long retryAfterSeconds(String address) {
    Deque<Long> times = hits.get(address == null ? "" : address);
    if (times == null) {
      return 1;
    }
    synchronized (times) {
      Long oldest = times.peekFirst();
      return oldest == null ? 1 : Math.max(1, (oldest + WINDOW_MILLIS - clock.millis() + 999) / 1000);
    }
  }

  /** Forgets every address (tests; an operator after a false alarm). */
  void reset() {
    hits.clear();
  }

  int trackedAddresses() {
    return hits.size();
  }

  private void prune(long now) {
    hits.entrySet().removeIf(e -> {
      Deque<Long> times = e.getValue();
      synchronized (times) {
        return times.isEmpty() || times.peekLast() <= now - WINDOW_MILLIS;
      }
    });
  }
}
