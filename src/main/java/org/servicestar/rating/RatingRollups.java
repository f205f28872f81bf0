package org.servicestar.rating;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.servicestar.complaint.ReviewExclusions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.servicestar.web.DatabaseProduct;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ratings per rated unit and Beijing month (table rating_month), kept in step with every change
 * that decides whether a rating counts — its intake, its exclusion by the office, its complaint's upheld
 * appeal — in the same transaction as the change, so readers never recount a year of ratings and the
 * rollups are never stale.
 *
 * <p>Which ratings count is decided only by {@link CountedRatings}: a change classifies the ratings it
 * touches through that rule before and after (under the ratings' row locks) and adds the difference.
 * Adding, never overwriting, is what keeps two intakes for the same unit and month from losing counts:
 * on PostgreSQL {@code insert … on conflict … do update} waits for the other's row and adds to what it
 * committed. (Standard MERGE is not used there: two MERGEs that both find no row both insert, and one
 * fails with a unique violation; H2, the single-node dev database, uses MERGE and retries once if so.)
 */
@Repository
public class RatingRollups implements ReviewExclusions {

  private static final Logger log = LoggerFactory.getLogger(RatingRollups.class);
  private static final CountedRatings COUNTING = CountedRatings.as("r", "c");

  /** One unit's ratings in one month: those that count, per level (1–5), and those that count nowhere. */
  public record Month(long unitId, int ratedMonth, long level1, long level2, long level3, long level4, long level5,
                      long notCounted) {

    /** Counting ratings. */
    public long ratings() {
      return level1 + level2 + level3 + level4 + level5;
    }

    /** Levels 4–5. */
    public long satisfied() {
      return level4 + level5;
    }

    /** Levels 3–5. */
    public long basicallySatisfied() {
      return level3 + level4 + level5;
    }

    /** Levels 1–2. */
    public long badReviews() {
      return level1 + level2;
    }

    /** The month of the year, 1–12. */
    public int monthOfYear() {
      return ratedMonth % 100;
    }
  }

  /** Ratings grouped by unit, month, level and whether they count, the filter left as %s. */
  private static final String CLASSIFIED = """
      select unit_id, rated_month, level, counted, count(*) as n from (
        select r.unit_id, cast(extract(year from r.rated_day) * 100 + extract(month from r.rated_day) as integer) as rated_month,
               r.level, case when %s then 1 else 0 end as counted
          from %s
         where %%s) x
       group by unit_id, rated_month, level, counted""".formatted(COUNTING.counts(), COUNTING.from());

  private static final String COLUMNS = "unit_id, rated_month, level_1, level_2, level_3, level_4, level_5, not_counted";
  /** The columns as {@link Month}'s components are called. */
  private static final String AS_MONTH = "unit_id, rated_month, level_1 as level1, level_2 as level2, level_3 as level3,"
      + " level_4 as level4, level_5 as level5, not_counted";

  private static final String UPSERT_POSTGRES = "insert into rating_month (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)"
      + " on conflict (unit_id, rated_month) do update set level_1 = rating_month.level_1 + excluded.level_1,"
      + " level_2 = rating_month.level_2 + excluded.level_2, level_3 = rating_month.level_3 + excluded.level_3,"
      + " level_4 = rating_month.level_4 + excluded.level_4, level_5 = rating_month.level_5 + excluded.level_5,"
      + " not_counted = rating_month.not_counted + excluded.not_counted";

  private static final String UPSERT_H2 = """
      merge into rating_month m
      using (values (cast(? as bigint), cast(? as integer), cast(? as bigint), cast(? as bigint), cast(? as bigint),
                     cast(? as bigint), cast(? as bigint), cast(? as bigint))) d (unit_id, rated_month, l1, l2, l3, l4, l5, nc)
         on m.unit_id = d.unit_id and m.rated_month = d.rated_month
      when matched then update set level_1 = m.level_1 + d.l1, level_2 = m.level_2 + d.l2, level_3 = m.level_3 + d.l3,
                                   level_4 = m.level_4 + d.l4, level_5 = m.level_5 + d.l5, not_counted = m.not_counted + d.nc
      when not matched then insert (%s) values (d.unit_id, d.rated_month, d.l1, d.l2, d.l3, d.l4, d.l5, d.nc)""".formatted(COLUMNS);

  /** Published in the transaction that changed rollups, for readers that keep figures derived from them. */
  public record Changed() {
  }

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transaction;
  private final boolean rebuildAtStart;
  private final DatabaseProduct database;

  public RatingRollups(JdbcClient jdbc, JdbcTemplate template, DataSource dataSource, PlatformTransactionManager transactions,
                       ApplicationEventPublisher events, @Value("${servicestar.rating.rebuild-rollups:false}") boolean rebuildAtStart) {
    this.jdbc = jdbc;
    this.events = events;
    this.template = template;
    this.database = new DatabaseProduct(dataSource);
    this.transaction = new TransactionTemplate(transactions);
    this.rebuildAtStart = rebuildAtStart;
  }

  /** Counts ratings just inserted in the current transaction. */
  void added(long[] ids) {
    if (ids.length > 0) {
      apply(classify(ids), null);
    }
  }

  /**
   * Runs a change that may decide anew whether these ratings count, and moves them between the
   * columns by what {@link CountedRatings} says of them before and after. The ratings' rows are locked
   * first, so two changes of the same rating are counted one after the other.
   */
  <T> T changing(Collection<Long> ratingIds, Supplier<T> change) {
    if (ratingIds.isEmpty()) {
      return change.get();
    }
    long[] ids = ratingIds.stream().mapToLong(Long::longValue).toArray();
    jdbc.sql("select id from rating where id = any(?) order by id for update").param(boxed(ids)).query(Long.class).list();
    Map<Key, long[]> before = classify(ids);
    T result = change.get();
    apply(classify(ids), before);
    return result;
  }

  /** A bad review's complaint changes whether the review counts (its appeal was upheld). */
  @Override
  public void around(String complaintNumber, Runnable change) {
    List<Long> ids = jdbc.sql("select id from rating where complaint_number = ?").param(complaintNumber).query(Long.class).list();
    changing(ids, () -> {
      change.run();
      return null;
    });
  }

  /** The stored rollups of the months {@code from} … {@code to} (yyyymm, both included). */
  public List<Month> stored(int fromMonth, int toMonth) {
    return jdbc.sql("select " + AS_MONTH + " from rating_month where rated_month between ? and ? order by unit_id, rated_month")
        .params(fromMonth, toMonth).query(MONTH).list();
  }

  /** The same months counted from the ratings themselves (what the rollups must equal). */
  public List<Month> recount(int fromMonth, int toMonth) {
    return jdbc.sql("select " + AS_MONTH + " from (" + RECOUNT.formatted("r.rated_day >= ? and r.rated_day < ?")
            + ") y order by unit_id, rated_month")
        .params(LocalDate.of(fromMonth / 100, fromMonth % 100, 1), LocalDate.of(toMonth / 100, toMonth % 100, 1).plusMonths(1))
        .query(MONTH).list();
  }

  /**
   * By column position, not by reflection: the dashboard reads a year of rollups (a province: 264 000
   * rows) per snapshot, and Spring's property mapper spent most of that time matching names.
   */
  private static final RowMapper<Month> MONTH = (rs, n) -> new Month(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
      rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8));

  /** The classified ratings summed into a rollup row each. */
  private static final String RECOUNT = "select unit_id, rated_month, " + levelSum(1) + " as level_1, " + levelSum(2) + " as level_2, "
      + levelSum(3) + " as level_3, " + levelSum(4) + " as level_4, " + levelSum(5) + " as level_5, "
      + "sum(case when counted = 0 then n else 0 end) as not_counted from (" + CLASSIFIED + ") z group by unit_id, rated_month";

  private static String levelSum(int level) {
    return "sum(case when counted = 1 and level = " + level + " then n else 0 end)";
  }

  /**
   * Recomputes every rollup from the ratings, one transaction per year. Meant for a quiet moment
   * (start-up, or a maintenance window): an intake committed while its year is being rebuilt may be
   * counted twice or not at all — rebuild again afterwards.
   */
  public int rebuild() {
    List<Integer> years = jdbc.sql("""
        select distinct y from (select extract(year from rated_day) as y from rating
                                union select floor(rated_month / 100) as y from rating_month) t""")
        .query((rs, n) -> rs.getInt(1)).list();
    int rows = 0;
    for (int year : years.stream().sorted().toList()) {
      Integer written = transaction.execute(status -> {
        jdbc.sql("delete from rating_month where rated_month between ? and ?").params(year * 100 + 1, year * 100 + 12).update();
        return jdbc.sql("insert into rating_month (" + COLUMNS + ") " + RECOUNT.formatted("r.rated_day >= ? and r.rated_day < ?"))
            .params(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1)).update();
      });
      rows += written == null ? 0 : written;
    }
    events.publishEvent(new Changed());
    return rows;
  }

  /** An existing database gains its rollups once; {@code servicestar.rating.rebuild-rollups=true} rebuilds at every start. */
  @EventListener(ApplicationReadyEvent.class)
  public void rebuildIfMissing() {
    boolean missing = !exists("rating_month") && exists("rating");
    if (rebuildAtStart || missing) {
      try {
        log.info("Rating rollups rebuilt from the ratings: {} unit-months", rebuild());
      } catch (RuntimeException e) {
        // Another node starting at the same moment may be rebuilding the same year: the app serves on.
        log.warn("Rating rollups not rebuilt at start-up (set servicestar.rating.rebuild-rollups=true and restart to retry)", e);
      }
    }
  }

  private boolean exists(String table) {
    return jdbc.sql("select count(*) from (select 1 from " + table + " fetch first 1 rows only) t").query(Long.class).single() > 0;
  }

  private record Key(long unitId, int ratedMonth) implements Comparable<Key> {

    @Override
    public int compareTo(Key o) {
      int byUnit = Long.compare(unitId, o.unitId);
      return byUnit != 0 ? byUnit : Integer.compare(ratedMonth, o.ratedMonth);
    }
  }

  /** Per unit and month: levels 1–5 that count (indexes 0–4), and those that count nowhere (5). */
  private Map<Key, long[]> classify(long[] ids) {
    Map<Key, long[]> counts = new TreeMap<>();
    jdbc.sql(CLASSIFIED.formatted("r.id = any(?)")).param(boxed(ids)).query((rs, n) -> {
      long[] c = counts.computeIfAbsent(new Key(rs.getLong("unit_id"), rs.getInt("rated_month")), k -> new long[6]);
      c[rs.getInt("counted") == 1 ? rs.getInt("level") - 1 : 5] += rs.getLong("n");
      return null;
    }).list();
    return counts;
  }

  /** Adds {@code after} minus {@code before} (null: nothing before), in key order so that two writers never deadlock. */
  private void apply(Map<Key, long[]> after, Map<Key, long[]> before) {
    Map<Key, long[]> delta = new TreeMap<>();
    after.forEach((k, v) -> delta.put(k, v.clone()));
    if (before != null) {
      before.forEach((k, v) -> {
        long[] d = delta.computeIfAbsent(k, x -> new long[6]);
        for (int i = 0; i < 6; i++) {
          d[i] -= v[i];
        }
      });
    }
    List<Object[]> rows = new ArrayList<>();
    delta.forEach((k, d) -> {
      if (Arrays.stream(d).anyMatch(x -> x != 0)) {
        rows.add(new Object[] {k.unitId(), k.ratedMonth(), d[0], d[1], d[2], d[3], d[4], d[5]});
      }
    });
    if (rows.isEmpty()) {
      return;
    }
    events.publishEvent(new Changed());
    if (database.isPostgres()) {
      template.batchUpdate(UPSERT_POSTGRES, rows);
      return;
    }
    for (Object[] row : rows) {
      try {
        template.update(UPSERT_H2, row);
      } catch (DuplicateKeyException e) {
        // Another transaction inserted the month's row first (a failed statement undoes only itself on H2): add to it.
        template.update(UPSERT_H2, row);
      }
    }
  }

  private static Long[] boxed(long[] ids) {
    return Arrays.stream(ids).boxed().toArray(Long[]::new);
  }

}
