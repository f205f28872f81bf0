package org.servicestar.rating;

/**
 * Who sends ratings: a rating pad (its checked, unrevoked device), the office (logged in), or the
 * anonymous public; with the address the request came from and the browser's token cookie, if any.
 */
record Sender(RatingDevice device, boolean office, String actor, String address, String browserToken) {

  static Sender anonymous(String address, String browserToken) {
    return new Sender(null, false, null, address, browserToken);
  }

  static Sender office(String actor, String address) {
    return new Sender(null, true, actor, address, null);
  }
}
