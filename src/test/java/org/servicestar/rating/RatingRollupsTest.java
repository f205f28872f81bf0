package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.servicestar.complaint.ComplaintHandlingIds;
import org.servicestar.support.SpringAppTest;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The monthly rollups equal a full recount of the ratings after a mixed stream: single ratings and a
 * batch, either side of a month's first midnight in Beijing (the day before in UTC), bad reviews,
 * an exclusion by the office, an upheld appeal through the complaint's task listener, and an office
 * exclusion of a review whose appeal was already upheld (which changes nothing).
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RatingRollupsTest {

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  /** The first day of the month two months ago: in the past, well within the office's backlog. */
  private static final LocalDate BOUNDARY = LocalDate.now(BEIJING).withDayOfMonth(1).minusMonths(2);

  @Autowired
  UnitService units;
  @Autowired
  RatingIntake intake;
  @Autowired
  RatingLedger ledger;
  @Autowired
  RatingRollups rollups;
  @Autowired
  RatingFigures figures;
  @Autowired
  @Qualifier("complaintTaskListener")
  TaskListener complaintTasks;

  private final Sender office = Sender.office("office-rr", "10.9.8.7");
  private final List<Long> unitIds = new ArrayList<>();

  private static String before() {
    return BOUNDARY.minusDays(1) + "T23:50:00+08:00";
  }

  private static String after() {
    return BOUNDARY + "T00:10:00+08:00";
  }

  private static RatingIntake.Incoming draft(String unit, int level, String ratedAt) {
    return RatingIntake.Incoming.of(new RatingDraft(unit, level, "FORM", null, null, null, null, null, ratedAt, null));
  }

  private RatingIntake.Outcome rate(String unit, int level, String ratedAt) {
    RatingIntake.Outcome o = intake.submit(office, draft(unit, level, ratedAt));
    assertThat(o.status()).as(String.valueOf(o.refusal())).isEqualTo(RatingIntake.Status.ACCEPTED);
    return o;
  }

  private void upholdAppeal(String complaintNumber) {
    DelegateTask task = mock(DelegateTask.class);
    when(task.getTaskDefinitionKey()).thenReturn(ComplaintHandlingIds.Tasks.REVIEW_APPEAL);
    when(task.getAssignee()).thenReturn("office-rr");
    when(task.getVariable(ComplaintHandlingIds.Vars.NUMBER)).thenReturn(complaintNumber);
    when(task.getVariable(ComplaintHandlingIds.Vars.APPEAL_UPHELD)).thenReturn("true");
    when(task.getVariable(ComplaintHandlingIds.Vars.APPEAL_FINDINGS)).thenReturn("评价人当日未在该窗口办事");
    complaintTasks.notify(task);
  }

  @BeforeAll
  void aMixedStream() {
    units.create(new UnitService.UnitDraft("rr-dept", "汇总测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("rr-hall", "汇总测试大厅", UnitType.HALL, "rr-dept"));
    units.create(new UnitService.UnitDraft("rr-w1", "汇总一号窗口", UnitType.WINDOW, "rr-hall"));
    units.create(new UnitService.UnitDraft("rr-w2", "汇总二号窗口", UnitType.WINDOW, "rr-hall"));
    for (String code : List.of("rr-hall", "rr-w1", "rr-w2")) {
      unitIds.add(units.byCode(code).orElseThrow().id());
    }
    rate("rr-w1", 5, before());
    rate("rr-w1", 4, after());
    long stuffed = rate("rr-w1", 5, after()).id();
    String upheld = rate("rr-w1", 1, after()).complaintNumber();
    String kept = rate("rr-w2", 2, before()).complaintNumber();
    List<RatingIntake.Outcome> batch = intake.submitAll(office, List.of(draft("rr-w1", 3, before()), draft("rr-w1", 2, before()),
        draft("rr-w2", 5, after()), draft("rr-w2", 1, after()), draft("rr-hall", 4, null)));
    assertThat(batch).extracting(RatingIntake.Outcome::status).containsOnly(RatingIntake.Status.ACCEPTED);

    ledger.exclude(stuffed, "经查为刷票");
    upholdAppeal(upheld);
    long upheldRating = batch.get(3).id();
    upholdAppeal(batch.get(3).complaintNumber());
    ledger.exclude(upheldRating, "申诉成立后又查实为测试评价");
    assertThat(kept).isNotNull();
  }

  private List<RatingRollups.Month> ours(List<RatingRollups.Month> months) {
    return months.stream().filter(m -> unitIds.contains(m.unitId())).toList();
  }

  private static int yyyymm(LocalDate day) {
    return day.getYear() * 100 + day.getMonthValue();
  }

  private final int from = yyyymm(BOUNDARY.minusMonths(1));
  private final int to = yyyymm(LocalDate.now(BEIJING));

  @Test
  void theRollupsEqualAFullRecount() {
    List<RatingRollups.Month> stored = ours(rollups.stored(from, to));
    assertThat(stored).isEqualTo(ours(rollups.recount(from, to)));
    long w1 = unitIds.get(1);
    long w2 = unitIds.get(2);
    int previous = yyyymm(BOUNDARY.minusDays(1));
    int boundary = yyyymm(BOUNDARY);
    assertThat(stored).contains(
        new RatingRollups.Month(w1, previous, 0, 1, 1, 0, 1, 0),
        new RatingRollups.Month(w1, boundary, 0, 0, 0, 1, 0, 2),
        new RatingRollups.Month(w2, previous, 0, 1, 0, 0, 0, 0),
        new RatingRollups.Month(w2, boundary, 0, 0, 0, 0, 1, 1));
  }

  @Test
  void theRollupsAgreeWithTheFiguresOfEachMonth() {
    for (RatingRollups.Month m : ours(rollups.stored(from, to))) {
      String code = units.tree().unit(m.unitId()).orElseThrow().code();
      LocalDate first = LocalDate.of(m.ratedMonth() / 100, m.monthOfYear(), 1);
      RatingFigures.Figures f = figures.of(code, first, first.plusMonths(1).minusDays(1));
      if (Set.of("rr-hall").contains(code)) {
        continue; // a hall's figures include its windows; its own rollup holds its own ratings only
      }
      assertThat(List.of(m.level1(), m.level2(), m.level3(), m.level4(), m.level5(), m.notCounted())).as(code + " " + m.ratedMonth())
          .isEqualTo(List.of(f.byLevel().get(1), f.byLevel().get(2), f.byLevel().get(3), f.byLevel().get(4), f.byLevel().get(5),
              f.excluded()));
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it would mend what the other tests must see unmended
  void aRebuildGivesTheSameRollups() {
    List<RatingRollups.Month> before = ours(rollups.stored(from, to));
    rollups.rebuild();
    assertThat(ours(rollups.stored(from, to))).isEqualTo(before).isEqualTo(ours(rollups.recount(from, to)));
  }
}
