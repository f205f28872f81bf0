package org.servicestar.report;

/** The filters of an export: the year, and (where the export has them) a unit, a status and a source; blanks mean any. */
record ExportFilter(int year, String unit, String status, String source) {

  ExportFilter {
    unit = blankToNull(unit);
    status = blankToNull(status);
    source = blankToNull(source);
  }

  /** The file name's tail: the year and each filter set, e.g. {@code 2026年-tax-hall-OPEN}. */
  String fileSuffix() {
    StringBuilder s = new StringBuilder(year + "年");
    for (String part : new String[] {unit, status, source}) {
      if (part != null) {
        s.append('-').append(part.replaceAll("[^A-Za-z0-9_-]", ""));
      }
    }
    return s.toString();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
