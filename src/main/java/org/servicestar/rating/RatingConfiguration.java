package org.servicestar.rating;

import java.time.Clock;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.unit.Staff;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The ratings feature's beans, all on the app's zone (Asia/Shanghai: "one rating per day" is a Chinese day). */
@Configuration
class RatingConfiguration {

  /**
   * The public rating page's style sheets, under {@code /rate/} (public without login; "_" is never part
   * of a unit code, so no window's page is shadowed).
   */
  static final String PUBLIC_ASSETS = "/rate/_static/";

  private final Clock clock;

  RatingConfiguration(Clock clock) {
    this.clock = clock;
  }

  @Bean
  AddressRateLimiter ratingRateLimiter(RatingProperties properties) {
    return new AddressRateLimiter(properties.perAddressPerMinute(), clock);
  }

  @Bean
  RatingHashes ratingHashes(JdbcClient jdbc, PlatformTransactionManager transactions, RatingProperties properties) {
    return new RatingHashes(jdbc, transactions, properties.hashKey());
  }

  @Bean
  RatingRules ratingRules(UnitService units, StaffService staff, RatingProperties properties, RatingHashes hashes) {
    RatingRules.Directory directory = new RatingRules.Directory() {
      @Override
      public Optional<Unit> unit(String code) {
        return units.byCode(code);
      }

      @Override
      public Optional<Staff> staff(String badgeNo) {
        try {
          return Optional.of(staff.byBadge(badgeNo));
        } catch (InvalidInputException e) {
          return Optional.empty();
        }
      }
    };
    return new RatingRules(directory, properties, clock, hashes::voter, hashes::address);
  }

  @Bean
  RatingIntake ratingIntake(RatingRules rules, RatingRepository ratings, ComplaintService complaints, AddressRateLimiter limiter,
                            PlatformTransactionManager transactions) {
    return new RatingIntake(rules, ratings, complaints, limiter, transactions, clock);
  }

  @Bean
  RatingDevices ratingDevices(JdbcClient jdbc, UnitService units, AuditTrail audit) {
    return new RatingDevices(jdbc, units, audit, clock);
  }

  @Bean
  RatingFigures ratingFigures(RatingRepository ratings, UnitService units) {
    return new RatingFigures(ratings, units, clock);
  }

  @Bean
  RatingLedger ratingLedger(RatingRepository ratings, AuditTrail audit) {
    return new RatingLedger(ratings, audit, clock);
  }
}
