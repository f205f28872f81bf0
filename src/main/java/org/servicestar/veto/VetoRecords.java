package org.servicestar.veto;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.servicestar.audit.AuditTrail;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-vote veto records (一票否决). Complaints, rectifications, inspections, objections and the office
 * (by hand) {@link #record record} a fact; each new record starts its {@code VetoRuling} process in the
 * same transaction, in which the leading group confirms or annuls it ({@link VetoRulings}); the year's
 * assessment reads the confirmed ones.
 *
 * <p>The same fact — unit, clause, source — is one record however often it is reported, also when
 * two reports arrive at the same moment on two nodes: the table's unique key decides, and the loser
 * of the race gets the winner's record.
 */
@Service
public class VetoRecords {

  static final int MAX_EVIDENCE = 4000;
  static final int MAX_REASON = 2000;
  private static final int MAX_SOURCE_ID = 64;

  private static final String SELECT = """
      select id, unit_code, clause, source_type, source_id, evidence, status, recorded_at, recorded_by,
             ruled_at, ruled_by, ruling_reason, ruling_process_id
        from veto_record
      """;

  private final JdbcClient jdbc;
  private final UnitService units;
  private final AuditTrail audit;
  private final TransactionTemplate savepoint;
  private final Clock clock;
  private final RuntimeService runtime;

  VetoRecords(JdbcClient jdbc, UnitService units, AuditTrail audit, PlatformTransactionManager transactions, Clock clock,
              RuntimeService runtime) {
    this.clock = clock;
    this.runtime = runtime;
    this.jdbc = jdbc;
    this.units = units;
    this.audit = audit;
    // A savepoint inside the caller's transaction: on PostgreSQL a failed insert would otherwise
    // abort the whole transaction, the process engine's included.
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  /**
   * Records that {@code unitCode} may be vetoed under {@code clause} (1–6) because of the case
   * {@code sourceType}/{@code sourceId}; pending until the leading group rules. Idempotent: the same
   * fact returns the record made the first time, whatever its status.
   */
  @Transactional
  public VetoRecord record(String unitCode, int clause, VetoSourceType sourceType, String sourceId, String evidence) {
    return record(unitCode, clause, sourceType, sourceId, evidence, AuditTrail.currentActor());
  }

  /** {@link #record(String, int, VetoSourceType, String, String)}, naming who records it (a process step knows its user). */
  @Transactional
  public VetoRecord record(String unitCode, int clause, VetoSourceType sourceType, String sourceId, String evidence, String recordedBy) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String unit = unitCode == null ? "" : unitCode.strip();
    errors.check(!unit.isEmpty(), "unitCode", "请指明被否决的单位");
    errors.check(VetoClause.of(clause).isPresent(), "clause", "否决条款须为第 1 至 6 项，收到的是 " + clause);
    errors.check(sourceType != null, "sourceType", "请指明依据的来源（投诉、整改、检查或公示异议）");
    String source = sourceId == null ? "" : sourceId.strip();
    errors.check(!source.isEmpty(), "sourceId", "请指明依据的编号（如 TS-2026-000001）");
    errors.check(TextLimits.fits(source, MAX_SOURCE_ID), "sourceId", TextLimits.tooLong("依据编号", MAX_SOURCE_ID, source));
    errors.throwIfAny();
    units.require(unit);

    Optional<VetoRecord> existing = findFact(unit, clause, sourceType, source);
    if (existing.isPresent()) {
      return existing.get();
    }
    String text = evidence == null || evidence.isBlank() ? null : shorten(evidence.strip(), MAX_EVIDENCE);
    String actor = recordedBy == null || recordedBy.isBlank() ? AuditTrail.currentActor() : recordedBy;
    boolean inserted;
    try {
      savepoint.executeWithoutResult(status -> jdbc.sql("""
              insert into veto_record (unit_code, clause, source_type, source_id, evidence, status, recorded_at, recorded_by)
              values (?, ?, ?, ?, ?, 'PENDING', ?, ?)""")
          .params(unit, clause, sourceType.name(), source, text, now(), actor).update());
      inserted = true;
    } catch (DuplicateKeyException concurrentlyRecorded) {
      inserted = false;
    }
    VetoRecord record = findFact(unit, clause, sourceType, source).orElseThrow();
    if (inserted) {
      audit.record("VETO_RECORDED", subject(record.id()), "单位 " + unit + " 第" + clause + "项（" + record.clauseInfo().title() + "），依据"
          + sourceType.label() + " " + source + (text == null ? "" : "：" + text));
      startRuling(record.id());
    }
    return require(record.id());
  }

  /**
   * Starts the leading group's ruling (VetoRuling, business key veto-{id}) of a pending record that has
   * none, in the caller's transaction; answers whether this call started it. The row is claimed first
   * (update … where ruling_process_id is null), so two nodes never start two rulings of one record.
   */
  @Transactional
  public boolean startRuling(long id) {
    int claimed = jdbc.sql("update veto_record set ruling_process_id = ? where id = ? and status = 'PENDING' and ruling_process_id is null")
        .params(STARTING, id).update();
    if (claimed == 0) {
      return false;
    }
    String instance = runtime.startProcessInstanceByKey(VetoRulingIds.PROCESS, VetoRulingIds.businessKey(id),
        java.util.Map.of(VetoRulingIds.Vars.VETO_ID, id)).getId();
    jdbc.sql("update veto_record set ruling_process_id = ? where id = ?").params(instance, id).update();
    return true;
  }

  /** Pending records whose ruling has not been started (recorded before rulings were a process). */
  public List<Long> pendingWithoutRuling() {
    return jdbc.sql("select id from veto_record where status = 'PENDING' and ruling_process_id is null order by id")
        .query(Long.class).list();
  }

  /** {@link #record(String, int, VetoSourceType, String, String)} with the source type by name, as a process variable holds it. */
  @Transactional
  public VetoRecord record(String unitCode, int clause, String sourceType, String sourceId, String evidence) {
    return record(unitCode, clause, sourceType(sourceType), sourceId, evidence);
  }

  static VetoSourceType sourceType(String name) {
    VetoSourceType type = VetoSourceType.parse(name);
    if (type == null) {
      throw InvalidInputException.of("sourceType", "依据来源须为 COMPLAINT、RECTIFICATION、INSPECTION 或 OBJECTION，收到的是 " + name);
    }
    return type;
  }

  /**
   * Applies the leading group's ruling, as {@link VetoRulings} counted it: CONFIRMED (it counts against
   * the unit) or ANNULLED. Only a pending record changes; a second ruling is refused with who was first.
   */
  @Transactional
  VetoRecord decide(long id, VetoStatus ruling, String reason, String ruledBy) {
    if (ruling == VetoStatus.PENDING) {
      throw new IllegalArgumentException("a ruling confirms or annuls");
    }
    String why = reason == null ? "" : reason.strip();
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    errors.check(!why.isEmpty(), "reason", "请写明" + (ruling == VetoStatus.CONFIRMED ? "确认" : "撤销") + "的理由");
    errors.throwIfAny();
    why = shorten(why, MAX_REASON);
    VetoRecord before = require(id);
    String by = shorten(ruledBy == null || ruledBy.isBlank() ? AuditTrail.currentActor() : ruledBy, 64);
    int changed = jdbc.sql("""
            update veto_record set status = ?, ruled_at = ?, ruled_by = ?, ruling_reason = ?
             where id = ? and status = 'PENDING'""")
        .params(ruling.name(), now(), by, why, id).update();
    if (changed == 0) {
      VetoRecord now = require(id);
      throw InvalidInputException.of("status", "该记录已由 " + now.ruledBy() + " " + now.status().label() + "，不能再次裁定");
    }
    audit.record(ruling == VetoStatus.CONFIRMED ? "VETO_CONFIRMED" : "VETO_ANNULLED", subject(id),
        "单位 " + before.unitCode() + " 第" + before.clause() + "项：" + ruling.label() + "，" + why);
    return require(id);
  }

  public Optional<VetoRecord> find(long id) {
    return jdbc.sql(SELECT + " where id = ?").param(id).query(VetoRecord.class).optional();
  }

  public VetoRecord require(long id) {
    return find(id).orElseThrow(() -> InvalidInputException.of("id", "没有编号为 " + id + " 的否决记录"));
  }

  /** Records of one unit, newest first. */
  public List<VetoRecord> ofUnit(String unitCode) {
    return list(unitCode, null);
  }

  /** Records in one status, newest first. */
  public List<VetoRecord> withStatus(VetoStatus status) {
    return list(null, status);
  }

  /** The confirmed records of a unit: what vetoes it in the assessment. */
  public List<VetoRecord> confirmedOf(String unitCode) {
    return list(unitCode, VetoStatus.CONFIRMED);
  }

  /** The records resting on one case (e.g. all records of complaint TS-2026-000001). */
  public List<VetoRecord> ofSource(VetoSourceType sourceType, String sourceId) {
    return jdbc.sql(SELECT + " where source_type = ? and source_id = ? order by id").params(sourceType.name(), sourceId)
        .query(VetoRecord.class).list();
  }

  /**
   * The records of a year's dashboard: recorded in the year, or still waiting for a ruling whenever
   * they were recorded; newest first. Records carry no campaign year, and every year's are kept.
   */
  public List<VetoRecord> ofYearOrPending(int year) {
    return jdbc.sql(SELECT + " where (recorded_at >= ? and recorded_at < ?) or status = ? order by id desc")
        .params(LocalDate.of(year, 1, 1).atStartOfDay(), LocalDate.of(year + 1, 1, 1).atStartOfDay(), VetoStatus.PENDING.name())
        .query(VetoRecord.class).list();
  }

  /** Records filtered by unit and status (either may be null for all), newest first. */
  public List<VetoRecord> list(String unitCode, VetoStatus status) {
    boolean byUnit = unitCode != null && !unitCode.isBlank();
    StringBuilder sql = new StringBuilder(SELECT).append(" where 1 = 1");
    List<Object> params = new java.util.ArrayList<>();
    if (byUnit) {
      sql.append(" and unit_code = ?");
      params.add(unitCode.strip());
    }
    if (status != null) {
      sql.append(" and status = ?");
      params.add(status.name());
    }
    sql.append(" order by id desc");
    return jdbc.sql(sql.toString()).params(params).query(VetoRecord.class).list();
  }

  private Optional<VetoRecord> findFact(String unitCode, int clause, VetoSourceType sourceType, String sourceId) {
    return jdbc.sql(SELECT + " where unit_code = ? and clause = ? and source_type = ? and source_id = ?")
        .params(unitCode, clause, sourceType.name(), sourceId).query(VetoRecord.class).optional();
  }

  /** Marks a record whose ruling is being started in this transaction (replaced by the instance id before commit). */
  private static final String STARTING = "starting";

  static String subject(long id) {
    return "veto:" + id;
  }

  private LocalDateTime now() {
    return LocalDateTime.now(clock);
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
