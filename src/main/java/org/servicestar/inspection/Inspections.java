package org.servicestar.inspection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.CampaignService;
import org.servicestar.numbering.BusinessNumbers;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inspections (集中检查 and 明查暗访): registered when the process starts, with their own copy of the
 * campaign's sheet; conducted once, with scores and findings. Times are the engine's clock in Beijing time.
 */
@Service
class Inspections {

  /** What the process hands over when it starts. campaignYear and type may be missing (a Tasklist start). */
  record Registration(String unitCode, Integer campaignYear, String type, String startedBy, String processInstanceId, String note) {
  }

  /** List filters; null means any. */
  record Filter(Integer year, String unitCode, InspectionType type, String status) {
  }

  static final String NUMBER_PREFIX = "JC";
  static final int MAX_NOTE = 2000;
  private static final String SELECT = """
      select id, number, campaign_year, unit_code, inspection_type, status, process_instance_id, total_score, max_score,
             score_pct, summary, inspector, started_by, started_at, conducted_at, note
        from inspection
      """;

  private final JdbcClient jdbc;
  private final BusinessNumbers numbers;
  private final UnitService units;
  private final CampaignService campaigns;
  private final InspectionSheet sheets;
  private final AuditTrail audit;
  private final Clock clock;

  Inspections(JdbcClient jdbc, BusinessNumbers numbers, UnitService units, CampaignService campaigns, InspectionSheet sheets,
              AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.numbers = numbers;
    this.units = units;
    this.campaigns = campaigns;
    this.sheets = sheets;
    this.audit = audit;
  }

