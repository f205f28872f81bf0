package org.servicestar.rating;

/**
 * A rating as a sender states it, before any check: from the JSON API, the rating page, the office's
 * entry form or a spreadsheet row. {@code ratedAt} is text (ISO date-time, or a date for paper forms);
 * {@code deviceToken} identifies an anonymous rater's phone or browser.
 */
record RatingDraft(String unitCode, Integer level, String channel, String staffBadge, String comment,
                   String contactName, String contactPhone, String clientRef, String ratedAt, String deviceToken) {
}
