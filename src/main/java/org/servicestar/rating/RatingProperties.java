package org.servicestar.rating;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The limits of the rating intake ({@code servicestar.rating.*}).
 *
 * @param perAddressPerMinute anonymous ratings (QR, ONLINE) one address may send per minute; counted in
 *                            this node's memory, so with several nodes behind a balancer each node counts
 *                            its own share (set {@code server.forward-headers-strategy} behind a proxy, or
 *                            every rater has the proxy's address)
 * @param batchMaxItems       most ratings one {@code POST /api/ratings/batch} may carry (413 above it)
 * @param maxBody             largest request body the rating API reads (413 above it)
 * @param deviceBacklog       how far in the past a rating pad's {@code ratedAt} may lie (a pad that was offline)
 * @param officeBacklog       how far in the past the date of a paper form, box entry or hotline call may lie
 * @param hashKey             the HMAC key for voters' tokens and addresses; empty: one is made and kept in
 *                            the database at first use
 */
@ConfigurationProperties("servicestar.rating")
record RatingProperties(
    @DefaultValue("30") int perAddressPerMinute,
    @DefaultValue("1000") int batchMaxItems,
    @DefaultValue("4MB") DataSize maxBody,
    @DefaultValue("P30D") Duration deviceBacklog,
    @DefaultValue("P400D") Duration officeBacklog,
    @DefaultValue("") String hashKey) {

  RatingProperties {
    if (perAddressPerMinute < 1) {
      throw new IllegalArgumentException("servicestar.rating.per-address-per-minute must be at least 1");
    }
    if (batchMaxItems < 1) {
      throw new IllegalArgumentException("servicestar.rating.batch-max-items must be at least 1");
    }
  }

  static RatingProperties defaults() {
    return new RatingProperties(30, 1000, DataSize.ofMegabytes(4), Duration.ofDays(30), Duration.ofDays(400), "");
  }
}
