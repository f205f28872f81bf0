package org.servicestar.rating;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.servicestar.complaint.ComplaintEventKind;
import org.servicestar.unit.UnitTree;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class RatingRepository {

  private static final CountedRatings COUNTING = CountedRatings.as("r", "c");

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final RatingRollups rollups;

  RatingRepository(JdbcClient jdbc, JdbcTemplate template, RatingRollups rollups) {
    this.jdbc = jdbc;
    this.template = template;
    this.rollups = rollups;
  }

  /**
   * The ids of the ratings already stored under these clientRefs. One array parameter rather than an
   * IN list of a parameter each: a batch's thousand refs are bound, parsed and planned as one value,
   * and the statement is the same whatever the batch's size (prepared once on the server).
   */
  Map<String, Long> idsByClientRef(Collection<String> clientRefs) {
    Map<String, Long> ids = new HashMap<>();
    if (clientRefs.isEmpty()) {
      return ids;
    }
    jdbc.sql("select client_ref, id from rating where client_ref = any(?)").param(clientRefs.toArray(String[]::new))
        .query((rs, n) -> ids.put(rs.getString(1), rs.getLong(2))).list();
    return ids;
  }

  Optional<Long> idByClientRef(String clientRef) {
    return jdbc.sql("select id from rating where client_ref = ?").param(clientRef).query(Long.class).optional();
  }

  /** A voter's day at a window: what "one rating per phone per window per day" is about. */
  record VoterDay(long unitId, String voterHash, LocalDate day) {

    static VoterDay of(ValidRating r) {
      return new VoterDay(r.unit().id(), r.voterHash(), r.ratedDay());
    }
  }

  /**
   * Which of these voters' days are taken already, in one query: the unique index
   * (unit_id, voter_hash, rated_day) answers the three lists, the exact pairs are picked here.
   */
  Set<VoterDay> votedOn(Collection<VoterDay> wanted) {
    Set<VoterDay> taken = new HashSet<>();
    if (wanted.isEmpty()) {
      return taken;
    }
    Set<Long> units = new LinkedHashSet<>();
    Set<String> voters = new LinkedHashSet<>();
    Set<LocalDate> days = new LinkedHashSet<>();
    wanted.forEach(v -> {
      units.add(v.unitId());
      voters.add(v.voterHash());
      days.add(v.day());
    });
    List<Object> params = new ArrayList<>(units);
    params.addAll(voters);
    params.addAll(days);
    jdbc.sql("select unit_id, voter_hash, rated_day from rating where unit_id in (" + marks(units.size()) + ") and voter_hash in ("
            + marks(voters.size()) + ") and rated_day in (" + marks(days.size()) + ")")
        .params(params)
        .query((rs, n) -> new VoterDay(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class))).list()
        .forEach(v -> {
          if (wanted.contains(v)) {
            taken.add(v);
          }
        });
    return taken;
  }

  private static final String INSERT = """
      insert into rating (unit_id, level, channel, staff_badge, comment, contact_name, contact_phone, client_ref,
                          device_id, voter_hash, address_hash, entered_by, rated_at, rated_day, received_at)
      values """;
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final int COLUMNS = 15;
  /**
   * Rows per INSERT: what the database does once per statement (a protocol exchange, binding, starting
   * the executor, a row of the batch's answer) is paid once for a whole batch of the API (at most
   * 1 000 ratings by default), where a JDBC batch of single-row inserts pays it per rating; 1 000 × 15
   * parameters stays well below PostgreSQL's 65 535.
   */
  static final int ROWS_PER_INSERT = 1000;

  /**
   * Stores the ratings with multi-row INSERTs (up to {@link #ROWS_PER_INSERT} rows a statement, not a
   * statement per rating) and returns their ids in the same order: a batch of the API is one statement
   * and one round trip to the database (a larger list: one statement per {@link #ROWS_PER_INSERT}).
   *
   * <p>The ids come back as generated keys. Neither database promises the order in which an INSERT
   * returns its rows, but both take the identity's next value row by row in the order of the VALUES
   * list, statement after statement in this one session, so the smaller id is the earlier rating: the
   * keys are sorted, then assigned in order. (This is also why the driver's own reWriteBatchedInserts
   * does not serve here: it leaves a batch that asks for generated keys as single-row inserts.)
   */
  long[] insertAll(List<ValidRating> all, OffsetDateTime receivedAt) {
    return insertAll(all, receivedAt, ROWS_PER_INSERT);
  }

  /** As above, {@code rowsPerInsert} rows a statement (tests use fewer, to see several statements). */
  long[] insertAll(List<ValidRating> all, OffsetDateTime receivedAt, int rowsPerInsert) {
    List<Map<String, Object>> generated = new ArrayList<>(all.size());
    for (int from = 0; from < all.size(); from += rowsPerInsert) {
      List<ValidRating> rows = all.subList(from, Math.min(all.size(), from + rowsPerInsert));
      KeyHolder keys = new GeneratedKeyHolder();
      template.update(connection -> {
        PreparedStatement ps = connection.prepareStatement(insert(rows.size()), new String[] {"id"});
        setRows(ps, rows, receivedAt);
        return ps;
      }, keys);
      generated.addAll(keys.getKeyList());
    }
    if (generated.size() != all.size()) {
      throw new IllegalStateException("expected " + all.size() + " generated ids, the driver gave " + generated.size());
    }
    long[] ids = generated.stream().mapToLong(k -> ((Number) k.values().iterator().next()).longValue()).sorted().toArray();
    rollups.added(ids);
    return ids;
  }

  private static String insert(int rows) {
    return INSERT + String.join(", ", Collections.nCopies(rows, ROW));
  }

  private static void setRows(PreparedStatement ps, List<ValidRating> rows, OffsetDateTime receivedAt) throws SQLException {
    for (int i = 0; i < rows.size(); i++) {
      setValues(ps, i * COLUMNS, rows.get(i), receivedAt);
    }
  }

  private static void setValues(PreparedStatement ps, int offset, ValidRating r, OffsetDateTime receivedAt) throws SQLException {
    ps.setLong(offset + 1, r.unit().id());
    ps.setInt(offset + 2, r.level());
    ps.setString(offset + 3, r.channel().name());
    text(ps, offset + 4, r.staffBadge());
    text(ps, offset + 5, r.comment());
    text(ps, offset + 6, r.contactName());
    text(ps, offset + 7, r.contactPhone());
    text(ps, offset + 8, r.clientRef());
    if (r.deviceId() == null) {
      ps.setNull(offset + 9, Types.BIGINT);
    } else {
      ps.setLong(offset + 9, r.deviceId());
    }
    text(ps, offset + 10, r.voterHash());
    text(ps, offset + 11, r.addressHash());
    text(ps, offset + 12, r.enteredBy());
    ps.setObject(offset + 13, r.ratedAt());
    ps.setObject(offset + 14, r.ratedDay());
    ps.setObject(offset + 15, receivedAt);
  }

  private static void text(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** Links bad reviews to their complaints (rating id → complaint number), as one batch. */
  void setComplaints(Map<Long, String> complaintOfRating) {
    if (complaintOfRating.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>();
    complaintOfRating.forEach((id, number) -> rows.add(new Object[] {number, id}));
    // A complaint may decide whether its review counts (CountedRatings), so the rollups hear of the link.
    rollups.changing(complaintOfRating.keySet(),
        () -> template.batchUpdate("update rating set complaint_number = ? where id = ?", rows, new int[] {Types.VARCHAR, Types.BIGINT}));
  }

  /** A rating as the office's pages show it: never the rater's contact. */
  record Listed(long id, String unitCode, String unitName, int level, String channel, String staffBadge, String comment,
                OffsetDateTime ratedAt, String complaintNumber, boolean excluded, String excludedReason,
                boolean appealUpheld) {

    public String levelLabel() {
      return RatingLevel.label(level);
    }

    public String channelLabel() {
      return RatingChannel.valueOf(channel).label();
    }

    public boolean countsNowhere() {
      return excluded || appealUpheld;
    }
  }

  private static final String LISTED = """
      select r.id, u.code as unit_code, u.name as unit_name, r.level, r.channel, r.staff_badge, r.comment, r.rated_at,
             r.complaint_number, r.excluded, r.excluded_reason, coalesce(c.review_excluded, false) as appeal_upheld
        from rating r
        join unit u on u.id = r.unit_id
        left join complaint c on c.number = r.complaint_number
      """;

  Optional<Listed> find(long id) {
    return jdbc.sql(LISTED + " where r.id = ?").param(id).query(Listed.class).optional();
  }

  /** The latest ratings of a unit's subtree (or of every unit) within [from, to). */
  List<Listed> latest(String unitCode, OffsetDateTime from, OffsetDateTime to, int limit) {
    if (unitCode == null) {
      return jdbc.sql(LISTED + " where r.rated_at >= ? and r.rated_at < ? order by r.rated_at desc, r.id desc fetch first ? rows only")
          .params(from, to, limit).query(Listed.class).list();
    }
    return jdbc.sql(UnitTree.SUBTREE_IDS + LISTED + """
             where r.unit_id in (select id from subtree) and r.rated_at >= ? and r.rated_at < ?
             order by r.rated_at desc, r.id desc fetch first ? rows only""")
        .params(unitCode, from, to, limit).query(Listed.class).list();
  }

  boolean exclude(long id, String reason) {
    return rollups.changing(List.of(id), () -> jdbc.sql("update rating set excluded = true, excluded_reason = ? where id = ? and excluded = false")
        .params(reason, id).update() == 1);
  }

  /**
   * One row per level, channel and whether the rating counts: the complaint of a bad review tells
   * whether it was verified (substantiated), rectified (its rectification was accepted), appealed, or
   * excluded after an upheld appeal (ComplaintHandling records these on the complaint and its timeline).
   */
  record FigureRow(int level, String channel, boolean excluded, long ratings, long verified, long rectified, long appealed) {
  }

  /**
   * Every rating of a period with what counts about it — the one place that says which ratings count
   * nowhere (excluded by the office, or a bad review excluded after an upheld appeal) and what became
   * of a bad review. The figures below group it one way or another.
   */
  private static final String CLASSIFIED = """
      select r.unit_id, extract(month from r.rated_day) as rated_month, r.level, r.channel,
             case when %1$s then true else false end as excluded,
             case when c.substantiated = true then 1 else 0 end as verified,
             case when exists (select 1 from complaint_event e where e.complaint_id = c.id and e.kind = '%2$s')
                  then 1 else 0 end as rectified,
             case when exists (select 1 from complaint_event e where e.complaint_id = c.id and e.kind = '%3$s')
                  then 1 else 0 end as appealed
        from %4$s
       where %%s r.rated_at >= ? and r.rated_at < ?""".formatted(COUNTING.countsNowhere(),
      ComplaintEventKind.RECTIFICATION_DONE.name(), ComplaintEventKind.APPEAL_FILED.name(), COUNTING.from());

  private static final String FIGURES = "select level, channel, excluded, count(*) as ratings, sum(verified) as verified,"
      + " sum(rectified) as rectified, sum(appealed) as appealed from (" + CLASSIFIED + ") x group by level, channel, excluded";

  private static final String FIGURES_BY_UNIT_AND_MONTH = "select unit_id, rated_month, level, excluded, count(*) as ratings,"
      + " sum(verified) as verified, sum(rectified) as rectified, sum(appealed) as appealed from (" + CLASSIFIED.formatted("")
      + ") x group by unit_id, rated_month, level, excluded";

  /** The figures of every rated unit (not its subtree) by the Beijing month of the rating, in one query. */
  List<RatingFigures.UnitMonthRow> figuresByUnitAndMonth(OffsetDateTime from, OffsetDateTime to) {
    return jdbc.sql(FIGURES_BY_UNIT_AND_MONTH).params(from, to).query(RatingFigures.UnitMonthRow.class).list();
  }

  List<FigureRow> figures(String unitCode, OffsetDateTime from, OffsetDateTime to) {
    if (unitCode == null) {
      return jdbc.sql(FIGURES.formatted("")).params(from, to).query(FigureRow.class).list();
    }
    return jdbc.sql(UnitTree.SUBTREE_IDS + FIGURES.formatted("r.unit_id in (select id from subtree) and"))
        .params(unitCode, from, to).query(FigureRow.class).list();
  }
}
