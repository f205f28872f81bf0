package org.servicestar.demo;

import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.servicestar.calendar.Workdays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Plays a step of a past story on its own day. The engine's clock is moved there for the step, so
 * the engine's history, task due dates, timers and the services that read the engine's clock
 * (inspections, the rectification ledger, the publicity) date it as it happened; due dates counted
 * from "now" come out right with it. The app's other services still stamp their rows with the
 * wall clock; those rows of the step are set to the step's moment afterwards ({@link Stamps}), so
 * pages, ledger and timelines agree. Once every service reads one movable clock, the restamping
 * finds nothing to change.
 *
 * <p>The clock is global: the demo moves it only inside its own transactions, whose timers and
 * jobs nobody else can see before the commit, and puts it back after every step.
 */
@Component
class DemoClock {

  /** Rows a step may have stamped with the wall clock: set to {@code at} where they are later than it. */
  interface Stamps {
    void restamp(JdbcClient jdbc, LocalDateTime at);
  }

  /** The timestamps of a campaign year's own rows (campaign, plans, commitments, inspections, scores, awards). */
  static Stamps campaignYear(int year) {
    return (jdbc, at) -> {
      for (String[] columns : YEAR_COLUMNS) {
        for (int i = 1; i < columns.length; i++) {
          jdbc.sql("update " + columns[0] + " set " + columns[i] + " = ? where campaign_year = ? and " + columns[i] + " > ?")
              .params(at, year, at).update();
        }
      }
      jdbc.sql("update award_vote set voted_at = ? where voted_at > ? and nominee_id in (select id from award_nominee where campaign_year = ?)")
          .params(at, at, year).update();
    };
  }

  /** A complaint's record and timeline (its rectifications date themselves by the engine's clock). */
  static Stamps complaint(String number) {
    return (jdbc, at) -> {
      jdbc.sql("update complaint set created_at = ? where number = ? and created_at > ?").params(at, number, at).update();
      jdbc.sql("update complaint set updated_at = ? where number = ? and updated_at > ?").params(at, number, at).update();
      jdbc.sql("update complaint_event set at = ? where at > ? and complaint_id = (select id from complaint where number = ?)")
          .params(at, at, number).update();
    };
  }

  /** Table first, then its timestamp columns; every table has campaign_year. */
  private static final List<String[]> YEAR_COLUMNS = List.of(
      new String[] {"campaign", "created_at", "phase_changed_at"},
      new String[] {"campaign_plan", "submitted_at", "reviewed_at", "missing_at", "updated_at"},
      new String[] {"commitment", "published_at"},
      new String[] {"inspection", "started_at", "conducted_at"},
      new String[] {"scoring_rule", "changed_at"},
      new String[] {"scoring_run", "started_at", "finished_at"},
      new String[] {"unit_score", "computed_at"},
      new String[] {"staff_score", "computed_at"},
      new String[] {"award_round", "voting_opened_at", "voting_closed_at", "published_at", "updated_at"},
      new String[] {"award_nominee", "changed_at"},
      new String[] {"award_objection", "received_at", "verified_at"});

  private final JdbcClient jdbc;

  DemoClock(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Runs {@code work} at {@code at} (Beijing time), then dates the audit trail and the given rows of it at {@code at}. */
  void at(LocalDateTime at, Stamps stamps, Runnable work) {
    long auditBefore = jdbc.sql("select coalesce(max(id), 0) from audit_log").query(Long.class).single();
    ClockUtil.setCurrentTime(Date.from(at.atZone(Workdays.ZONE).toInstant()));
    try {
      work.run();
    } finally {
      ClockUtil.reset();
    }
    jdbc.sql("update audit_log set at = ? where id > ? and at > ?").params(at, auditBefore, at).update();
    stamps.restamp(jdbc, at);
  }
}
