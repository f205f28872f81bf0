package org.servicestar.contest;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.servicestar.unit.ImportTable;
import org.servicestar.unit.ImportTable.Column;
import org.servicestar.unit.ImportTable.DataRow;
import org.servicestar.unit.ImportTable.FileProblem;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * A contest's results from an {@code .xlsx} or {@code .csv} file (the master data's {@link ImportTable}):
 * all or nothing, each bad row named with the row number Excel shows, like the other imports.
 */
@Service
class ContestImport {

  static final List<Column> COLUMNS = List.of(
      new Column("unitCode", "单位编码", "unitCode", false, "参赛单位的编码；填了工号时可不填（取其所在单位），也可填其上级单位（代表上级参赛）",
          List.of("单位", "编码")),
      new Column("staffBadge", "工号", "staffBadge", false, "参赛工作人员的工号；单位参赛（集体项目）时不填", List.of("工作人员工号")),
      new Column("rank", "名次", "rank", false, "1 为第一名；名次和得分至少填一项", List.of("排名")),
      new Column("points", "得分", "points", false, "0–100，最多两位小数", List.of("成绩", "分数")),
      new Column("remark", "备注", "remark", false, "选填，最多 500 字", List.of("说明")));

  /**
   * What an import did. Public, with public methods: the result page's template calls {@code ok()} and
   * {@code summary()} through SpEL, which only finds public methods of public types (EL1004E otherwise).
   */
  public record Report(int stored, List<String> problems) {

    public boolean ok() {
      return problems.isEmpty();
    }

    public String summary() {
      return ok() ? "已导入 " + stored + " 条成绩" : "文件未导入任何成绩";
    }
  }

  private final ContestService contests;

  ContestImport(ContestService contests) {
    this.contests = contests;
  }

  Report importFile(long contestId, int version, String filename, InputStream in) {
    Map<Integer, ResultRules.Draft> drafts = new LinkedHashMap<>();
    try {
      ImportTable table = ImportTable.read(filename, in);
      Map<String, Integer> columns = table.locate(COLUMNS);
      if (!columns.containsKey("unitCode") && !columns.containsKey("staffBadge")) {
        return new Report(0, List.of("表头中须有“单位编码”或“工号”列（至少一列）"));
      }
      if (!columns.containsKey("rank") && !columns.containsKey("points")) {
        return new Report(0, List.of("表头中须有“名次”或“得分”列（至少一列）"));
      }
      for (DataRow row : table.rows()) {
        drafts.put(row.number(), new ResultRules.Draft(row.get(columns.get("unitCode")), row.get(columns.get("staffBadge")),
            row.get(columns.get("rank")), row.get(columns.get("points")), row.get(columns.get("remark"))));
      }
    } catch (FileProblem e) {
      return new Report(0, List.of(e.getMessage()));
    }
    try {
      return new Report(contests.importResults(contestId, version, drafts).stored(), List.of());
    } catch (ContestService.ImportRefused e) {
      return new Report(0, e.problems());
    } catch (OptimisticLockingFailureException e) {
      return new Report(0, List.of(e.getMessage()));
    }
  }
}
