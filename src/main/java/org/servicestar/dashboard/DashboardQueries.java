package org.servicestar.dashboard;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.servicestar.rating.RatingRollups;
import org.servicestar.rectification.RectificationStatus;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitTree;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The dashboard's own read-only aggregates, where no feature offers one that is set-based: one query
 * per table, grouped in the database, never one query per unit. Ratings come from the rating feature's
 * monthly rollups, which count by its rule (CountedRatings). Satisfied = levels 4–5, basically satisfied = 3–5, bad review = 1–2.
 */
@Repository
class DashboardQueries {

  /** Ratings of one month (1–12). */
  record MonthFigures(int ratingMonth, long ratings, long satisfied, long basicallySatisfied, long badReviews) {

    public java.math.BigDecimal satisfiedRate() {
      return Percent.of(satisfied, ratings);
    }

    public java.math.BigDecimal basicallySatisfiedRate() {
      return Percent.of(basicallySatisfied, ratings);
    }
  }

  /** Ratings of a unit and everything under it. */
  record UnitFigures(String unitCode, String unitName, long ratings, long satisfied, long basicallySatisfied, long badReviews) {

    public java.math.BigDecimal satisfiedRate() {
      return Percent.of(satisfied, ratings);
    }

    public java.math.BigDecimal basicallySatisfiedRate() {
      return Percent.of(basicallySatisfied, ratings);
    }
  }

  /** A unit's counting ratings in one month. */
  record UnitMonth(long unitId, int ratingMonth, long ratings, long satisfied, long basicallySatisfied, long badReviews) {
  }

  /** One window's ratings in one month, for the monthly ranking. */
  record WindowMonth(String unitCode, String unitName, String parentName, int ratingMonth, long ratings, long satisfied) {
  }

  /** A rectification as the dashboard lists it, with its state on the dashboard ({@link LedgerState}). */
  record LedgerRow(String number, String unitCode, String unitName, String sourceType, String sourceId, String problem,
                   String severity, String status, LocalDateTime dueAt, int returnCount, LocalDateTime openedAt,
                   String viewState) {

    public String sourceLabel() {
      return org.servicestar.rectification.RectificationSource.valueOf(sourceType).label();
    }

    public String stateLabel() {
      return LedgerState.valueOf(viewState).label();
    }

    public boolean overdue() {
      return LedgerState.OVERDUE.name().equals(viewState);
    }
  }

  record Count(String groupKey, String subKey, long n) {
  }

  /**
   * The dashboard state of a rectification, most urgent first: done, overdue (the process said so,
   * or the due time has passed), due soon (due before {@code :dueSoonBefore}), returned, open. The
   * rectification's statuses come from its feature's enum, spelled into the text rather than bound:
   * a CASE whose every branch is a parameter has no type in H2.
   */
  private static final String LEDGER = """
      select * from (
        select r.number, r.unit_code, u.name as unit_name, r.source_type, r.source_id, r.problem, r.severity, r.status,
               r.due_at, r.return_count, r.opened_at,
               case when r.status = '%1$s' then '%4$s'
                    when r.status = '%2$s' or r.due_at < :now then '%5$s'
                    when r.due_at < :dueSoonBefore then '%6$s'
                    when r.status = '%3$s' then '%7$s'
                    else '%8$s' end as view_state
          from rectification r join unit u on u.code = r.unit_code
         where ((r.opened_at >= :yearStart and r.opened_at < :yearEnd) or r.status <> '%1$s')
           %%9$s) x
      """.formatted(RectificationStatus.ACCEPTED.name(), RectificationStatus.OVERDUE.name(), RectificationStatus.RETURNED.name(),
      LedgerState.DONE.name(), LedgerState.OVERDUE.name(), LedgerState.DUE_SOON.name(), LedgerState.RETURNED.name(),
      LedgerState.OPEN.name());

  // By column, not by reflection (Spring's property mapper costs more than the query at a city's size).
  private static final RowMapper<LedgerRow> LEDGER_ROW = (rs, n) -> new LedgerRow(rs.getString("number"), rs.getString("unit_code"),
      rs.getString("unit_name"), rs.getString("source_type"), rs.getString("source_id"), rs.getString("problem"),
      rs.getString("severity"), rs.getString("status"), rs.getObject("due_at", LocalDateTime.class), rs.getInt("return_count"),
      rs.getObject("opened_at", LocalDateTime.class), rs.getString("view_state"));
  private static final RowMapper<Count> COUNT = (rs, n) -> new Count(rs.getString("group_key"), rs.getString("sub_key"), rs.getLong("n"));

