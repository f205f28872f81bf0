package org.servicestar.commitment;

import java.time.LocalDateTime;

/** One published text of a unit for a campaign year. */
public record Commitment(int campaignYear, String unitCode, CommitmentKind kind, String text,
                         LocalDateTime publishedAt, String publishedBy) {
}
