package org.servicestar.report;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What an export holds before it becomes a workbook: a sheet name, the columns and where the rows come
 * from (one value per column). A province's ledger never sits in memory: its rows are handed on one by
 * one, straight from the database cursor into the sheet.
 */
record Table(String sheetName, List<Column> columns, LongSupplier rowCount, Rows rows) {

  /** Hands each row, in order, to the sink; called once per export. */
  @FunctionalInterface
  interface Rows {
    void each(Consumer<List<Object>> sink);
  }

  /** A table whose few rows are already at hand (the results, the ratings per unit and month). */
  static Table of(String sheetName, List<Column> columns, List<List<Object>> rows) {
    return new Table(sheetName, columns, rows::size, rows::forEach);
  }

  /** Every row, each checked against the columns as it passes, so a wrong one fails the export rather than shifting cells. */
  void forEachRow(Consumer<List<Object>> sink) {
    rows.each(row -> {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("row has " + row.size() + " values for " + columns.size() + " columns");
      }
      sink.accept(row);
    });
  }
}
