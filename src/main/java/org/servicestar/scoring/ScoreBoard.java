package org.servicestar.scoring;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.servicestar.web.PageOf;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The latest computed scores of a year, as every other feature reads them (the award feature builds
 * its nominee lists from here). A scoring run replaces a year's rows in one transaction, so a reader
 * sees either the previous ranking or the new one, never a mix.
 */
@Service
public class ScoreBoard {

  /** A unit's score of the year; {@code rankInType} is null for a vetoed unit (it takes no place). */
  public record UnitScore(int campaignYear, String unitCode, String unitName, String unitType, long runId,
                          BigDecimal inspectionScore, BigDecimal dailyScore, BigDecimal supervisionScore,
                          BigDecimal deductions, BigDecimal total, int stars, boolean vetoed, String vetoClauses,
                          int pendingVetoes, Integer rankInType, LocalDateTime computedAt) {

    /** ★ as many times as the stars, for pages and lists. */
    public String starMarks() {
      return "★".repeat(stars);
    }

    /** May take an award: no confirmed veto. */
    public boolean eligible() {
      return !vetoed;
    }
  }

  /** A staff member's score of the year (for 标兵); {@code unitVetoed}: their unit has a confirmed veto. */
  public record StaffScore(int campaignYear, String badgeNo, String staffName, String unitCode, String unitName, long runId,
                           BigDecimal total, Integer rankOverall, boolean unitVetoed, LocalDateTime computedAt) {
  }

  /** One line of a score's explanation; {@code sourceLink} opens the records it came from. */
  public record ScoreLine(String subject, int position, String component, String label, BigDecimal rawValue,
                          BigDecimal weight, BigDecimal points, String sourceLink) {
  }

  /** One scoring run and its progress. */
  public record Run(long id, int campaignYear, String status, int unitsTotal, int unitsDone, String startedBy,
                    LocalDateTime startedAt, LocalDateTime finishedAt, String error) {
    public boolean running() {
      return "RUNNING".equals(status);
    }
  }

  private static final String UNIT_SCORE = """
      select s.campaign_year, s.unit_code, u.name as unit_name, s.unit_type, s.run_id, s.inspection_score, s.daily_score,
             s.supervision_score, s.deductions, s.total, s.stars, s.vetoed, s.veto_clauses, s.pending_vetoes,
             s.rank_in_type, s.computed_at
        from unit_score s join unit u on u.code = s.unit_code
      """;
  /** By column, not reflection: the rankings read every unit's score (a province: 22 000) per page. */
  private static final RowMapper<UnitScore> UNIT_SCORE_ROW = (rs, n) -> new UnitScore(rs.getInt("campaign_year"),
      rs.getString("unit_code"), rs.getString("unit_name"), rs.getString("unit_type"), rs.getLong("run_id"),
      rs.getBigDecimal("inspection_score"), rs.getBigDecimal("daily_score"), rs.getBigDecimal("supervision_score"),
      rs.getBigDecimal("deductions"), rs.getBigDecimal("total"), rs.getInt("stars"), rs.getBoolean("vetoed"),
      rs.getString("veto_clauses"), rs.getInt("pending_vetoes"), rs.getObject("rank_in_type", Integer.class),
      rs.getObject("computed_at", LocalDateTime.class));
  private static final String UNIT_ORDER = " order by s.unit_type, s.vetoed, s.rank_in_type, s.total desc, s.unit_code";
  private static final String STAFF_SCORE = """
      select s.campaign_year, s.badge_no, st.name as staff_name, s.unit_code, u.name as unit_name, s.run_id, s.total,
             s.rank_overall, s.unit_vetoed, s.computed_at
        from staff_score s join unit u on u.code = s.unit_code left join staff st on st.badge_no = s.badge_no
      """;

  private final JdbcClient jdbc;

