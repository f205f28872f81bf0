package org.servicestar.rating;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a rating comes from (DESIGN.md "Ratings and public pages"), and who may send it: a rating
 * pad with its window's key, the anonymous public (limited), or the office typing in what arrived
 * on paper or by phone.
 */
public enum RatingChannel {
  DEVICE("评价器", Sender.PAD),
  QR("扫码评价", Sender.PUBLIC),
  ONLINE("网上评价", Sender.PUBLIC),
  FORM("评议表", Sender.OFFICE),
  BOX("意见箱", Sender.OFFICE),
  HOTLINE("热线回访", Sender.OFFICE);

  /** Who may send ratings of a channel. */
  enum Sender { PAD, PUBLIC, OFFICE }

  private final String label;
  private final Sender sender;

  RatingChannel(String label, Sender sender) {
    this.label = label;
    this.sender = sender;
  }

  public String label() {
    return label;
  }

  Sender sender() {
    return sender;
  }

  /** Anonymous and limited: one rating per phone or browser per window per day, and per address per minute. */
  public boolean anonymous() {
    return sender == Sender.PUBLIC;
  }

  /** Typed in by the office (paper forms, suggestion box, hotline). */
  public boolean byOffice() {
    return sender == Sender.OFFICE;
  }

  /** The English name, or the Chinese label as people type it in a spreadsheet. */
  static Optional<RatingChannel> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    return Arrays.stream(values()).filter(c -> c.name().equalsIgnoreCase(t) || c.label.equals(t)).findFirst();
  }
}
