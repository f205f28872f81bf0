package org.servicestar.report;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.servicestar.award.AwardCategory;
import org.servicestar.award.NomineeStatus;
import org.servicestar.rating.RatingFigures;
import org.servicestar.rectification.RectificationStatus;
import org.servicestar.scoring.ScoreBoard;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoClause;
import org.servicestar.veto.VetoStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The year report for the leading group's meeting: ranking per type, awards, vetoes, open rectifications, charts. */
@Service
class YearReport {

  /** Bars per ranking chart: the top of each type (the table beside it lists all). */
  static final int CHART_TOP = 15;

  record Ranking(String typeLabel, List<ScoreBoard.UnitScore> scores, String chart) {
  }

  record Award(String category, String name, String unitName, BigDecimal score, Integer stars, String certificateNo) {
  }

  record Veto(String unitCode, String unitName, int clause, String clauseTitle, String status, String sourceId,
              LocalDateTime recordedAt) {
  }

  record OpenRectification(String number, String unitName, String problem, String status, LocalDateTime dueAt,
                           boolean overdue) {
  }

  record Month(int month, long total, BigDecimal satisfiedRate, long badReviews) {
  }

  record Report(int year, List<Ranking> rankings, List<Award> awards, List<Veto> vetoes, List<OpenRectification> open,
                List<Month> months, String satisfactionChart, Map<String, Long> rectificationsByStatus,
                String rectificationChart) {
  }

  private final JdbcClient jdbc;
  private final ScoreBoard board;
  private final RatingFigures figures;
  private final Clock clock;

  YearReport(JdbcClient jdbc, ScoreBoard board, RatingFigures figures, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.board = board;
    this.figures = figures;
  }

  Report of(int year) {
    Map<String, List<ScoreBoard.UnitScore>> byType = new LinkedHashMap<>();
    for (ScoreBoard.UnitScore s : board.ofYear(year)) {
      byType.computeIfAbsent(s.unitType(), k -> new ArrayList<>()).add(s);
    }
    List<Ranking> rankings = new ArrayList<>();
    for (UnitType type : UnitType.values()) {
      List<ScoreBoard.UnitScore> scores = byType.get(type.name());
      if (scores != null) {
        List<SvgBars.Bar> bars = scores.stream().filter(s -> !s.vetoed()).limit(CHART_TOP)
            .map(s -> new SvgBars.Bar(s.unitName(), s.total())).toList();
        rankings.add(new Ranking(type.label(), scores, SvgBars.horizontal(bars, BigDecimal.valueOf(100), "")));
      }
    }
    List<Award> awards = jdbc.sql("""
            select n.category, n.subject_name, u.name as unit_name, n.score, n.stars, n.certificate_no
              from award_nominee n join unit u on u.code = n.unit_code
             where n.campaign_year = ? and n.status = ? order by n.category, n.rank_in_category, n.subject""")
        .params(year, NomineeStatus.AWARDED.name()).query((rs, n) -> new Award(AwardCategory.valueOf(rs.getString(1)).label(),
            rs.getString(2), rs.getString(3), rs.getBigDecimal(4), (Integer) rs.getObject(5, Integer.class), rs.getString(6)))
        .list();
    List<Veto> vetoes = jdbc.sql("""
            select v.unit_code, u.name, v.clause, v.status, v.source_id, v.recorded_at
              from veto_record v join unit u on u.code = v.unit_code
             where v.recorded_at >= ? and v.recorded_at < ? and v.status <> ? order by v.recorded_at""")
        .params(LocalDate.of(year, 1, 1).atStartOfDay(), LocalDate.of(year + 1, 1, 1).atStartOfDay(), VetoStatus.ANNULLED.name())
        .query((rs, n) -> new Veto(rs.getString(1), rs.getString(2), rs.getInt(3),
            VetoClause.of(rs.getInt(3)).map(VetoClause::title).orElse(""),
            VetoStatus.CONFIRMED.name().equals(rs.getString(4)) ? "已确认" : "待裁定", rs.getString(5), rs.getObject(6, LocalDateTime.class)))
        .list();
    // The engine's clock, as the ledger's own overdue marks use it.
    LocalDateTime now = LocalDateTime.now(clock);
    List<OpenRectification> open = jdbc.sql("""
            select r.number, u.name, r.problem, r.status, r.due_at
              from rectification r join unit u on u.code = r.unit_code
             where r.opened_at >= ? and r.opened_at < ? and r.status <> ? order by r.due_at, r.number""")
        .params(LocalDate.of(year, 1, 1).atStartOfDay(), LocalDate.of(year + 1, 1, 1).atStartOfDay(), RectificationStatus.ACCEPTED.name())
        .query((rs, n) -> {
          RectificationStatus status = RectificationStatus.valueOf(rs.getString(4));
          LocalDateTime due = rs.getObject(5, LocalDateTime.class);
          return new OpenRectification(rs.getString(1), rs.getString(2), rs.getString(3), status.label(), due,
              status == RectificationStatus.OVERDUE || due != null && due.isBefore(now));
        }).list();
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (RectificationStatus status : RectificationStatus.values()) {
      byStatus.put(status.label(), 0L);
    }
    jdbc.sql("select status, count(*) from rectification where opened_at >= ? and opened_at < ? group by status")
        .params(LocalDate.of(year, 1, 1).atStartOfDay(), LocalDate.of(year + 1, 1, 1).atStartOfDay())
        .query(rs -> {
          byStatus.put(RectificationStatus.valueOf(rs.getString(1)).label(), rs.getLong(2));
        });
    List<Month> months = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      LocalDate first = LocalDate.of(year, m, 1);
      RatingFigures.Figures f = figures.of(null, first, first.plusMonths(1).minusDays(1));
      months.add(new Month(m, f.total(), f.satisfiedRate().orElse(null), f.badReviews()));
    }
    String satisfaction = SvgBars.horizontal(months.stream()
        .map(m -> new SvgBars.Bar(m.month() + "月", m.satisfiedRate())).toList(), BigDecimal.valueOf(100), "%");
    String rectificationChart = SvgBars.horizontal(byStatus.entrySet().stream()
        .map(e -> new SvgBars.Bar(e.getKey(), BigDecimal.valueOf(e.getValue()))).toList(), null, "");
    return new Report(year, rankings, awards, vetoes, open, months, satisfaction, byStatus, rectificationChart);
  }
}
