package org.servicestar.complaint;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ComplaintRepository {

  /** One step of a complaint's timeline. */
  record Event(LocalDateTime at, String actor, String kind, String detail) {

    public String kindLabel() {
      return ComplaintLabels.step(kind);
    }
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  ComplaintRepository(JdbcClient jdbc, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
  }

  Optional<Complaint> findByNumber(String number) {
    return jdbc.sql("select * from complaint where number = ?").param(number).query(Complaint.class).optional();
  }

  Optional<Complaint> findByClientRef(String clientRef) {
    return jdbc.sql("select * from complaint where client_ref = ?").param(clientRef).query(Complaint.class).optional();
  }

  List<Complaint> findRecent(String unitCode, String status, int limit) {
    return jdbc.sql("""
            select * from complaint
             where (cast(? as varchar(64)) is null or unit_code = ?) and (cast(? as varchar(24)) is null or status = ?)
             order by id desc fetch first ? rows only""")
        .params(unitCode, unitCode, status, status, limit).query(Complaint.class).list();
  }

  /** Per status: how many, and the oldest last change (complaints.status holds ComplaintStatus names). */
  List<ComplaintService.StatusCount> countsByStatus() {
    return jdbc.sql("select status, count(*) as n, min(updated_at) as oldest from complaint group by status")
        .query((rs, i) -> new ComplaintService.StatusCount(ComplaintStatus.valueOf(rs.getString("status")), rs.getLong("n"),
            rs.getObject("oldest", LocalDateTime.class)))
        .list();
  }

  long insert(String number, String unitCode, String source, String channel, String content, String contactName,
              String contactPhone, String clientRef, Long ratingId) {
    LocalDateTime now = LocalDateTime.now(clock);
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into complaint (number, unit_code, original_unit_code, source, channel, content, contact_name,
                                   contact_phone, client_ref, rating_id, status, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?)""")
        .params(number, unitCode, unitCode, source, channel, content, contactName, contactPhone, clientRef, ratingId, now, now)
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  /** Sets the named columns (from a fixed list in the service, never from input) and the update time. */
  void update(String number, String assignments, Object... values) {
    Object[] params = new Object[values.length + 2];
    System.arraycopy(values, 0, params, 0, values.length);
    params[values.length] = LocalDateTime.now(clock);
    params[values.length + 1] = number;
    jdbc.sql("update complaint set " + assignments + ", updated_at = ? where number = ?").params(params).update();
  }

  void addEvent(long complaintId, String actor, ComplaintEventKind step, String detail) {
    String kind = step.name();
    jdbc.sql("insert into complaint_event (complaint_id, at, actor, kind, detail) values (?, ?, ?, ?, ?)")
        .params(complaintId, LocalDateTime.now(clock), actor, kind, detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000))
        .update();
  }

  /** {@link #addEvent} for the complaint with this number, without reading it first; false when there is none. */
  boolean addEvent(String number, String actor, ComplaintEventKind step, String detail) {
    String kind = step.name();
    return jdbc.sql("insert into complaint_event (complaint_id, at, actor, kind, detail) select id, ?, ?, ?, ? from complaint where number = ?")
        .params(LocalDateTime.now(clock), actor, kind, detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000), number)
        .update() == 1;
  }

  /** A complaint whose process the engine could not start, as the retry and the administrators see it. */
  record Unstarted(long id, String number, String unitCode, String source, String channel, String content,
                   String contactName, String contactPhone, LocalDateTime createdAt, String startFailure,
                   LocalDateTime startFailedAt, int startAttempts, String staffBadge) {
  }

  private static final String UNSTARTED = "id, number, unit_code, source, channel, content, contact_name, contact_phone, "
      + "created_at, start_failure, start_failed_at, start_attempts, staff_badge";

  /** Marks the complaint NOT_STARTED with the engine's reason, counting the failed attempt. */
  void markNotStarted(String number, String reason) {
    update(number, "status = ?, start_failure = ?, start_failed_at = ?, start_attempts = start_attempts + 1",
        ComplaintStatus.NOT_STARTED.name(), cut(reason, 2000), LocalDateTime.now(clock));
  }

  /** Its process started: RECEIVED (to triage) and linked to the instance; the last failure is kept for the record. */
  void markStarted(String number, String processInstanceId) {
    update(number, "status = ?, process_instance_id = ?",
        ComplaintStatus.RECEIVED.name(), processInstanceId);
  }

  /** Complaints still NOT_STARTED after id {@code afterId}, oldest first. */
  List<Unstarted> unstarted(long afterId, int limit) {
    return jdbc.sql("select " + UNSTARTED + " from complaint where status = ? and id > ? order by id fetch first ? rows only")
        .params(ComplaintStatus.NOT_STARTED.name(), afterId, limit).query(Unstarted.class).list();
  }

  List<Complaint> substantiatedNaming(String staffBadge, java.time.LocalDateTime from, java.time.LocalDateTime to) {
    return jdbc.sql("""
            select * from complaint where staff_badge = ? and substantiated = true and created_at >= ? and created_at < ?
             order by created_at, id""")
        .params(staffBadge, from, to).query(Complaint.class).list();
  }

  long countUnstarted() {
    return jdbc.sql("select count(*) from complaint where status = ?").param(ComplaintStatus.NOT_STARTED.name())
        .query(Long.class).single();
  }

  /**
   * Locks the complaint's row for the caller's transaction when it is still NOT_STARTED; empty when it is
   * not (started meanwhile) or another transaction (another node's retry) holds it: that one starts it.
   */
  Optional<Unstarted> lockUnstarted(long id) {
    return jdbc.sql("select " + UNSTARTED + " from complaint where id = ? and status = ? for update skip locked")
        .params(id, ComplaintStatus.NOT_STARTED.name()).query(Unstarted.class).optional();
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  List<Event> events(long complaintId) {
    return jdbc.sql("select at, actor, kind, detail from complaint_event where complaint_id = ? order by id")
        .param(complaintId).query(Event.class).list();
  }
}
