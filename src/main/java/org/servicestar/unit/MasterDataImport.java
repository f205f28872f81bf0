package org.servicestar.unit;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.servicestar.unit.ImportReport.Kind;
import org.servicestar.unit.ImportReport.Problem;
import org.servicestar.unit.ImportTable.Column;
import org.servicestar.unit.ImportTable.DataRow;
import org.servicestar.unit.ImportTable.FileProblem;
import org.servicestar.web.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports many units or staff at once from an {@code .xlsx} or {@code .csv} file, all or nothing.
 *
 * <p>Every row goes through {@link UnitService#create} or {@link StaffService#create} in file order,
 * so a row may name a unit created by an earlier row, and every check of the one-by-one forms
 * applies. All rows share ONE transaction; when any row is bad, every row is still checked (so the
 * user can fix the whole file at once), then the transaction is rolled back and nothing is stored.
 */
@Service
class MasterDataImport {

  /** The unit file's columns, matched by header (Chinese or English). */
  static final List<Column> UNIT_COLUMNS = List.of(
      new Column("code", "编码", "code", true,
          "小写字母、数字和“-”，如 demo-import-hall；不能与已有单位重复。单位负责人组为 unit-{编码}", List.of("单位编码", "unitCode")),
      new Column("name", "名称", "name", true, "单位的中文全称，最长 200 字", List.of("单位名称", "unitName")),
      new Column("type", "类型", "type", true,
          "部门、服务大厅、科室队所、窗口（也可填 DEPARTMENT、HALL、SECTION、WINDOW）", List.of("单位类型", "unitType")),
      new Column("parentCode", "上级编码", "parentCode", false,
          "部门不填；其他单位填上级单位的编码：系统中已有的单位，或本文件中排在前面的行", List.of("上级单位编码", "上级单位", "parent")));

  /** The staff file's columns, matched by header (Chinese or English). */
  static final List<Column> STAFF_COLUMNS = List.of(
      new Column("badgeNo", "工号", "badgeNo", true, "1–32 位字母、数字或“-”，不能与已有工号重复", List.of("badge", "工作证号")),
      new Column("name", "姓名", "name", true, "最长 100 字", List.of("staffName")),
      new Column("unitCode", "单位编码", "unitCode", true, "所在单位的编码，须是系统中已有且启用的单位", List.of("所在单位编码", "所在单位")),
      new Column("partyMember", "党员", "partyMember", false, "是 / 否（也可填 true/false、Y/N），不填视为否", List.of("是否党员")),
      new Column("position", "岗位", "position", false, "可不填，最长 100 字", List.of("职务")));

  private static final Logger log = LoggerFactory.getLogger(MasterDataImport.class);

  private static final Set<String> YES = Set.of("是", "y", "yes", "true", "1", "√", "党员", "中共党员");
  private static final Set<String> NO = Set.of("否", "n", "no", "false", "0", "×", "非党员", "群众");

  private final UnitService units;
  private final StaffService staff;
  private final TransactionTemplate transaction;

  MasterDataImport(UnitService units, StaffService staff, PlatformTransactionManager transactionManager) {
    this.units = units;
    this.staff = staff;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** Creates the units of the file, all or none. Never throws for bad input: the report says what is wrong. */
  ImportReport importUnits(String filename, InputStream in) {
    ImportTable table;
    Map<String, Integer> columns;
    try {
      table = ImportTable.read(filename, in);
      columns = locate(table, UNIT_COLUMNS, STAFF_COLUMNS, "这像是工作人员名单，请用“导入工作人员”上传");
    } catch (FileProblem e) {
      return ImportReport.fileProblem(Kind.UNITS, e.getMessage());
    }
    Map<String, Integer> rowOfCode = firstRows(table, columns.get("code"));
    return inOneTransaction(Kind.UNITS, table.rows(), row -> {
      String code = row.get(columns.get("code"));
      String typeText = row.get(columns.get("type"));
      String parentCode = row.get(columns.get("parentCode"));
      Integer first = rowOfCode.get(code);
      if (!code.isEmpty() && first != null && first != row.number()) {
        return Map.of("code", "编码 " + code + " 与第 " + first + " 行重复");
      }
      Map<String, String> errors = new LinkedHashMap<>();
      try {
        units.create(new UnitService.UnitDraft(code, row.get(columns.get("name")), UnitType.parse(typeText),
            parentCode.isEmpty() ? null : parentCode));
      } catch (InvalidInputException e) {
        errors.putAll(e.fieldErrors());
      }
      if (errors.containsKey("type")) {
        errors.put("type", typeText.isEmpty() ? "类型不能为空，请填写部门、服务大厅、科室队所或窗口"
            : "类型“" + typeText + "”无法识别，请填写部门、服务大厅、科室队所或窗口");
      }
      // A parent that is in the file but not (yet) stored: say why, rather than "no such unit".
      Integer parentRow = rowOfCode.get(parentCode);
      if (errors.containsKey("parentCode") && parentRow != null && units.byCode(parentCode).isEmpty()) {
        errors.put("parentCode", parentRow > row.number()
            ? "上级单位 " + parentCode + " 在第 " + parentRow + " 行，须排在本行之前"
            : "上级单位 " + parentCode + "（第 " + parentRow + " 行）有误，未能导入");
      }
      return errors;
    }, UNIT_COLUMNS);
  }

  /** Creates the staff of the file, all or none. Never throws for bad input: the report says what is wrong. */
  ImportReport importStaff(String filename, InputStream in) {
    ImportTable table;
    Map<String, Integer> columns;
    try {
      table = ImportTable.read(filename, in);
      columns = locate(table, STAFF_COLUMNS, UNIT_COLUMNS, "这像是单位名单，请用“导入单位”上传");
    } catch (FileProblem e) {
      return ImportReport.fileProblem(Kind.STAFF, e.getMessage());
    }
    Map<String, Integer> rowOfBadge = firstRows(table, columns.get("badgeNo"));
    return inOneTransaction(Kind.STAFF, table.rows(), row -> {
      String badge = row.get(columns.get("badgeNo"));
      Integer first = rowOfBadge.get(badge);
      if (!badge.isEmpty() && first != null && first != row.number()) {
        return Map.of("badgeNo", "工号 " + badge + " 与第 " + first + " 行重复");
      }
      Map<String, String> errors = new LinkedHashMap<>();
      String partyText = row.get(columns.get("partyMember"));
      Boolean party = yesNo(partyText);
      if (party == null) {
        errors.put("partyMember", "党员一栏“" + partyText + "”无法识别，请填写“是”或“否”");
      }
      String unitCode = row.get(columns.get("unitCode"));
      try {
        staff.create(new StaffService.StaffDraft(unitCode, row.get(columns.get("name")), badge,
            Boolean.TRUE.equals(party), row.get(columns.get("position"))));
      } catch (InvalidInputException e) {
        e.fieldErrors().forEach(errors::putIfAbsent);
      }
      if (errors.containsKey("unitCode") && unitCode.isEmpty()) {
        errors.put("unitCode", "单位编码不能为空");
      }
      return errors;
    }, STAFF_COLUMNS);
  }

  /** "是/否", "true/false", "Y/N" (and a few more); blank is no; null when it means neither. */
  static Boolean yesNo(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || NO.contains(t)) {
      return false;
    }
    return YES.contains(t) ? true : null;
  }

  private interface RowImport {
    /** Imports one row; the problems by field (empty when the row is fine). */
    Map<String, String> apply(DataRow row);
  }

  /**
   * Runs every row in one transaction and rolls it back when any row is bad. The services' own
   * {@code @Transactional} methods join this transaction; one that fails marks it rollback-only,
   * which is harmless because this method then rolls back itself (locally, so the template does not
   * throw an UnexpectedRollbackException).
   */
  private ImportReport inOneTransaction(Kind kind, List<DataRow> rows, RowImport rowImport, List<Column> columns) {
    return transaction.execute(status -> {
      List<Problem> problems = new ArrayList<>();
      for (DataRow row : rows) {
        Map<String, String> errors;
        try {
          errors = rowImport.apply(row);
        } catch (RuntimeException e) {
          // A database or engine failure, not bad input: the transaction may be unusable now
          // (PostgreSQL refuses further statements), so stop here.
          log.warn("Import of {} stopped at row {}", kind, row.number(), e);
          problems.add(new Problem(row.number(), "保存本行时系统出错，已停止检查后面的行，请稍后重试或联系管理员"));
          break;
        }
        if (!errors.isEmpty()) {
          problems.add(new Problem(row.number(), inColumnOrder(errors, columns)));
        }
      }
      if (problems.isEmpty() && status.isRollbackOnly()) {
        problems.add(new Problem(0, "保存时出错，请稍后重试或联系管理员"));
      }
      if (!problems.isEmpty()) {
        status.setRollbackOnly();
        return new ImportReport(kind, rows.size(), 0, problems);
      }
      return new ImportReport(kind, rows.size(), rows.size(), List.of());
    });
  }

  private static String inColumnOrder(Map<String, String> errors, List<Column> columns) {
    List<String> order = columns.stream().map(Column::field).toList();
    return errors.entrySet().stream()
        .sorted((a, b) -> Integer.compare(rank(order, a.getKey()), rank(order, b.getKey())))
        .map(Map.Entry::getValue)
        .collect(Collectors.joining("；"));
  }

  private static int rank(List<String> order, String field) {
    int i = order.indexOf(field);
    return i < 0 ? order.size() : i;
  }

  /** The columns of the file; when the required ones are missing but the other kind's are there, says so. */
  private static Map<String, Integer> locate(ImportTable table, List<Column> columns, List<Column> otherKind,
                                             String otherKindHint) throws FileProblem {
    try {
      return table.locate(columns);
    } catch (FileProblem e) {
      try {
        table.locate(otherKind);
      } catch (FileProblem notTheOtherKindEither) {
        throw e;
      }
      throw new FileProblem(e.getMessage() + "。" + otherKindHint);
    }
  }

  /** The first row each key (a unit code, a badge number) appears in. */
  private static Map<String, Integer> firstRows(ImportTable table, Integer column) {
    Map<String, Integer> first = new HashMap<>();
    for (DataRow row : table.rows()) {
      String key = row.get(column);
      if (!key.isEmpty()) {
        first.putIfAbsent(key, row.number());
      }
    }
    return first;
  }
}
