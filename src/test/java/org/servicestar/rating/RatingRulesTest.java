package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.servicestar.unit.Staff;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitType;

/** The checks every rating passes, whatever its way in. */
class RatingRulesTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  /** 2026-03-10 23:30 in Shanghai: 15:30 UTC. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T15:30:00Z"), SHANGHAI);

  private final Unit dept = new Unit(1, "dept", "测试局", UnitType.DEPARTMENT, null, null, true, 0);
  private final Unit hall = new Unit(2, "hall", "测试大厅", UnitType.HALL, 1L, "dept", true, 0);
  private final Unit window = new Unit(3, "w1", "一号窗口", UnitType.WINDOW, 2L, "hall", true, 0);
  private final Unit other = new Unit(4, "w2", "二号窗口", UnitType.WINDOW, 2L, "hall", true, 0);
  private final Unit closed = new Unit(5, "w3", "三号窗口", UnitType.WINDOW, 2L, "hall", false, 0);
  private final Map<String, Unit> units = Map.of("dept", dept, "hall", hall, "w1", window, "w2", other, "w3", closed);
  private final Map<String, Staff> staff = Map.of(
      "A1", new Staff(10, 3, "w1", "一号窗口", "王一", "A1", true, null, true, 0),
      "H1", new Staff(11, 2, "hall", "测试大厅", "李二", "H1", false, null, true, 0),
      "B1", new Staff(12, 4, "w2", "二号窗口", "赵三", "B1", false, null, true, 0));

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

  private final RatingDevice padOfW1 = new RatingDevice(7, 3, "w1", "一号窗口", "1 号评价器", "ssk_abc", null, "office", null, null, null);
  private final Sender pad = new Sender(padOfW1, false, null, "10.0.0.1", null);
  private final Sender office = Sender.office("office1", "10.0.0.2");
  private final Sender publicWithCookie = Sender.anonymous("10.0.0.3", "cookie-token-123");

  private static RatingDraft draft(String unit, Integer level, String channel) {
    return new RatingDraft(unit, level, channel, null, null, null, null, null, null, null);
  }

  private RatingRules.Checked check(RatingDraft d, Sender s) {
    return rules.check(d, Map.of(), s);
  }

  @Test
  void aGoodPadRatingIsValidAndDatedNow() {
    RatingRules.Checked c = check(new RatingDraft(" w1 ", 5, "DEVICE", "A1", "  很好  ", null, null, "pad-1", null, null), pad);
    assertThat(c.refusal()).isNull();
    ValidRating r = c.rating();
    assertThat(r.unit()).isEqualTo(window);
    assertThat(r.comment()).isEqualTo("很好");
    assertThat(r.deviceId()).isEqualTo(7L);
    assertThat(r.voterHash()).isNull();
    assertThat(r.addressHash()).isEqualTo("address(10.0.0.1)");
    assertThat(r.ratedAt()).isEqualTo(OffsetDateTime.now(CLOCK));
    assertThat(r.ratedDay()).isEqualTo(LocalDate.of(2026, 3, 10));
    assertThat(r.bad()).isFalse();
  }

  @Test
  void theDayIsShanghaisDay() {
    // 16:30 UTC on the 9th is 00:30 on the 10th in Shanghai; 15:59 UTC is still the 9th there.
    assertThat(check(new RatingDraft("w1", 4, "DEVICE", null, null, null, null, null, "2026-03-09T16:30:00Z", null), pad)
        .rating().ratedDay()).isEqualTo(LocalDate.of(2026, 3, 10));
    assertThat(check(new RatingDraft("w1", 4, "DEVICE", null, null, null, null, null, "2026-03-09T15:59:00Z", null), pad)
        .rating().ratedDay()).isEqualTo(LocalDate.of(2026, 3, 9));
  }

  @Test
  void everyBadFieldIsNamedAtOnce() {
    RatingDraft d = new RatingDraft("", 6, "FAX", "bad badge!", "长".repeat(501), "名".repeat(51), "<script>", "no spaces allowed",
        "yesterday", "short");
    Refusal refusal = check(d, pad).refusal();
    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
    assertThat(refusal.fields()).containsOnlyKeys("unitCode", "level", "channel", "staffBadge", "comment", "contactName",
        "contactPhone", "clientRef", "deviceToken");
    assertThat(refusal.fields().get("level")).contains("1–5");
    assertThat(refusal.fields().get("comment")).contains("501");
  }

  @Test
  void levelsOutsideOneToFiveAndMissingOnesAreRefused() {
    assertThat(check(draft("w1", 0, "DEVICE"), pad).refusal().fields()).containsOnlyKeys("level");
    assertThat(check(draft("w1", null, "DEVICE"), pad).refusal().fields()).containsOnlyKeys("level");
    assertThat(check(draft("w1", 1, "DEVICE"), pad).rating().bad()).isTrue();
    assertThat(check(draft("w1", 2, "DEVICE"), pad).rating().bad()).isTrue();
    assertThat(check(draft("w1", 3, "DEVICE"), pad).rating().bad()).isFalse();
  }

  @Test
  void unknownAndInactiveUnitsAreRefused() {
    assertThat(check(draft("nowhere", 5, "FORM"), office).refusal().fields().get("unitCode")).contains("nowhere");
    assertThat(check(draft("w3", 5, "FORM"), office).refusal().fields()).containsOnlyKeys("unitCode");
  }

  @Test
  void staffMustServeAtTheUnitOrAboveIt() {
    assertThat(check(new RatingDraft("w1", 5, "FORM", "A1", null, null, null, null, null, null), office).refusal()).isNull();
    assertThat(check(new RatingDraft("w1", 5, "FORM", "H1", null, null, null, null, null, null), office).refusal()).isNull();
    assertThat(check(new RatingDraft("w1", 5, "FORM", "B1", null, null, null, null, null, null), office).refusal().fields().get("staffBadge"))
        .contains("B1").contains("一号窗口");
    assertThat(check(new RatingDraft("w1", 5, "FORM", "ZZ9", null, null, null, null, null, null), office).refusal().fields())
        .containsOnlyKeys("staffBadge");
  }

  @Test
  void aPadNeedsItsKeyAndRatesOnlyItsOwnWindow() {
    Refusal noKey = check(draft("w1", 5, "DEVICE"), office).refusal();
    assertThat(noKey.kind()).isEqualTo(Refusal.Kind.UNAUTHORIZED);
    assertThat(noKey.message()).contains("X-Device-Key");
    Refusal otherWindow = check(draft("w2", 5, "DEVICE"), pad).refusal();
    assertThat(otherWindow.kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
    assertThat(otherWindow.message()).contains("一号窗口").contains("二号窗口");
  }

  @Test
  void onlyTheOfficeTypesInFormsBoxesAndHotlineRatings() {
    assertThat(check(draft("w1", 4, "FORM"), Sender.anonymous("1.2.3.4", null)).refusal().kind()).isEqualTo(Refusal.Kind.UNAUTHORIZED);
    assertThat(check(draft("w1", 4, "BOX"), new Sender(null, false, "lead-w1", "1.2.3.4", null)).refusal().kind())
        .isEqualTo(Refusal.Kind.FORBIDDEN);
    ValidRating r = check(draft("w1", 4, "HOTLINE"), office).rating();
    assertThat(r.enteredBy()).isEqualTo("office1");
    assertThat(check(draft("w1", 4, "FORM"), new Sender(padOfW1, true, "office1", "10.0.0.2", null)).rating().deviceId())
        .as("a pad's key sent along does not make a paper form the pad's").isNull();
    assertThat(RatingChannel.parse("意见箱")).contains(RatingChannel.BOX);
  }

  @Test
  void anonymousRatingsNeedAPhoneOrBrowserTokenAndAreDatedOnArrival() {
    assertThat(check(draft("w1", 5, "QR"), Sender.anonymous("1.2.3.4", null)).refusal().fields()).containsOnlyKeys("deviceToken");
    ValidRating withCookie = check(new RatingDraft("w1", 5, "QR", null, null, null, null, null, "2020-01-01", null), publicWithCookie).rating();
    assertThat(withCookie.voterHash()).isEqualTo("voter(cookie-token-123)");
    assertThat(withCookie.ratedAt()).as("the public's ratedAt is not trusted").isEqualTo(OffsetDateTime.now(CLOCK));
    ValidRating withToken = check(new RatingDraft("w1", 5, "ONLINE", null, null, null, null, null, null, "app-install-42"),
        publicWithCookie).rating();
    assertThat(withToken.voterHash()).isEqualTo("voter(app-install-42)");
  }

  @Test
  void ratedAtMayNotLieInTheFutureNorTooFarBack() {
    // Now is 23:30 in Shanghai; a pad's clock may run up to five minutes ahead.
    assertThat(check(new RatingDraft("w1", 5, "DEVICE", null, null, null, null, null, "2026-03-10T23:33:00+08:00", null), pad)
        .rating().ratedAt()).isEqualTo(OffsetDateTime.parse("2026-03-10T23:33:00+08:00"));
    assertThat(check(new RatingDraft("w1", 5, "DEVICE", null, null, null, null, null, "2026-03-10T23:40:00+08:00", null), pad)
        .refusal().fields().get("ratedAt")).contains("晚于现在");
    assertThat(check(new RatingDraft("w1", 5, "DEVICE", null, null, null, null, null, "2026-01-01", null), pad)
        .refusal().fields().get("ratedAt")).contains("30 天");
    // A paper form of January is fine: the office types in up to 400 days back.
    assertThat(check(new RatingDraft("w1", 5, "FORM", null, null, null, null, null, "2026-01-01", null), office).rating().ratedDay())
        .isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(check(new RatingDraft("w1", 5, "FORM", null, null, null, null, null, "2026-02-30", null), office).refusal().fields())
        .containsOnlyKeys("ratedAt");
    assertThat(RatingRules.parseDateTime("2026-03-01T10:15:30", SHANGHAI)).isEqualTo(OffsetDateTime.parse("2026-03-01T10:15:30+08:00"));
  }

  @Test
  void typeErrorsFromTheJsonComeFirst() {
    Refusal r = rules.check(draft("w1", null, "DEVICE"), Map.of("level", "评价等级 level 须为 1–5 的整数"), pad).refusal();
    assertThat(r.fields()).containsExactly(Map.entry("level", "评价等级 level 须为 1–5 的整数"));
  }

  @Test
  void theRememberingRulesLookUpEachUnitOnce() {
    int[] lookups = {0};
    RatingRules counting = new RatingRules(new RatingRules.Directory() {
      @Override
      public Optional<Unit> unit(String code) {
        lookups[0]++;
        return Optional.ofNullable(units.get(code));
      }

      @Override
      public Optional<Staff> staff(String badgeNo) {
        return Optional.empty();
      }
    }, RatingProperties.defaults(), CLOCK, t -> t, a -> a).remembering();
    for (int i = 0; i < 10; i++) {
      counting.check(draft("w1", 5, "FORM"), Map.of(), office);
    }
    assertThat(lookups[0]).isEqualTo(1);
  }
}