  private final JdbcClient jdbc;
  private final UnitService units;
  private final RatingRollups rollups;

  DashboardQueries(JdbcClient jdbc, UnitService units, RatingRollups rollups) {
    this.jdbc = jdbc;
    this.units = units;
    this.rollups = rollups;
  }

  /**
   * The year's counting ratings per unit and month, read from the monthly rollups the rating feature
   * keeps in step with every change ({@link RatingRollups}): at most twelve rows per rated unit, never a
   * city's year of ratings. The satisfaction page derives its figures by month, by unit (rolled up the
   * tree) and the windows' monthly ranking from these rows ({@link YearRatings}). A unit-month whose
   * every rating counts nowhere has no row, as when the ratings were grouped here.
   */
  List<UnitMonth> ratingsByUnitAndMonth(int year) {
    return rollups.stored(year * 100 + 1, year * 100 + 12).stream().filter(m -> m.ratings() > 0)
        .map(m -> new UnitMonth(m.unitId(), m.monthOfYear(), m.ratings(), m.satisfied(), m.basicallySatisfied(), m.badReviews()))
        .toList();
  }

  /** Every unit, for rolling figures up the tree. */
  UnitTree units() {
    return units.tree();
  }

  /** The ledger's rows in one dashboard state (null: every state), most pressing first, at most {@code limit}. */
  List<LedgerRow> ledger(LedgerFilter filter, LedgerState state, int limit) {
    String sql = filter.ledger() + (state == null ? "" : " where x.view_state = :state")
        + " order by case when x.view_state = '" + LedgerState.DONE.name() + "' then 1 else 0 end, x.due_at nulls last, x.number fetch first :limit rows only";
    JdbcClient.StatementSpec spec = filter.bind(jdbc.sql(sql)).param("limit", limit);
    if (state != null) {
      spec = spec.param("state", state.name());
    }
    return spec.query(LEDGER_ROW).list();
  }

  /** How many rectifications are in each dashboard state (groupKey = state). */
  List<Count> ledgerCounts(LedgerFilter filter) {
    return filter.bind(jdbc.sql("select view_state as group_key, '' as sub_key, count(*) as n from (" + filter.ledger() + ") y group by view_state"))
        .query(COUNT).list();
  }

  /** The year's complaints by state (groupKey) and verified category (subKey, '' when not yet verified). */
  List<Count> complaintCounts(int year, Scope scope) {
    return jdbc.sql("""
            select status as group_key, coalesce(category, '') as sub_key, count(*) as n from complaint
             where created_at >= :yearStart and created_at < :yearEnd""" + scope.condition("unit_code")
            + " group by status, coalesce(category, '')")
        .param("yearStart", LocalDate.of(year, 1, 1).atStartOfDay()).param("yearEnd", LocalDate.of(year + 1, 1, 1).atStartOfDay())
        .param("units", scope.codes())
        .query(COUNT).list();
  }

  /**
   * Units that published their commitments in the year: counted here, because Commitments.ofYear
   * loads every text of every unit (seven each), which a city's dashboard does not need.
   */
  long commitmentsPublished(int year, Scope scope) {
    return jdbc.sql("select count(distinct unit_code) from commitment where campaign_year = :year" + scope.condition("unit_code"))
        .param("units", scope.codes()).param("year", year).query(Long.class).single();
  }

  /** The ledger's filters: the year, whose rows, a unit, a source; and the moments that decide overdue and due soon. */
  record LedgerFilter(int year, Scope scope, String unitCode, String source, LocalDateTime now, LocalDateTime dueSoonBefore) {

    /**
     * The ledger's statement with only the filters that apply: an {@code (:all or …)} condition made
     * PostgreSQL read a province's whole ledger for one lead's unit.
     */
    String ledger() {
      return LEDGER.replace("%9$s", scope.condition("r.unit_code")
          + (unitCode == null ? "" : " and r.unit_code = :unit") + (source == null ? "" : " and r.source_type = :source"));
    }

    JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
      spec = spec.param("units", scope.codes()).param("yearStart", LocalDate.of(year, 1, 1).atStartOfDay())
          .param("yearEnd", LocalDate.of(year + 1, 1, 1).atStartOfDay())
          .param("now", now).param("dueSoonBefore", dueSoonBefore);
      spec = unitCode == null ? spec : spec.param("unit", unitCode);
      return source == null ? spec : spec.param("source", source);
    }
  }
}
