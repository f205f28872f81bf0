package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.support.SpringAppTest;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The figures of a unit and its sub-units: excluded ratings (by the office, or bad reviews after an
 * upheld appeal) count nowhere; what ComplaintHandling recorded on the complaints is read through the
 * complaint numbers.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingFiguresTest {

  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

  @Autowired
  UnitService units;
  @Autowired
  RatingIntake intake;
  @Autowired
  RatingDevices devices;
  @Autowired
  RatingLedger ledger;
  @Autowired
  RatingFigures figures;
  @Autowired
  AddressRateLimiter limiter;
  @Autowired
  JdbcClient jdbc;

  private final Sender office = Sender.office("office-rf", "10.9.9.9");
  private final List<String> bad = new ArrayList<>();

  private RatingIntake.Outcome rate(Sender sender, String unit, int level, String channel, String token) {
    RatingIntake.Outcome o = intake.submit(sender, RatingIntake.Incoming.of(
        new RatingDraft(unit, level, channel, null, null, null, null, null, null, token)));
    assertThat(o.status()).as(String.valueOf(o.refusal())).isEqualTo(RatingIntake.Status.ACCEPTED);
    if (o.complaintNumber() != null) {
      bad.add(o.complaintNumber());
    }
    return o;
  }

  private void event(String complaintNumber, String kind) {
    jdbc.sql("insert into complaint_event (complaint_id, at, actor, kind, detail) select id, ?, 'test', ?, 'test' from complaint where number = ?")
        .params(LocalDateTime.now(), kind, complaintNumber).update();
  }

  @BeforeAll
  void ratingsOfAHallAndItsWindows() {
    units.create(new UnitService.UnitDraft("rf-dept", "统计测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("rf-hall", "统计测试大厅", UnitType.HALL, "rf-dept"));
    units.create(new UnitService.UnitDraft("rf-w1", "统计一号窗口", UnitType.WINDOW, "rf-hall"));
    units.create(new UnitService.UnitDraft("rf-w2", "统计二号窗口", UnitType.WINDOW, "rf-hall"));
    units.create(new UnitService.UnitDraft("rf-hall2", "统计测试二厅", UnitType.HALL, "rf-dept"));
    units.create(new UnitService.UnitDraft("rf-w3", "统计三号窗口", UnitType.WINDOW, "rf-hall2"));
    limiter.reset();
    RatingDevice pad = devices.check(devices.issue("rf-w1", "统计评价器").key()).device();

    rate(office, "rf-w1", 5, "FORM", null);
    rate(Sender.anonymous("10.9.9.1", null), "rf-w1", 5, "QR", "rf-phone-0001");
    rate(office, "rf-w1", 4, "BOX", null);
    rate(office, "rf-w1", 3, "HOTLINE", null);
    rate(office, "rf-w1", 2, "FORM", null);          // bad 0: substantiated and rectified
    rate(office, "rf-w1", 1, "FORM", null);          // bad 1: appealed, appeal not upheld
    rate(office, "rf-w1", 1, "FORM", null);          // bad 2: appeal upheld: excluded
    long test = rate(new Sender(pad, false, null, "10.9.9.2", null), "rf-w1", 4, "DEVICE", null).id();
    rate(office, "rf-w2", 3, "FORM", null);
    rate(office, "rf-w2", 2, "FORM", null);          // bad 3: nothing yet
    rate(office, "rf-w3", 5, "FORM", null);

    jdbc.sql("update complaint set substantiated = true where number = ?").param(bad.get(0)).update();
    event(bad.get(0), "RECTIFICATION_DONE");
    event(bad.get(1), "APPEAL_FILED");
    event(bad.get(2), "APPEAL_FILED");
    jdbc.sql("update complaint set review_excluded = true, exclusion_reason = '申诉成立' where number = ?").param(bad.get(2)).update();
    ledger.exclude(test, "评价器安装调试时的测试评价");
  }

  @Test
  void aHallsFiguresCoverItsWindowsAndLeaveExcludedRatingsOut() {
    RatingFigures.Figures f = figures.of("rf-hall", TODAY, TODAY);
    assertThat(f.unitName()).isEqualTo("统计测试大厅");
    assertThat(f.total()).isEqualTo(8);
    assertThat(f.byLevel()).containsExactly(java.util.Map.entry(5, 2L), java.util.Map.entry(4, 1L), java.util.Map.entry(3, 2L),
        java.util.Map.entry(2, 2L), java.util.Map.entry(1, 1L));
    assertThat(f.byChannel()).containsEntry(RatingChannel.FORM, 5L).containsEntry(RatingChannel.QR, 1L)
        .containsEntry(RatingChannel.BOX, 1L).containsEntry(RatingChannel.HOTLINE, 1L)
        .containsEntry(RatingChannel.DEVICE, 0L).containsEntry(RatingChannel.ONLINE, 0L);
    assertThat(f.basicallySatisfiedRate()).contains(new BigDecimal("62.5"));
    assertThat(f.satisfiedRate()).contains(new BigDecimal("37.5"));
    assertThat(f.badReviews()).isEqualTo(3);
    assertThat(f.verified()).isEqualTo(1);
    assertThat(f.rectified()).isEqualTo(1);
    assertThat(f.appealed()).as("the upheld appeal is excluded, so counts nowhere but in 'excluded'").isEqualTo(1);
    assertThat(f.excluded()).isEqualTo(2);
  }

  @Test
  void theSubtreeDecidesWhatCounts() {
    assertThat(figures.of("rf-dept", TODAY, TODAY).total()).isEqualTo(9);
    RatingFigures.Figures w2 = figures.of("rf-w2", TODAY, TODAY);
    assertThat(w2.total()).isEqualTo(2);
    assertThat(w2.badReviews()).isEqualTo(1);
    assertThat(w2.satisfiedRate()).contains(new BigDecimal("0.0"));
    assertThat(figures.of(null, TODAY, TODAY).total()).as("every unit").isGreaterThanOrEqualTo(9);
  }

  @Test
  void thePeriodDecidesToo() {
    RatingFigures.Figures yesterday = figures.of("rf-hall", TODAY.minusDays(1), TODAY.minusDays(1));
    assertThat(yesterday.total()).isZero();
    assertThat(yesterday.basicallySatisfiedRate()).isEmpty();
    assertThat(figures.of("rf-hall", TODAY.withDayOfYear(1), TODAY).total()).isEqualTo(8);
    assertThatThrownBy(() -> figures.of("rf-hall", TODAY, TODAY.minusDays(1))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("截止日期");
    assertThatThrownBy(() -> figures.of("rf-none", TODAY, TODAY)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aRatingIsExcludedOnceWithAReason() {
    long id = rate(office, "rf-w3", 4, "FORM", null).id();
    assertThatThrownBy(() -> ledger.exclude(id, " ")).isInstanceOf(InvalidInputException.class).hasMessageContaining("理由");
    ledger.exclude(id, "重复录入");
    assertThatThrownBy(() -> ledger.exclude(id, "再次")).isInstanceOf(InvalidInputException.class).hasMessageContaining("已被排除");
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'RATING_EXCLUDED' and detail like ?").param("%#" + id + "%")
        .query(Long.class).single()).isEqualTo(1);
  }
}