  /**
   * Checks the input and registers the inspection (status OPEN) with the next JC number and a copy
   * of the campaign's sheet. A process instance that already has one (a retried step) gets that one.
   */
  @Transactional
  Inspection register(Registration r) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String unitCode = r.unitCode() == null ? "" : r.unitCode().strip();
    Optional<Unit> unit = unitCode.isEmpty() ? Optional.empty() : units.byCode(unitCode);
    if (unitCode.isEmpty()) {
      errors.add("unitCode", "请填写被检查单位的编码");
    } else if (unit.isEmpty()) {
      errors.add("unitCode", "没有编码为 " + unitCode + " 的单位");
    } else if (!unit.get().active()) {
      errors.add("unitCode", "单位 " + unit.get().name() + "（" + unitCode + "）已停用，不能检查");
    }
    InspectionType type = r.type() == null || r.type().isBlank() ? InspectionType.UNANNOUNCED : InspectionType.parse(r.type());
    errors.check(type != null, "inspectionType", "检查类型（inspectionType）须为 CENTRALIZED 或 UNANNOUNCED，收到的是 " + r.type());
    int year = r.campaignYear() != null ? r.campaignYear() : now().getYear();
    errors.check(campaigns.ofYear(year).isPresent(), "campaignYear",
        "没有 " + year + " 年的竞赛活动，无法登记检查；请先由办公室创建本年度竞赛活动");
    String note = r.note() == null || r.note().isBlank() ? null : r.note().strip();
    errors.check(TextLimits.fits(note, MAX_NOTE), "inspectionNote", TextLimits.tooLong("说明", MAX_NOTE, note));
    errors.throwIfAny();
    if (r.processInstanceId() != null) {
      Optional<Inspection> existing = byProcessInstance(r.processInstanceId());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    String number = numbers.next(NUMBER_PREFIX);
    String startedBy = r.startedBy() == null || r.startedBy().isBlank() ? AuditTrail.currentActor() : r.startedBy();
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into inspection (number, campaign_year, unit_code, inspection_type, status, process_instance_id,
              started_by, started_at, note)
            values (?, ?, ?, ?, 'OPEN', ?, ?, ?, ?)""")
        .params(number, year, unitCode, type.name(), r.processInstanceId(), startedBy, now(), note)
        .update(keys, "id");
    long id = keys.getKey().longValue();
    for (SheetItem item : sheets.of(year)) {
      jdbc.sql("insert into inspection_item (inspection_id, position, dimension, label, max_score) values (?, ?, ?, ?, ?)")
          .params(id, item.position(), item.dimension().name(), item.label(), item.maxScore()).update();
    }
    audit.record("INSPECTION_STARTED", subject(number), type.label() + "，" + unit.get().name() + "（" + unitCode + "），"
        + year + " 年度" + (note == null ? "" : "：" + note));
    return byNumber(number).orElseThrow();
  }

  /**
   * Stores what the inspector entered (already checked: {@link ConductedSheet#check}) and closes the
   * inspection. Conducting it again changes nothing: the first result stands.
   */
  @Transactional
  Inspection recordResult(String number, ConductedSheet sheet, String inspector) {
    Inspection inspection = require(number);
    if (inspection.done()) {
      return inspection;
    }
    List<InspectionItem> items = items(inspection.id());
    for (ConductedSheet.Score score : sheet.scores()) {
      jdbc.sql("update inspection_item set score = ?, remark = ? where inspection_id = ? and position = ?")
          .params(score.score(), score.remark(), inspection.id(), score.position()).update();
    }
    for (ConductedSheet.Finding f : sheet.findings()) {
      jdbc.sql("""
              insert into inspection_finding (inspection_id, position, description, severity, needs_rectification, serious_image_harm)
              values (?, ?, ?, ?, ?, ?)""")
          .params(inspection.id(), f.position(), f.description(), f.severity().name(), f.needsRectification(), f.seriousImageHarm())
          .update();
    }
    BigDecimal max = items.stream().map(InspectionItem::maxScore).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal total = sheet.total();
    BigDecimal pct = percent(total, max);
    jdbc.sql("""
            update inspection set status = 'DONE', total_score = ?, max_score = ?, score_pct = ?, summary = ?, inspector = ?,
              conducted_at = ? where id = ?""")
        .params(total, max, pct, sheet.summary(), inspector, now(), inspection.id()).update();
    audit.record("INSPECTION_CONDUCTED", subject(number), "得分 " + plain(total) + " / " + plain(max) + "（折合 " + plain(pct)
        + " 分），问题 " + sheet.findings().size() + " 个，检查人 " + inspector);
    return require(number);
  }

  /** The sheet's total scaled to 100, two decimals. */
  static BigDecimal percent(BigDecimal total, BigDecimal max) {
    return max.signum() == 0 ? BigDecimal.ZERO.setScale(2)
        : total.multiply(BigDecimal.valueOf(100)).divide(max, 2, RoundingMode.HALF_UP);
  }

  /** The Rectification a finding started (its ZG number). */
  @Transactional
  void linkRectification(String number, int position, String rectificationNumber) {
    Inspection inspection = require(number);
    jdbc.sql("update inspection_finding set rectification_number = ? where inspection_id = ? and position = ?")
        .params(rectificationNumber, inspection.id(), position).update();
    audit.record("INSPECTION_RECTIFICATION_STARTED", subject(number), "第 " + position + " 个问题下发整改 " + rectificationNumber);
  }

  Optional<Inspection> byNumber(String number) {
    return number == null ? Optional.empty()
        : jdbc.sql(SELECT + " where number = ?").param(number.strip()).query(Inspection.class).optional();
  }

  Inspection require(String number) {
    return byNumber(number).orElseThrow(() -> new IllegalStateException("no inspection " + number));
  }

  Optional<Inspection> byProcessInstance(String processInstanceId) {
    return jdbc.sql(SELECT + " where process_instance_id = ?").param(processInstanceId).query(Inspection.class).optional();
  }

  List<InspectionItem> items(long inspectionId) {
    return jdbc.sql("select position, dimension, label, max_score, score, remark from inspection_item where inspection_id = ? order by position")
        .param(inspectionId).query(InspectionItem.class).list();
  }

  List<InspectionItem> items(String number) {
    return items(require(number).id());
  }

  List<InspectionFinding> findings(String number) {
    return jdbc.sql("""
            select position, description, severity, needs_rectification, serious_image_harm, rectification_number
              from inspection_finding where inspection_id = ? order by position""")
        .param(require(number).id()).query(InspectionFinding.class).list();
  }

  /** Newest first, at most 500; {@code units} limits it to those units (null for all). */
  List<Inspection> list(Collection<String> units, Filter filter) {
    if (units != null && units.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder(SELECT).append(" where 1 = 1");
    List<Object> params = new ArrayList<>();
    if (units != null) {
      sql.append(" and unit_code in (").append(String.join(", ", units.stream().map(u -> "?").toList())).append(")");
      params.addAll(units);
    }
    if (filter.year() != null) {
      sql.append(" and campaign_year = ?");
      params.add(filter.year());
    }
    if (filter.unitCode() != null) {
      sql.append(" and unit_code = ?");
      params.add(filter.unitCode());
    }
    if (filter.type() != null) {
      sql.append(" and inspection_type = ?");
      params.add(filter.type().name());
    }
    if (filter.status() != null) {
      sql.append(" and status = ?");
      params.add(filter.status());
    }
    sql.append(" order by id desc fetch first 500 rows only");
    return jdbc.sql(sql.toString()).params(params).query(Inspection.class).list();
  }

  static String subject(String number) {
    return "inspection:" + number;
  }

  private LocalDateTime now() {
    return LocalDateTime.now(clock);
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
