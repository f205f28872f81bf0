package org.servicestar.contest;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One participant's result in a contest, for the scoring: a staff member's ({@code staffBadge} set,
 * {@code unitCode} the unit they competed for) or a unit's ({@code staffBadge} null). At least one of
 * {@code rank} (1 = first) and {@code points} (0–100) is set.
 */
public record ContestResult(long contestId, String contestName, ContestKind kind, LocalDate heldOn, int campaignYear,
                            String unitCode, String staffBadge, Integer rank, BigDecimal points) {
}
