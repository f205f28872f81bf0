package org.servicestar.unit;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class StaffRepository {

  private static final String SELECT = """
      select s.id, s.unit_id, u.code as unit_code, u.name as unit_name, s.name, s.badge_no, s.party_member,
             s.position, s.active, s.version
        from staff s join unit u on u.id = s.unit_id
      """;

  private final JdbcClient jdbc;
  private final Clock clock;

  StaffRepository(JdbcClient jdbc, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
  }

  List<Staff> findAll() {
    return jdbc.sql(SELECT + " order by u.code, s.badge_no").query(Staff.class).list();
  }

  List<Staff> findByUnit(long unitId) {
    return jdbc.sql(SELECT + " where s.unit_id = ? order by s.badge_no").param(unitId).query(Staff.class).list();
  }

  Optional<Staff> findByBadge(String badgeNo) {
    return jdbc.sql(SELECT + " where s.badge_no = ?").param(badgeNo).query(Staff.class).optional();
  }

  void insert(long unitId, String name, String badgeNo, boolean partyMember, String position) {
    LocalDateTime now = LocalDateTime.now(clock);
    jdbc.sql("""
            insert into staff (unit_id, name, badge_no, party_member, position, active, created_at, updated_at, version)
            values (?, ?, ?, ?, ?, true, ?, ?, 0)""")
        .params(unitId, name, badgeNo, partyMember, position, now, now)
        .update();
  }

  boolean update(long id, int version, long unitId, String name, boolean partyMember, String position, boolean active) {
    return jdbc.sql("""
            update staff set unit_id = ?, name = ?, party_member = ?, position = ?, active = ?, updated_at = ?,
                   version = version + 1
             where id = ? and version = ?""")
        .params(unitId, name, partyMember, position, active, LocalDateTime.now(clock), id, version)
        .update() == 1;
  }
}
