package org.servicestar.report;

import java.util.List;

/** What an export holds before it becomes a workbook: a sheet name, the columns and the rows (one value per column). */
record Table(String sheetName, List<Column> columns, List<List<Object>> rows) {

  Table {
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("row has " + row.size() + " values for " + columns.size() + " columns");
      }
    }
  }
}
