package org.servicestar.rectification;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class RectificationRepository {

  private static final String SELECT = """
      select id, number, unit_code, source_type, source_id, problem, severity, status, deadline_days, due_at,
             return_count, extension_count, process_instance_id, opened_at, opened_by, closed_at, updated_at
        from rectification
      """;

  private final JdbcClient jdbc;

  RectificationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(String number, String unitCode, RectificationSource source, String sourceId, String problem, Severity severity,
              String processInstanceId, LocalDateTime at, String actor) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into rectification (number, unit_code, source_type, source_id, problem, severity, status,
                                       process_instance_id, opened_at, opened_by, updated_at)
            values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?)""")
        .params(number, unitCode, source.name(), sourceId, problem, severity.name(), processInstanceId, at, actor, at)
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  Optional<Rectification> byNumber(String number) {
    return jdbc.sql(SELECT + " where number = ?").param(number).query(Rectification.class).optional();
  }

  Optional<Rectification> byProcessInstance(String processInstanceId) {
    return jdbc.sql(SELECT + " where process_instance_id = ?").param(processInstanceId).query(Rectification.class).optional();
  }

  List<Rectification> ofSource(RectificationSource source, String sourceId) {
    return jdbc.sql(SELECT + " where source_type = ? and source_id = ? order by id").params(source.name(), sourceId)
        .query(Rectification.class).list();
  }

  /** Filtered by units (null: all), one unit (null: any) and status (null: any), newest first. */
  List<Rectification> list(Collection<String> units, String unitCode, RectificationStatus status) {
    StringBuilder sql = new StringBuilder(SELECT).append(" where 1 = 1");
    List<Object> params = new ArrayList<>();
    if (units != null) {
      if (units.isEmpty()) {
        return List.of();
      }
      sql.append(" and unit_code in (").append(String.join(", ", units.stream().map(u -> "?").toList())).append(")");
      params.addAll(units);
    }
    if (unitCode != null) {
      sql.append(" and unit_code = ?");
      params.add(unitCode);
    }
    if (status != null) {
      sql.append(" and status = ?");
      params.add(status.name());
    }
    sql.append(" order by id desc fetch first 500 rows only");
    return jdbc.sql(sql.toString()).params(params).query(Rectification.class).list();
  }

  /** Not accepted and due before {@code before}, soonest due first. */
  List<Rectification> openDueBefore(Collection<String> units, LocalDateTime before) {
    String in = String.join(", ", units.stream().map(u -> "?").toList());
    List<Object> params = new ArrayList<>(units);
    params.add(RectificationStatus.ACCEPTED.name());
    params.add(before);
    return jdbc.sql(SELECT + " where unit_code in (" + in + ") and status <> ? and due_at < ? order by due_at, id")
        .params(params).query(Rectification.class).list();
  }

  List<RectificationLedger.StatusCount> countsByStatus() {
    return jdbc.sql("select status, count(*) as n, min(updated_at) as oldest from rectification group by status")
        .query((rs, i) -> new RectificationLedger.StatusCount(RectificationStatus.valueOf(rs.getString("status")), rs.getLong("n"),
            rs.getObject("oldest", LocalDateTime.class)))
        .list();
  }

  void setStatus(long id, RectificationStatus status, LocalDateTime at) {
    jdbc.sql("update rectification set status = ?, updated_at = ?, closed_at = ? where id = ?")
        .params(status.name(), at, status == RectificationStatus.ACCEPTED ? at : null, id).update();
  }

  void setDue(long id, LocalDateTime dueAt, Integer deadlineDays, LocalDateTime at) {
    if (deadlineDays != null) {
      jdbc.sql("update rectification set due_at = ?, deadline_days = ?, updated_at = ? where id = ?").params(dueAt, deadlineDays, at, id).update();
    } else {
      jdbc.sql("update rectification set due_at = ?, updated_at = ? where id = ?").params(dueAt, at, id).update();
    }
  }

  void countReturn(long id) {
    jdbc.sql("update rectification set return_count = return_count + 1 where id = ?").param(id).update();
  }

  void countExtension(long id) {
    jdbc.sql("update rectification set extension_count = extension_count + 1 where id = ?").param(id).update();
  }

  void addEvent(long rectificationId, LocalDateTime at, String actor, RectificationEvent.EventKind kind, RectificationStatus status,
                String detail) {
    jdbc.sql("insert into rectification_event (rectification_id, at, actor, kind, status, detail) values (?, ?, ?, ?, ?, ?)")
        .params(rectificationId, at, actor, kind.name(), status.name(), detail).update();
  }

  List<RectificationEvent> events(long rectificationId) {
    return jdbc.sql("select id, rectification_id, at, actor, kind, status, detail from rectification_event where rectification_id = ? order by id")
        .param(rectificationId).query(RectificationEvent.class).list();
  }
}
