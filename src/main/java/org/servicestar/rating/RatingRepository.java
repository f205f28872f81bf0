package org.servicestar.rating;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class RatingRepository {

  /** A unit's subtree (itself and every unit under it), by the unit's code. */
  static final String SUBTREE = """
      with recursive subtree (id) as (
          select id from unit where code = ?
          union all
          select u.id from unit u join subtree s on u.parent_id = s.id)
      """;

  private final JdbcClient jdbc;

  RatingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The ids of the ratings already stored under these clientRefs. */
  Map<String, Long> idsByClientRef(Collection<String> clientRefs) {
    Map<String, Long> ids = new HashMap<>();
    if (clientRefs.isEmpty()) {
      return ids;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(clientRefs.size(), "?"));
    jdbc.sql("select client_ref, id from rating where client_ref in (" + marks + ")").params(List.copyOf(clientRefs))
        .query((rs, n) -> ids.put(rs.getString(1), rs.getLong(2))).list();
    return ids;
  }

  Optional<Long> idByClientRef(String clientRef) {
    return jdbc.sql("select id from rating where client_ref = ?").param(clientRef).query(Long.class).optional();
  }

  boolean votedOn(long unitId, String voterHash, LocalDate day) {
    return jdbc.sql("select count(*) from rating where unit_id = ? and voter_hash = ? and rated_day = ?")
        .params(unitId, voterHash, day).query(Long.class).single() > 0;
  }

  long insert(ValidRating r, OffsetDateTime receivedAt) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into rating (unit_id, level, channel, staff_badge, comment, contact_name, contact_phone, client_ref,
                                device_id, voter_hash, address_hash, entered_by, rated_at, rated_day, received_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(r.unit().id(), r.level(), r.channel().name(), r.staffBadge(), r.comment(), r.contactName(), r.contactPhone(),
            r.clientRef(), r.deviceId(), r.voterHash(), r.addressHash(), r.enteredBy(), r.ratedAt(), r.ratedDay(), receivedAt)
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  void setComplaint(long id, String complaintNumber) {
    jdbc.sql("update rating set complaint_number = ? where id = ?").params(complaintNumber, id).update();
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
    return jdbc.sql(SUBTREE + LISTED + """
             where r.unit_id in (select id from subtree) and r.rated_at >= ? and r.rated_at < ?
             order by r.rated_at desc, r.id desc fetch first ? rows only""")
        .params(unitCode, from, to, limit).query(Listed.class).list();
  }

  boolean exclude(long id, String reason) {
    return jdbc.sql("update rating set excluded = true, excluded_reason = ? where id = ? and excluded = false")
        .params(reason, id).update() == 1;
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
             case when r.excluded or coalesce(c.review_excluded, false) then true else false end as excluded,
             case when c.substantiated = true then 1 else 0 end as verified,
             case when exists (select 1 from complaint_event e where e.complaint_id = c.id and e.kind = 'RECTIFICATION_DONE')
                  then 1 else 0 end as rectified,
             case when exists (select 1 from complaint_event e where e.complaint_id = c.id and e.kind = 'APPEAL_FILED')
                  then 1 else 0 end as appealed
        from rating r
        left join complaint c on c.number = r.complaint_number
       where %s r.rated_at >= ? and r.rated_at < ?""";

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
    return jdbc.sql(SUBTREE + FIGURES.formatted("r.unit_id in (select id from subtree) and"))
        .params(unitCode, from, to).query(FigureRow.class).list();
  }
}
