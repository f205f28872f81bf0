package org.servicestar.contest;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ContestRepository {

  private static final String CONTEST = """
      select c.id, c.campaign_year, c.name, c.kind, c.held_on, c.recorded_by, c.recorded_at, c.version,
             (select count(*) from contest_result r where r.contest_id = c.id) as result_count
        from contest c
      """;

  private static final String RESULT = """
      select r.id, r.contest_id, r.unit_code, u.name as unit_name, r.staff_badge, s.name as staff_name,
             r.result_rank, r.points, r.remark
        from contest_result r
        join unit u on u.code = r.unit_code
        left join staff s on s.badge_no = r.staff_badge
      """;

  private final JdbcClient jdbc;
  private final Clock clock;

  ContestRepository(JdbcClient jdbc, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
  }

  List<Contest> ofYear(int year) {
    return jdbc.sql(CONTEST + " where c.campaign_year = ? order by c.held_on desc, c.id desc").param(year).query(Contest.class).list();
  }

  List<Integer> years() {
    return jdbc.sql("select distinct campaign_year from contest order by campaign_year desc").query(Integer.class).list();
  }

  Optional<Contest> byId(long id) {
    return jdbc.sql(CONTEST + " where c.id = ?").param(id).query(Contest.class).optional();
  }

  long insert(int year, String name, ContestKind kind, LocalDate heldOn, String actor) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("insert into contest (campaign_year, name, kind, held_on, recorded_by, recorded_at, version) values (?, ?, ?, ?, ?, ?, 0)")
        .params(year, name, kind.name(), heldOn, actor, LocalDateTime.now(clock))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  void update(long id, int year, String name, ContestKind kind, LocalDate heldOn) {
    jdbc.sql("update contest set campaign_year = ?, name = ?, kind = ?, held_on = ? where id = ?")
        .params(year, name, kind.name(), heldOn, id).update();
  }

  /**
   * Claims the contest for a change: false when someone else changed it since {@code version} was
   * read. The row stays locked until the transaction ends, so two edits of one contest never interleave.
   */
  boolean bumpVersion(long id, int version) {
    return jdbc.sql("update contest set version = version + 1 where id = ? and version = ?").params(id, version).update() == 1;
  }

  List<ResultRow> results(long contestId) {
    return jdbc.sql(RESULT + " where r.contest_id = ? order by case when r.result_rank is null then 1 else 0 end, r.result_rank, r.points desc, r.id")
        .param(contestId).query(ResultRow.class).list();
  }

  void insertResult(long contestId, String unitCode, String badge, Integer rank, BigDecimal points, String remark) {
    jdbc.sql("insert into contest_result (contest_id, unit_code, staff_badge, result_rank, points, remark) values (?, ?, ?, ?, ?, ?)")
        .params(contestId, unitCode, badge, rank, points, remark).update();
  }

  void updateResult(long resultId, String unitCode, String badge, Integer rank, BigDecimal points, String remark) {
    jdbc.sql("update contest_result set unit_code = ?, staff_badge = ?, result_rank = ?, points = ?, remark = ? where id = ?")
        .params(unitCode, badge, rank, points, remark, resultId).update();
  }

  void deleteResult(long resultId) {
    jdbc.sql("delete from contest_result where id = ?").param(resultId).update();
  }

  List<ContestResult> resultsOfYear(int year) {
    return jdbc.sql("""
            select c.id, c.name, c.kind, c.held_on, c.campaign_year, r.unit_code, r.staff_badge, r.result_rank, r.points
              from contest_result r join contest c on c.id = r.contest_id
             where c.campaign_year = ?
             order by c.held_on, c.id, r.id""")
        .param(year)
        .query((rs, n) -> new ContestResult(rs.getLong("id"), rs.getString("name"), ContestKind.valueOf(rs.getString("kind")),
            rs.getObject("held_on", LocalDate.class), rs.getInt("campaign_year"), rs.getString("unit_code"),
            rs.getString("staff_badge"), (Integer) rs.getObject("result_rank", Integer.class), rs.getBigDecimal("points")))
        .list();
  }
}
