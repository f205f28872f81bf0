package org.servicestar.interview;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.dashboard.InterviewMarks;
import org.servicestar.dashboard.WindowRankings.MonthPlace;
import org.servicestar.dashboard.WindowRankings;
import org.servicestar.numbering.BusinessNumbers;
import org.servicestar.web.PublicAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 约谈 cases (issue 19): opened for the windows the monthly ranking flags (last in two complete months
 * in a row), recorded by the office, confirmed by the window's leads, and judged by the ranking of the
 * first full month after the confirmation. The case lives in {@code interview_case}; the
 * {@link InterviewIds#PROCESS} instance carries its number.
 */
@Service
class Interviews implements InterviewMarks {

  private static final Logger log = LoggerFactory.getLogger(Interviews.class);

  /** The result of the follow-up month's check. */
  record FollowUp(InterviewStatus status, String text) {

    boolean improved() {
      return status == InterviewStatus.IMPROVED;
    }
  }

  private static final String SELECT = "select * from interview_case";

  private final JdbcClient jdbc;
  private final WindowRankings rankings;
  private final BusinessNumbers numbers;
  private final RuntimeService runtime;
  private final AuditTrail audit;
  private final Clock clock;
  private final PublicAddress publicAddress;

  Interviews(JdbcClient jdbc, WindowRankings rankings, BusinessNumbers numbers, RuntimeService runtime, AuditTrail audit, Clock clock,
             PublicAddress publicAddress) {
    this.jdbc = jdbc;
    this.rankings = rankings;
    this.numbers = numbers;
    this.runtime = runtime;
    this.audit = audit;
    this.clock = clock;
    this.publicAddress = publicAddress;
  }

  /** The last month that has ended in the app's zone: the one the monthly check looks at. */
  YearMonth lastCompleteMonth() {
    return YearMonth.now(clock).minusMonths(1);
  }

  /**
   * Opens a case, and starts its process, for every window flagged for a talk in {@code month} that has
   * none for that month yet and no unfinished case from an earlier month (it is already being talked to).
   * Idempotent: run twice, on two nodes at once, it opens each case once (the unique key on window and
   * month refuses the second, whose transaction then fails and is retried by the job executor).
   */
  @Transactional
  List<String> openFor(YearMonth month) {
    List<String> opened = new ArrayList<>();
    for (MonthPlace talk : rankings.talks(month)) {
      if (exists(talk.unitCode(), month)) {
        continue;
      }
      Optional<InterviewCase> running = unfinished(talk.unitCode());
      if (running.isPresent()) {
        log.info("{} flagged for a talk in {}, but case {} is still running: no second case", talk.unitCode(), month,
            running.get().number());
        continue;
      }
      String number = numbers.next(InterviewIds.NUMBER_PREFIX);
      jdbc.sql("""
              insert into interview_case (number, unit_code, unit_name, flag_year, flag_month, flag_rank, flag_ranked, flag_rate,
                                          status, opened_at)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(number, talk.unitCode(), talk.unitName(), month.getYear(), month.getMonthValue(), talk.rank(), talk.ranked(),
              talk.rate(), InterviewStatus.AWAITING_INTERVIEW.name(), LocalDateTime.now(clock))
          .update();
      InterviewCase created = require(number);
      Map<String, Object> vars = new HashMap<>();
      vars.put(InterviewIds.Vars.NUMBER, number);
      vars.put(InterviewIds.Vars.UNIT_CODE, talk.unitCode());
      vars.put(InterviewIds.Vars.UNIT_NAME, talk.unitName());
      vars.put(InterviewIds.Vars.FLAG_MONTH, month.toString());
      vars.put(InterviewIds.Vars.FLAG_TEXT, created.flagText() + "（" + talk.describe() + "）");
      vars.put(InterviewIds.Vars.DETAIL_LINK, publicAddress.link("/interviews/" + number));
      ProcessInstance instance = runtime.startProcessInstanceByKey(InterviewIds.PROCESS, number, vars);
      jdbc.sql("update interview_case set process_instance_id = ? where number = ?").params(instance.getId(), number).update();
      audit.record("INTERVIEW_OPENED", subject(number), talk.unitCode() + "，" + created.flagText() + "，" + talk.describe());
      opened.add(number);
    }
    return opened;
  }

  /** Task_HoldInterview: the interview as held. */
  @Transactional
  void held(String number, LocalDate on, String participants, String causes, String commitments, String actor) {
    jdbc.sql("""
            update interview_case set held_on = ?, participants = ?, causes = ?, commitments = ?, held_by = ?, held_at = ?, status = ?
             where number = ?""")
        .params(on, participants, causes, commitments, actor, LocalDateTime.now(clock), InterviewStatus.AWAITING_CONFIRMATION.name(),
            number)
        .update();
    audit.record("INTERVIEW_HELD", subject(number), actor + "，约谈日期 " + on);
  }

  /** Task_ConfirmCommitments: the lead confirms; the follow-up month is the first full month after today. */
  @Transactional
  YearMonth confirmed(String number, String note, String actor) {
    YearMonth followUp = YearMonth.now(clock).plusMonths(1);
    jdbc.sql("""
            update interview_case set confirmed_by = ?, confirmed_at = ?, confirmation_note = ?, follow_year = ?, follow_month = ?,
                   status = ? where number = ?""")
        .params(actor, LocalDateTime.now(clock), note, followUp.getYear(), followUp.getMonthValue(),
            InterviewStatus.FOLLOWING_UP.name(), number)
        .update();
    audit.record("INTERVIEW_CONFIRMED", subject(number), actor + "，跟踪 " + followUp);
    return followUp;
  }

  /**
   * Task_CheckFollowUpMonth: improved when the window is ranked in the follow-up month and not last; not
   * improved when last again; not judged when it had too few ratings to be ranked.
   */
  @Transactional
  FollowUp checkFollowUp(String number) {
    InterviewCase c = require(number);
    YearMonth month = c.followUp();
    Optional<MonthPlace> place = rankings.place(c.unitCode(), month);
    InterviewStatus status;
    String text;
    if (place.isEmpty() || place.get().rank() == null) {
      status = InterviewStatus.NOT_RANKED;
      text = place.map(MonthPlace::describe).orElse(month.getMonthValue() + "月没有有效评价") + "，无法评判是否改善";
    } else if (place.get().last()) {
      status = InterviewStatus.NOT_IMPROVED;
      text = place.get().describe() + "，仍为末位";
    } else {
      status = InterviewStatus.IMPROVED;
      text = place.get().describe() + "，已不在末位";
    }
    MonthPlace p = place.orElse(null);
    jdbc.sql("update interview_case set follow_rank = ?, follow_ranked = ?, follow_rate = ?, checked_at = ?, status = ? where number = ?")
        .params(p == null ? null : p.rank(), p == null ? null : p.ranked(), p == null || p.rank() == null ? null : p.rate(),
            LocalDateTime.now(clock), status.name(), number)
        .update();
    audit.record("INTERVIEW_CHECKED", subject(number), status.label() + "：" + text);
    return new FollowUp(status, text);
  }

  /** Whether the interview's record has at least one file (Task_HoldInterview requires one). */
  boolean hasEvidence(String number) {
    return jdbc.sql("select count(*) from interview_evidence e join interview_case c on c.id = e.interview_id where c.number = ?")
        .param(number).query(Long.class).single() > 0;
  }

  Optional<InterviewCase> byNumber(String number) {
    return jdbc.sql(SELECT + " where number = ?").param(number).query(InterviewCase.class).optional();
  }

  InterviewCase require(String number) {
    return byNumber(number).orElseThrow(() -> new IllegalStateException("no interview case " + number));
  }

  /** The latest cases first, at most {@code limit}. */
  List<InterviewCase> recent(int limit) {
    return jdbc.sql(SELECT + " order by id desc fetch first :limit rows only").param("limit", limit).query(InterviewCase.class).list();
  }

  /** The cases still in progress (not yet judged by the follow-up month), oldest first. */
  List<InterviewCase> unfinished() {
    List<String> open = Arrays.stream(InterviewStatus.values()).filter(s -> !s.finished()).map(Enum::name).toList();
    return jdbc.sql(SELECT + " where status in (:open) order by opened_at, id").param("open", open).query(InterviewCase.class).list();
  }

  @Override
  public Map<String, Mark> ofYear(int year) {
    Map<String, Mark> marks = new LinkedHashMap<>();
    for (InterviewCase c : jdbc.sql(SELECT + " where flag_year = ?").param(year).query(InterviewCase.class).list()) {
      marks.put(InterviewMarks.key(c.unitCode(), c.flagMonth()), new Mark(c.number(), c.statusLabel(), c.status().finished()));
    }
    return marks;
  }

  private boolean exists(String unitCode, YearMonth month) {
    return jdbc.sql("select count(*) from interview_case where unit_code = ? and flag_year = ? and flag_month = ?")
        .params(unitCode, month.getYear(), month.getMonthValue()).query(Long.class).single() > 0;
  }

  private Optional<InterviewCase> unfinished(String unitCode) {
    return jdbc.sql(SELECT + " where unit_code = :unit and status in (:open) order by id fetch first 1 rows only")
        .param("unit", unitCode)
        .param("open", List.of(InterviewStatus.AWAITING_INTERVIEW.name(), InterviewStatus.AWAITING_CONFIRMATION.name(),
            InterviewStatus.FOLLOWING_UP.name()))
        .query(InterviewCase.class).optional();
  }

  static String subject(String number) {
    return "interview:" + number;
  }
}
