package org.servicestar.report;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.servicestar.award.AwardCategory;
import org.servicestar.award.NomineeStatus;
import org.servicestar.campaign.CampaignUnits;
import org.servicestar.complaint.ComplaintLabels;
import org.servicestar.complaint.ComplaintStatus;
import org.servicestar.rating.RatingFigures;
import org.servicestar.rating.RatingLevel;
import org.servicestar.rectification.Rectification;
import org.servicestar.rectification.RectificationSource;
import org.servicestar.rectification.RectificationStatus;
import org.servicestar.scoring.ScoreBoard;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitTree;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The four exports as tables, each read set-based (one query per export, never one per unit) and
 * limited to what the viewer may see. The figures are the services' own: scores from ScoreBoard, the
 * ratings through RatingFigures.Figures and the same counting rules as RatingRepository.figures.
 * The complaint register and the rectification ledger (a province's are 100 000 and 30 000 rows) are
 * not read into a list: their rows go from a database cursor straight into the workbook.
 */
@Service
class Exports {

  static final Map<String, String> CHANNELS = Map.of("ONLINE", "网上", "HOTLINE", "热线", "BOX", "意见箱", "LETTER", "来信",
      "RATING", "差评", "OFFICE", "办公室登记");

  /** Rows the driver fetches per round trip while an export streams, so it never holds more than these. */
  static final int FETCH_SIZE = 500;

  private final JdbcClient jdbc;
  private final JdbcClient cursor;
  private final TransactionTemplate readOnly;
  private final ScoreBoard board;
  private final CampaignUnits campaignUnits;
  private final UnitService units;
  private final RatingFigures ratingFigures;
  private final Clock clock;

  Exports(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions, ScoreBoard board,
          CampaignUnits campaignUnits, UnitService units, RatingFigures ratingFigures, Clock clock) {
    JdbcTemplate fetching = new JdbcTemplate(dataSource);
    fetching.setFetchSize(FETCH_SIZE);
    this.cursor = JdbcClient.create(fetching);
    // PostgreSQL honours the fetch size only with autocommit off, i.e. inside a transaction; without one
    // its driver reads the whole result into memory before handing over the first row.
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.clock = clock;
    this.ratingFigures = ratingFigures;
    this.jdbc = jdbc;
    this.board = board;
    this.campaignUnits = campaignUnits;
    this.units = units;
  }

  Table table(ExportKind kind, ExportFilter filter, Viewer viewer) {
    return switch (kind) {
      case RESULTS -> results(filter, viewer);
      case RECTIFICATIONS -> rectifications(filter, viewer);
      case RATINGS -> ratings(filter, viewer);
      case COMPLAINTS -> complaints(filter, viewer);
    };
  }

  /** About how many rows the export will have, to decide whether it runs in the background. */
  long estimate(ExportKind kind, ExportFilter filter, Viewer viewer) {
    return switch (kind) {
      case RESULTS -> 0;
      case RATINGS -> Long.MAX_VALUE;
      case RECTIFICATIONS -> count("rectification", "opened_at", filter, viewer);
      case COMPLAINTS -> count("complaint", "created_at", filter, viewer);
    };
  }

  // --- the year's results ---

  static final List<Column> RESULT_COLUMNS = List.of(Column.text("单位类型", 10), Column.integer("名次"),
      Column.text("单位编码", 16), Column.text("单位名称", 30), Column.decimal("检查考核得分"), Column.decimal("日常考评得分"),
      Column.decimal("监督评议得分"), Column.decimal("扣分"), Column.decimal("总分"), Column.integer("星级"),
      Column.flag("一票否决"), Column.text("否决条款", 12), Column.integer("待裁定否决"), Column.text("获奖", 24),
      Column.dateTime("计算时间"));

  private Table results(ExportFilter filter, Viewer viewer) {
    Map<String, String> awards = new HashMap<>();
    jdbc.sql("select subject, category from award_nominee where campaign_year = ? and status = ? order by category")
        .params(filter.year(), NomineeStatus.AWARDED.name()).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list().stream()
        .filter(a -> !AwardCategory.valueOf(a[1]).forStaff())
        .forEach(a -> awards.merge(a[0], AwardCategory.valueOf(a[1]).label(), (x, y) -> x + "、" + y));
    List<List<Object>> rows = new ArrayList<>();
    Set<String> scored = new LinkedHashSet<>();
    for (ScoreBoard.UnitScore s : board.ofYear(filter.year())) {
      scored.add(s.unitCode());
      if (included(s.unitCode(), filter, viewer)) {
        rows.add(Arrays.asList(typeLabel(s.unitType()), s.rankInType(), s.unitCode(), s.unitName(), s.inspectionScore(),
            s.dailyScore(), s.supervisionScore(), s.deductions(), s.total(), s.stars(), s.vetoed(), s.vetoClauses(),
            s.pendingVetoes(), awards.get(s.unitCode()), s.computedAt()));
      }
    }
    // A participant the run has not scored (yet) is listed without numbers, not silently dropped.
    for (String code : campaignUnits.participants(filter.year())) {
      if (!scored.contains(code) && included(code, filter, viewer)) {
        Unit unit = units.byCode(code).orElse(null);
        rows.add(Arrays.asList(unit == null ? null : unit.type().label(), null, code, unit == null ? code : unit.name(),
            null, null, null, null, null, null, null, "未计分", null, awards.get(code), null));
      }
    }
    return Table.of(filter.year() + "年考核结果", RESULT_COLUMNS, rows);
  }

  // --- the rectification ledger ---

  static final List<Column> RECTIFICATION_COLUMNS = List.of(Column.text("整改编号", 16), Column.text("单位编码", 16),
      Column.text("单位名称", 30), Column.text("问题来源", 8), Column.text("来源编号", 16), Column.text("问题", 50),
      Column.text("严重程度", 8), Column.text("状态", 12), Column.dateTime("立案时间"), Column.dateTime("整改期限"),
      Column.dateTime("完成时间"), Column.integer("退回次数"), Column.integer("延期次数"), Column.flag("逾期"));

  private Table rectifications(ExportFilter filter, Viewer viewer) {
    StringBuilder where = new StringBuilder();
    List<Object> params = new ArrayList<>();
    scopeAndFilter(where, params, "opened_at", filter, viewer);
    String sql = "select * from rectification where " + where + " order by opened_at, number";
    Map<String, String> names = unitNames();
    LocalDateTime now = LocalDateTime.now(clock);
    return new Table(filter.year() + "年整改台账", RECTIFICATION_COLUMNS, () -> count("rectification", "opened_at", filter, viewer),
        streamed(() -> cursor.sql(sql).params(params).query(Rectification.class).stream(),
            r -> Arrays.asList(r.number(), r.unitCode(), names.get(r.unitCode()), r.sourceType().label(), r.sourceId(),
                r.problem(), r.severity().label(), r.status().label(), r.openedAt(), r.dueAt(), r.closedAt(), r.returnCount(),
                r.extensionCount(), r.overdueAt(now))));
  }

  // --- the complaint register ---

  static final List<Column> COMPLAINT_COLUMNS = List.of(Column.text("投诉编号", 16), Column.text("单位编码", 16),
      Column.text("单位名称", 30), Column.text("渠道", 8), Column.dateTime("受理时间"), Column.text("状态", 14),
      Column.flag("是否属实"), Column.text("问题类别", 10), Column.text("严重程度", 8), Column.dateTime("办结时间"));
  static final List<Column> CONTACT_COLUMNS = List.of(Column.text("联系人", 10), Column.text("联系电话", 14));

  private Table complaints(ExportFilter filter, Viewer viewer) {
    StringBuilder where = new StringBuilder();
    List<Object> params = new ArrayList<>();
    scopeAndFilter(where, params, "created_at", filter, viewer);
    String sql = """
        select number, unit_code, channel, created_at, status, substantiated, category, severity, updated_at,
               contact_name, contact_phone
          from complaint where""" + " " + where + " order by created_at, number";
    Map<String, String> names = unitNames();
    Table.Rows rows = streamed(() -> cursor.sql(sql).params(params).query((rs, n) -> {
          String status = rs.getString("status");
          Boolean substantiated = (Boolean) rs.getObject("substantiated");
          List<Object> row = new ArrayList<>(Arrays.asList(rs.getString("number"), rs.getString("unit_code"),
              names.get(rs.getString("unit_code")), label(CHANNELS, rs.getString("channel")),
              rs.getObject("created_at", LocalDateTime.class), statusLabel(status), substantiated,
              ComplaintLabels.category(rs.getString("category")), ComplaintLabels.severity(rs.getString("severity")),
              closed(status) ? rs.getObject("updated_at", LocalDateTime.class) : null));
          if (viewer.contacts()) {
            row.add(rs.getString("contact_name"));
            row.add(rs.getString("contact_phone"));
          }
          return row;
        }).stream(), Function.identity());
    List<Column> columns = new ArrayList<>(COMPLAINT_COLUMNS);
    if (viewer.contacts()) {
      columns.addAll(CONTACT_COLUMNS);
    }
    return new Table(filter.year() + "年投诉登记", columns, () -> count("complaint", "created_at", filter, viewer), rows);
  }

  /** Closed by the complaint feature's rule; a status it does not know counts as still open. */
  private static boolean closed(String status) {
    return Arrays.stream(ComplaintStatus.values()).anyMatch(s -> !s.isOpen() && s.name().equals(status));
  }

  private static String statusLabel(String status) {
    try {
      return ComplaintStatus.valueOf(status).label();
    } catch (IllegalArgumentException e) {
      return status;
    }
  }

  // --- ratings per unit and month ---

  static final List<Column> RATING_COLUMNS = List.of(Column.text("单位编码", 16), Column.text("单位名称", 30),
      Column.text("单位类型", 10), Column.integer("年"), Column.integer("月"), Column.integer("评价总数"),
      Column.integer(RatingLevel.label(5)), Column.integer(RatingLevel.label(4)), Column.integer(RatingLevel.label(3)),
      Column.integer(RatingLevel.label(2)), Column.integer(RatingLevel.label(1)), Column.percent("基本满意率(%)"),
      Column.percent("满意率(%)"), Column.integer("差评"), Column.integer("差评属实"), Column.integer("差评已整改"),
      Column.integer("差评申诉"), Column.integer("不计入"));

  /** A unit's month, rolled up over its subtree like RatingFigures.of(unit, …) does. */
  private static final class Tally {
    final long[] byLevel = new long[RatingLevel.MAX + 1];
    long bad;
    long verified;
    long rectified;
    long appealed;
    long excluded;
  }

  private Table ratings(ExportFilter filter, Viewer viewer) {
    int year = filter.year();
    List<Unit> all = units.all();
    UnitTree tree = UnitTree.of(all);
    Map<Long, Map<Integer, Tally>> tallies = new HashMap<>();
    // The rating feature's counting, per rated unit and month; every ancestor's figures include the
    // unit's ratings, as a subtree's do in RatingFigures.of.
    for (RatingFigures.UnitMonthRow row : ratingFigures.byUnitAndMonth(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31))) {
      for (Unit u : tree.upwards(row.unitId())) {
        Tally t = tallies.computeIfAbsent(u.id(), k -> new TreeMap<>()).computeIfAbsent(row.ratedMonth(), k -> new Tally());
        if (row.excluded()) {
          t.excluded += row.ratings();
          continue;
        }
        t.byLevel[row.level()] += row.ratings();
        if (RatingLevel.isBad(row.level())) {
          t.bad += row.ratings();
          t.verified += row.verified();
          t.rectified += row.rectified();
          t.appealed += row.appealed();
        }
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    for (Unit unit : all) {
      Map<Integer, Tally> months = tallies.get(unit.id());
      if (months == null || !includedInTree(unit, filter, viewer, tree)) {
        continue;
      }
      for (Map.Entry<Integer, Tally> m : months.entrySet()) {
        RatingFigures.Figures f = figures(unit, LocalDate.of(year, m.getKey(), 1), m.getValue());
        rows.add(Arrays.asList(unit.code(), unit.name(), unit.type().label(), year, m.getKey(), f.total(),
            f.byLevel().get(5), f.byLevel().get(4), f.byLevel().get(3), f.byLevel().get(2), f.byLevel().get(1),
            f.basicallySatisfiedRate().orElse(null), f.satisfiedRate().orElse(null), f.badReviews(), f.verified(),
            f.rectified(), f.appealed(), f.excluded()));
      }
    }
    return Table.of(year + "年群众评议", RATING_COLUMNS, rows);
  }

  private static RatingFigures.Figures figures(Unit unit, LocalDate month, Tally t) {
    Map<Integer, Long> byLevel = new HashMap<>();
    long total = 0;
    for (int level = RatingLevel.MIN; level <= RatingLevel.MAX; level++) {
      byLevel.put(level, t.byLevel[level]);
      total += t.byLevel[level];
    }
    return new RatingFigures.Figures(unit.code(), unit.name(), month, month.plusMonths(1).minusDays(1), total, byLevel,
        Map.of(), t.bad, t.verified, t.rectified, t.appealed, t.excluded);
  }

  /** The unit filter of the ratings export takes the unit and everything under it; a lead gets their own units only. */
  private static boolean includedInTree(Unit unit, ExportFilter filter, Viewer viewer, UnitTree tree) {
    return viewer.sees(unit.code()) && (filter.unit() == null || tree.within(unit.code(), filter.unit()));
  }

  // --- shared bits ---

  /**
   * Rows read through a cursor when the workbook asks for them: inside a read-only transaction (held
   * while the sheet is written), {@value #FETCH_SIZE} rows per round trip, each turned into its cells
   * and handed on, so memory stays flat however many rows the year has.
   */
  private <T> Table.Rows streamed(Supplier<Stream<T>> query, Function<T, List<Object>> cells) {
    return sink -> readOnly.executeWithoutResult(status -> {
      try (Stream<T> records = query.get()) {
        records.forEach(record -> sink.accept(cells.apply(record)));
      }
    });
  }

  private static boolean included(String unitCode, ExportFilter filter, Viewer viewer) {
    return viewer.sees(unitCode) && (filter.unit() == null || filter.unit().equals(unitCode));
  }

  /** The year (by the given time column), the viewer's units, and the unit, status and source filters. */
  private static void scopeAndFilter(StringBuilder where, List<Object> params, String timeColumn, ExportFilter filter, Viewer viewer) {
    where.append(timeColumn).append(" >= ? and ").append(timeColumn).append(" < ?");
    params.add(LocalDate.of(filter.year(), 1, 1).atStartOfDay());
    params.add(LocalDate.of(filter.year() + 1, 1, 1).atStartOfDay());
    if (!viewer.all()) {
      if (viewer.units().isEmpty()) {
        where.append(" and 1 = 0");
      } else {
        where.append(" and unit_code in (").append(String.join(", ", viewer.units().stream().map(u -> "?").toList())).append(")");
        params.addAll(viewer.units());
      }
    }
    if (filter.unit() != null) {
      where.append(" and unit_code = ?");
      params.add(filter.unit());
    }
    if (filter.status() != null) {
      where.append(" and status = ?");
      params.add(filter.status());
    }
    if (filter.source() != null) {
      where.append(" and source_type = ?");
      params.add(filter.source());
    }
  }

  private long count(String table, String timeColumn, ExportFilter filter, Viewer viewer) {
    StringBuilder where = new StringBuilder();
    List<Object> params = new ArrayList<>();
    scopeAndFilter(where, params, timeColumn, filter, viewer);
    return jdbc.sql("select count(*) from " + table + " where " + where).params(params).query(Long.class).single();
  }

  /** Checks the filters against what each export knows, naming the field in Chinese. */
  void check(ExportKind kind, ExportFilter filter) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    errors.check(filter.year() >= 2000 && filter.year() <= 2999, "year", "年度须在 2000–2999 之间");
    errors.check(filter.unit() == null || units.byCode(filter.unit()).isPresent(), "unit", "没有编码为 " + filter.unit() + " 的单位");
    if (kind == ExportKind.RECTIFICATIONS) {
      errors.check(filter.status() == null || RectificationStatus.parse(filter.status()) != null, "status", "整改状态无效：" + filter.status());
      errors.check(filter.source() == null || RectificationSource.parse(filter.source()) != null,
          "source", "问题来源须为 COMPLAINT、INSPECTION 或 SENTIMENT");
    } else if (kind == ExportKind.COMPLAINTS) {
      errors.check(filter.status() == null || Arrays.stream(ComplaintStatus.values())
          .anyMatch(s -> s.name().equals(filter.status())), "status", "投诉状态无效：" + filter.status());
      errors.check(filter.source() == null, "source", "投诉登记簿不按来源筛选");
    } else {
      errors.check(filter.status() == null, "status", kind.label() + "不按状态筛选");
      errors.check(filter.source() == null, "source", kind.label() + "不按来源筛选");
    }
    errors.throwIfAny();
  }

  private Map<String, String> unitNames() {
    return units.all().stream().collect(Collectors.toMap(Unit::code, Unit::name));
  }

  private static String typeLabel(String type) {
    return type == null ? null : UnitType.valueOf(type).label();
  }

  private static String label(Map<String, String> labels, String code) {
    return code == null ? null : labels.getOrDefault(code, code);
  }
}
