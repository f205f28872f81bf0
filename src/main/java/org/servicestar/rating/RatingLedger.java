package org.servicestar.rating;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.servicestar.audit.AuditTrail;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.transaction.annotation.Transactional;

/** The stored ratings as the office reads them (never with the rater's contact), and their exclusion. */
class RatingLedger {

  static final int MAX_REASON = 500;

  private final RatingRepository ratings;
  private final AuditTrail audit;
  private final Clock clock;

  RatingLedger(RatingRepository ratings, AuditTrail audit, Clock clock) {
    this.ratings = ratings;
    this.audit = audit;
    this.clock = clock;
  }

  /** The latest ratings of a unit's subtree (every unit when null) on the days from … to. */
  List<RatingRepository.Listed> latest(String unitCode, LocalDate from, LocalDate to, int limit) {
    return ratings.latest(unitCode, from.atStartOfDay(clock.getZone()).toOffsetDateTime(),
        to.plusDays(1).atStartOfDay(clock.getZone()).toOffsetDateTime(), limit);
  }

  /**
   * The office takes a rating out of every figure (a pad's test rating, proven ballot stuffing); it stays
   * on record with the reason. A bad review wrongly given is excluded through its complaint's appeal
   * instead (ComplaintHandling, Task_ReviewAppeal), which the figures read through the complaint number.
   */
  @Transactional
  public void exclude(long id, String reason) {
    RatingRepository.Listed rating = ratings.find(id).orElseThrow(() -> InvalidInputException.of("id", "没有编号为 " + id + " 的评价"));
    String r = RatingRules.strip(reason);
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    errors.check(r != null, "reason", "请填写排除的理由");
    errors.check(TextLimits.fits(r, MAX_REASON), "reason", TextLimits.tooLong("理由", MAX_REASON, r));
    errors.check(r == null || r.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r'),
        "reason", "理由不能含控制字符");
    errors.check(!rating.excluded(), "id", "该评价已被排除");
    errors.throwIfAny();
    if (ratings.exclude(id, r)) {
      audit.record("RATING_EXCLUDED", "unit:" + rating.unitCode(), "评价 #" + id + "（" + rating.levelLabel() + "）：" + r);
    }
  }
}
