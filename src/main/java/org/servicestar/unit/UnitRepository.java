package org.servicestar.unit;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class UnitRepository {

  private static final String SELECT = """
      select u.id, u.code, u.name, u.type, u.parent_id, p.code as parent_code, u.active, u.version
        from unit u left join unit p on p.id = u.parent_id
      """;

  /** By column, not reflection: every page's unit tree reads all units (a province: 22 000). */
  private static final RowMapper<Unit> UNIT = (rs, n) -> new Unit(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
      UnitType.valueOf(rs.getString("type")), rs.getObject("parent_id", Long.class), rs.getString("parent_code"),
      rs.getBoolean("active"), rs.getInt("version"));

  private final JdbcClient jdbc;
  private final Clock clock;

  UnitRepository(JdbcClient jdbc, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
  }

  List<Unit> findAll() {
    return jdbc.sql(SELECT + " order by u.code").query(UNIT).list();
  }

  List<Unit> findActive() {
    return jdbc.sql(SELECT + " where u.active = true order by u.code").query(UNIT).list();
  }

  Optional<Unit> findByCode(String code) {
    return jdbc.sql(SELECT + " where u.code = ?").param(code).query(UNIT).optional();
  }

  Optional<Unit> findById(long id) {
    return jdbc.sql(SELECT + " where u.id = ?").param(id).query(UNIT).optional();
  }

  long countActiveChildren(long id) {
    return jdbc.sql("select count(*) from unit where parent_id = ? and active = true").param(id).query(Long.class).single();
  }

  long insert(String code, String name, UnitType type, Long parentId) {
    LocalDateTime now = LocalDateTime.now(clock);
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("insert into unit (code, name, type, parent_id, active, created_at, updated_at, version) values (?, ?, ?, ?, true, ?, ?, 0)")
        .params(code, name, type.name(), parentId, now, now)
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  /** Optimistic: false when someone else changed the unit since {@code version} was read. */
  boolean update(long id, int version, String name, Long parentId, boolean active) {
    return jdbc.sql("update unit set name = ?, parent_id = ?, active = ?, updated_at = ?, version = version + 1 where id = ? and version = ?")
        .params(name, parentId, active, LocalDateTime.now(clock), id, version)
        .update() == 1;
  }
}
