package org.servicestar.rating;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.servicestar.unit.Unit;

/** A rating that passed every check and may be stored (unless its clientRef or its voter's day is taken). */
record ValidRating(Unit unit, int level, RatingChannel channel, String staffBadge, String comment, String contactName,
                   String contactPhone, String clientRef, OffsetDateTime ratedAt, LocalDate ratedDay, Long deviceId,
                   String voterHash, String addressHash, String enteredBy) {

  boolean bad() {
    return RatingLevel.isBad(level);
  }
}