  ScoreBoard(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every scored unit of the year: by type, then by rank (vetoed units last in their type). */
  public List<UnitScore> ofYear(int year) {
    return jdbc.sql(UNIT_SCORE + " where s.campaign_year = ?" + UNIT_ORDER).param(year).query(UNIT_SCORE_ROW).list();
  }

  /**
   * The scores of these units only (a lead's), in the same order: a lead's page reads its own rows,
   * not a province's.
   */
  public List<UnitScore> ofYear(int year, Collection<String> unitCodes) {
    if (unitCodes.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(UNIT_SCORE + " where s.campaign_year = :year and s.unit_code in (:units)" + UNIT_ORDER)
        .param("year", year).param("units", List.copyOf(unitCodes)).query(UNIT_SCORE_ROW).list();
  }

  /**
   * The year at a glance: per unit type the {@code head} best and the {@code tail} last (ranking order),
   * with how many units each type has — a province's 22 000 scores never leave the database for a
   * page that shows thirty of each type.
   */
  public Glance headAndTail(int year, int head, int tail) {
    Map<String, Integer> units = new LinkedHashMap<>();
    List<UnitScore> rows = jdbc.sql("select * from (select x.*, row_number() over (partition by x.unit_type order by x.vetoed,"
            + " x.rank_in_type, x.total desc, x.unit_code) as place, count(*) over (partition by x.unit_type) as units from ("
            + UNIT_SCORE + " where s.campaign_year = :year) x) y where place <= :head or place > units - :tail order by unit_type, place")
        .param("year", year).param("head", head).param("tail", tail)
        .query((rs, n) -> {
          units.put(rs.getString("unit_type"), rs.getInt("units"));
          return UNIT_SCORE_ROW.mapRow(rs, n);
        }).list();
    return new Glance(rows, units);
  }

  /** Some units' scores by type in ranking order, and how many units each type has in all. */
  public record Glance(List<UnitScore> rows, Map<String, Integer> unitsPerType) {
  }

  /** One page of a type's ranking, read as such (a province has 20 000 windows). */
  public PageOf<UnitScore> page(int year, String unitType, int page, int size) {
    int units = jdbc.sql("select count(*) from unit_score where campaign_year = ? and unit_type = ?").params(year, unitType)
        .query(Integer.class).single();
    int shown = PageOf.shown(page, units, size);
    List<UnitScore> rows = jdbc.sql(UNIT_SCORE + " where s.campaign_year = ? and s.unit_type = ?" + UNIT_ORDER
            + " offset ? rows fetch next ? rows only")
        .params(year, unitType, (shown - 1) * size, size).query(UNIT_SCORE_ROW).list();
    return new PageOf<>(rows, shown, PageOf.pages(units, size), units);
  }

  /** The units of one type (HALL, SECTION, WINDOW, DEPARTMENT), best first. */
  public List<UnitScore> ofYear(int year, String unitType) {
    return jdbc.sql(UNIT_SCORE + " where s.campaign_year = ? and s.unit_type = ?" + UNIT_ORDER)
        .params(year, unitType).query(UNIT_SCORE_ROW).list();
  }

  public Optional<UnitScore> of(int year, String unitCode) {
    return jdbc.sql(UNIT_SCORE + " where s.campaign_year = ? and s.unit_code = ?").params(year, unitCode)
        .query(UNIT_SCORE_ROW).optional();
  }

  /** Every scored staff member of the year, best first. */
  public List<StaffScore> staffOfYear(int year) {
    return jdbc.sql(STAFF_SCORE + " where s.campaign_year = ? order by s.rank_overall, s.badge_no").param(year)
        .query(StaffScore.class).list();
  }

  public Optional<StaffScore> staffOf(int year, String badgeNo) {
    return jdbc.sql(STAFF_SCORE + " where s.campaign_year = ? and s.badge_no = ?").params(year, badgeNo)
        .query(StaffScore.class).optional();
  }

  /** The explanation of a unit's score (subject = unit code) or a staff score (subject = "staff:{badge}"). */
  public List<ScoreLine> lines(int year, String subject) {
    List<Explanation.Line> lines = jdbc.sql("select lines from score_explanation where campaign_year = ? and subject = ?")
        .params(year, subject).query(String.class).optional().map(Explanation::lines).orElse(List.of());
    List<ScoreLine> numbered = new ArrayList<>(lines.size());
    for (Explanation.Line l : lines) {
      numbered.add(new ScoreLine(subject, numbered.size() + 1, l.component(), l.label(), l.rawValue(), l.weight(), l.points(),
          l.sourceLink()));
    }
    return numbered;
  }

  public static String staffSubject(String badgeNo) {
    return "staff:" + badgeNo;
  }

  /** The latest run of the year (running, done or failed). */
  public Optional<Run> latestRun(int year) {
    return jdbc.sql("select * from scoring_run where campaign_year = ? order by id desc fetch first 1 rows only")
        .param(year).query(Run.class).optional();
  }

  public Optional<Run> run(long id) {
    return jdbc.sql("select * from scoring_run where id = ?").param(id).query(Run.class).optional();
  }
}
