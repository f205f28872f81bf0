package org.servicestar.unit;

import java.util.List;

/**
 * What an import did: how many rows it read and stored, or every problem that stopped it. Either
 * all rows are stored or none: {@code imported} is 0 whenever there is a problem.
 */
record ImportReport(Kind kind, int rows, int imported, List<Problem> problems) {

  enum Kind {
    UNITS("个单位"),
    STAFF("名工作人员");

    private final String counted;

    Kind(String counted) {
      this.counted = counted;
    }
  }

  /** One problem: a data row (its number as Excel shows it, the header being row 1), or the whole file (row 0). */
  record Problem(int row, String message) {

    String text() {
      return row > 0 ? "第 " + row + " 行：" + message : message;
    }
  }

  ImportReport {
    problems = List.copyOf(problems);
  }

  static ImportReport fileProblem(Kind kind, String message) {
    return new ImportReport(kind, 0, 0, List.of(new Problem(0, message)));
  }

  boolean ok() {
    return problems.isEmpty();
  }

  /** "已导入 12 个单位", or "文件未导入任何数据". */
  String summary() {
    return ok() ? "已导入 " + imported + " " + kind.counted : "文件未导入任何数据";
  }
}
