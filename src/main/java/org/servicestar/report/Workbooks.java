package org.servicestar.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.IntConsumer;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Turns a {@link Table} into an .xlsx file in the house style of award.ResultsWorkbook: a bold grey
 * header row, frozen, with an auto-filter; numbers and dates as real cells. Takes the rows as the
 * table hands them on and streams them to disk (SXSSF), so that a province's ledger sits in memory
 * neither as rows nor as POI objects; only the finished file does, as bytes (a few MB).
 */
final class Workbooks {

  /** Rows kept in memory while writing; the rest is flushed to a temporary file. */
  private static final int WINDOW = 200;
  /** How often the progress callback hears of written rows. */
  static final int PROGRESS_STEP = 500;

  private Workbooks() {
  }

  static byte[] xlsx(Table table) {
    return xlsx(table, done -> { });
  }

  /** Writes the table; {@code progress} hears the number of rows written every {@value #PROGRESS_STEP} rows and at the end. */
  static byte[] xlsx(Table table, IntConsumer progress) {
    SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Styles styles = new Styles(workbook);
      Sheet sheet = workbook.createSheet(table.sheetName());
      List<Column> columns = table.columns();
      Row head = sheet.createRow(0);
      for (int i = 0; i < columns.size(); i++) {
        Cell cell = head.createCell(i);
        cell.setCellValue(columns.get(i).header());
        cell.setCellStyle(styles.header);
        sheet.setColumnWidth(i, Math.min(255, columns.get(i).width()) * 256);
      }
      sheet.createFreezePane(0, 1);
      int[] written = {0};
      table.forEachRow(values -> {
        Row row = sheet.createRow(++written[0]);
        for (int i = 0; i < columns.size(); i++) {
          write(row, i, columns.get(i).kind(), values.get(i), styles);
        }
        if (written[0] % PROGRESS_STEP == 0) {
          progress.accept(written[0]);
        }
      });
      int r = written[0];
      sheet.setAutoFilter(new CellRangeAddress(0, Math.max(r, 1), 0, columns.size() - 1));
      workbook.write(out);
      progress.accept(r);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      workbook.dispose();
      try {
        workbook.close();
      } catch (IOException ignored) {
        // nothing left to release: the temporary files are gone with dispose()
      }
    }
  }

  private static void write(Row row, int index, Column.Kind kind, Object value, Styles styles) {
    if (value == null) {
      return;
    }
    Cell cell = row.createCell(index);
    switch (kind) {
      case TEXT -> cell.setCellValue(value.toString());
      case FLAG -> cell.setCellValue(Boolean.TRUE.equals(value) ? "是" : "否");
      case INTEGER -> {
        cell.setCellValue(((Number) value).doubleValue());
        cell.setCellStyle(styles.integer);
      }
      case DECIMAL -> {
        cell.setCellValue(number(value));
        cell.setCellStyle(styles.decimal);
      }
      case PERCENT -> {
        cell.setCellValue(number(value));
        cell.setCellStyle(styles.percent);
      }
      case DATE -> {
        cell.setCellValue(value instanceof LocalDateTime t ? t.toLocalDate() : (LocalDate) value);
        cell.setCellStyle(styles.date);
      }
      case DATETIME -> {
        cell.setCellValue((LocalDateTime) value);
        cell.setCellStyle(styles.dateTime);
      }
    }
  }

  private static double number(Object value) {
    return value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue();
  }

  private static final class Styles {
    final CellStyle header;
    final CellStyle integer;
    final CellStyle decimal;
    final CellStyle percent;
    final CellStyle date;
    final CellStyle dateTime;

    Styles(SXSSFWorkbook workbook) {
      DataFormat formats = workbook.createDataFormat();
      header = workbook.createCellStyle();
      Font bold = workbook.createFont();
      bold.setBold(true);
      header.setFont(bold);
      header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
      header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
      header.setBorderBottom(BorderStyle.THIN);
      header.setWrapText(true);
      integer = styled(workbook, formats, "0");
      decimal = styled(workbook, formats, "0.00");
      percent = styled(workbook, formats, "0.0");
      date = styled(workbook, formats, "yyyy-mm-dd");
      dateTime = styled(workbook, formats, "yyyy-mm-dd hh:mm");
    }

    private static CellStyle styled(SXSSFWorkbook workbook, DataFormat formats, String format) {
      CellStyle style = workbook.createCellStyle();
      style.setDataFormat(formats.getFormat(format));
      return style;
    }
  }
}
