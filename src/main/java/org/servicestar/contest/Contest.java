package org.servicestar.contest;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** A contest as stored; {@code version} guards its results against two editors at once. */
record Contest(long id, int campaignYear, String name, ContestKind kind, LocalDate heldOn, String recordedBy,
               LocalDateTime recordedAt, int version, int resultCount) {
}
