package org.servicestar.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;

/**
 * The public's verdict on a unit and everything under it over a period (issue 4 "Figures"): ratings by
 * level and by channel, the satisfaction rates, and what became of the bad reviews. Ratings excluded
 * by the office and bad reviews excluded after an upheld appeal count nowhere; only their number is given.
 */
public class RatingFigures {

  /**
   * The figures of a unit's subtree (or of every unit, when {@code unitCode} is null) for the days
   * {@code from} … {@code to}, both included, in the app's zone (Asia/Shanghai).
   *
   * @param verified  bad reviews whose complaint was found substantiated (属实)
   * @param rectified bad reviews whose rectification was accepted (整改到位)
   * @param appealed  bad reviews a staff member appealed, where the appeal is pending or was not upheld
   * @param excluded  ratings that count nowhere: excluded by the office, or bad reviews after an upheld appeal
   */
  public record Figures(String unitCode, String unitName, LocalDate from, LocalDate to, long total,
                        Map<Integer, Long> byLevel, Map<RatingChannel, Long> byChannel, long badReviews,
                        long verified, long rectified, long appealed, long excluded) {

    /** Levels 3–5 over all, in percent with one decimal; empty when there are no ratings. */
    public Optional<BigDecimal> basicallySatisfiedRate() {
      return percent(byLevel.get(3) + byLevel.get(4) + byLevel.get(5));
    }

    /** Levels 4–5 over all, in percent with one decimal; empty when there are no ratings. */
    public Optional<BigDecimal> satisfiedRate() {
      return percent(byLevel.get(4) + byLevel.get(5));
    }

    private Optional<BigDecimal> percent(long part) {
      return total == 0 ? Optional.empty()
          : Optional.of(BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(total), 1, RoundingMode.HALF_UP));
    }
  }

  private final RatingRepository ratings;
  private final UnitService units;
  private final ZoneId zone;

  RatingFigures(RatingRepository ratings, UnitService units, Clock clock) {
    this.ratings = ratings;
    this.units = units;
    this.zone = clock.getZone();
  }

  /**
   * One rated unit's ratings of one level in one month (Beijing), counting or not, with what became
   * of them if they are bad reviews: the rows a city-wide report rolls up, by the same rules as {@link #of}.
   */
  public record UnitMonthRow(long unitId, int ratedMonth, int level, boolean excluded, long ratings, long verified,
                             long rectified, long appealed) {
  }

  /** The rows of every rated unit for the days {@code from} … {@code to}, both included, in one query. */
  public java.util.List<UnitMonthRow> byUnitAndMonth(LocalDate from, LocalDate to) {
    return ratings.figuresByUnitAndMonth(start(from), start(to.plusDays(1)));
  }

  public Figures of(String unitCode, LocalDate from, LocalDate to) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Unit unit = null;
    if (unitCode != null && !unitCode.isBlank()) {
      unit = units.byCode(unitCode.trim()).orElse(null);
      errors.check(unit != null, "unit", "没有编码为 " + unitCode.trim() + " 的单位");
    }
    errors.check(from != null, "from", "请填写起始日期");
    errors.check(to != null, "to", "请填写截止日期");
    errors.check(from == null || to == null || !to.isBefore(from), "to", "截止日期不能早于起始日期");
    errors.throwIfAny();

    Map<Integer, Long> byLevel = new LinkedHashMap<>();
    for (int level = RatingLevel.MAX; level >= RatingLevel.MIN; level--) {
      byLevel.put(level, 0L);
    }
    Map<RatingChannel, Long> byChannel = new EnumMap<>(RatingChannel.class);
    for (RatingChannel channel : RatingChannel.values()) {
      byChannel.put(channel, 0L);
    }
    long total = 0;
    long bad = 0;
    long verified = 0;
    long rectified = 0;
    long appealed = 0;
    long excluded = 0;
    for (RatingRepository.FigureRow row : ratings.figures(unit == null ? null : unit.code(), start(from), start(to.plusDays(1)))) {
      if (row.excluded()) {
        excluded += row.ratings();
        continue;
      }
      total += row.ratings();
      byLevel.merge(row.level(), row.ratings(), Long::sum);
      byChannel.merge(RatingChannel.valueOf(row.channel()), row.ratings(), Long::sum);
      if (RatingLevel.isBad(row.level())) {
        bad += row.ratings();
        verified += row.verified();
        rectified += row.rectified();
        appealed += row.appealed();
      }
    }
    return new Figures(unit == null ? null : unit.code(), unit == null ? "全部单位" : unit.name(), from, to, total,
        Collections.unmodifiableMap(byLevel), Collections.unmodifiableMap(byChannel), bad, verified, rectified, appealed, excluded);
  }

  private OffsetDateTime start(LocalDate day) {
    return day.atStartOfDay(zone).toOffsetDateTime();
  }
}
