package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.servicestar.calendar.Workdays;
import org.servicestar.demo.DemoRatings;
import org.servicestar.unit.Staff;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitType;

/** The demo year's ratings pass the intake's rules as the office's entry of paper forms, box cards and hotline calls. */
class DemoRatingsAreValidInputTest {

  private static final ZoneId SHANGHAI = Workdays.ZONE;
  /** The demo's "today": the ratings run up to yesterday, a year back. */
  private static final Clock CLOCK = Clock.fixed(LocalDate.of(2026, 11, 28).atTime(8, 0).atZone(SHANGHAI).toInstant(), SHANGHAI);

  private final Map<String, Unit> units = Map.of(
      "hall", new Unit(1, "hall", "大厅", UnitType.HALL, null, null, true, 0),
      "w1", new Unit(2, "w1", "一号窗口", UnitType.WINDOW, 1L, "hall", true, 0),
      "w2", new Unit(3, "w2", "二号窗口", UnitType.WINDOW, 1L, "hall", true, 0),
      "w3", new Unit(4, "w3", "三号窗口", UnitType.WINDOW, 1L, "hall", true, 0));
  private final Map<String, Staff> staff = Map.of(
      "W1-01", new Staff(10, 2, "w1", "一号窗口", "王一", "W1-01", true, null, true, 0),
      "W2-01", new Staff(11, 3, "w2", "二号窗口", "李二", "W2-01", false, null, true, 0));

  private final RatingRules rules = new RatingRules(new RatingRules.Directory() {
    @Override
    public Optional<Unit> unit(String code) {
      return Optional.ofNullable(units.get(code));
    }

    @Override
    public Optional<Staff> staff(String badgeNo) {
      return Optional.ofNullable(staff.get(badgeNo));
    }
  }, RatingProperties.defaults(), CLOCK, t -> "voter(" + t + ")", a -> a == null ? null : "address(" + a + ")");

  @Test
  void everyGeneratedRatingIsAcceptedAsItWasMade() {
    List<DemoRatings.Window> windows = List.of(new DemoRatings.Window("w1", List.of("W1-01")),
        new DemoRatings.Window("w2", List.of("W2-01")), new DemoRatings.Window("w3", List.of()));
    List<DemoRatings.Generated> year = new DemoRatings(DemoRatings.Settings.demo(42), Workdays.withShippedCalendars()::isWorkingDay, SHANGHAI)
        .between(windows, LocalDate.of(2025, 11, 28), LocalDate.of(2026, 11, 27));
    assertThat(year).hasSizeGreaterThan(3 * 200);
    Sender office = Sender.office("office1", "10.0.0.2");
    for (DemoRatings.Generated g : year) {
      RatingDraft draft = new RatingDraft(g.unitCode(), g.level(), g.channel(), g.staffBadge(), g.comment(), g.contactName(),
          g.contactPhone(), g.clientRef(), g.ratedAt().toString(), null);
      RatingRules.Checked checked = rules.check(draft, Map.of(), office);
      assertThat(checked.refusal()).as(g.toString()).isNull();
      assertThat(checked.rating().ratedAt().toInstant()).isEqualTo(g.ratedAt().toInstant());
      assertThat(checked.rating().level()).isEqualTo(g.level());
    }
  }
}
