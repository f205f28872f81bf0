package org.servicestar.report;

/** The .xlsx exports the reports page offers; the path segment is the URL's {@code /reports/export/{path}.xlsx}. */
enum ExportKind {
  RESULTS("results", "年度考核结果"),
  RECTIFICATIONS("rectifications", "整改台账"),
  RATINGS("ratings", "群众评议统计"),
  COMPLAINTS("complaints", "投诉登记簿");

  private final String path;
  private final String label;

  ExportKind(String path, String label) {
    this.path = path;
    this.label = label;
  }

  String path() {
    return path;
  }

  String label() {
    return label;
  }

  static ExportKind ofPath(String path) {
    for (ExportKind kind : values()) {
      if (kind.path.equals(path)) {
        return kind;
      }
    }
    return null;
  }
}
