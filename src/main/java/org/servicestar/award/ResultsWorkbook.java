package org.servicestar.award;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** The published results as one .xlsx sheet: numbers as numbers, so the office can sort and sum them. */
final class ResultsWorkbook {

  static final String[] HEADERS = {"类别", "名次", "单位/姓名", "所属单位", "得分", "星级", "证书编号"};
  /** Column widths in characters (CJK characters count about two). */
  private static final int[] WIDTHS = {20, 8, 36, 30, 10, 8, 20};

  private ResultsWorkbook() {
  }

  static byte[] xlsx(int year, List<PublishedAwards.Group> groups) {
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = workbook.createSheet(year + "年评选结果");
      CellStyle header = workbook.createCellStyle();
      XSSFFont bold = workbook.createFont();
      bold.setBold(true);
      header.setFont(bold);
      header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
      header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
      header.setBorderBottom(BorderStyle.THIN);
      CellStyle score = workbook.createCellStyle();
      score.setDataFormat(workbook.createDataFormat().getFormat("0.00"));

      Row head = sheet.createRow(0);
      for (int i = 0; i < HEADERS.length; i++) {
        Cell cell = head.createCell(i);
        cell.setCellValue(HEADERS[i]);
        cell.setCellStyle(header);
        sheet.setColumnWidth(i, WIDTHS[i] * 256);
      }
      int r = 1;
      for (PublishedAwards.Group group : groups) {
        for (PublishedAwards.Nominee n : group.nominees()) {
          Row row = sheet.createRow(r++);
          row.createCell(0).setCellValue(group.category().label());
          if (n.rank() != null) {
            row.createCell(1).setCellValue(n.rank());
          }
          row.createCell(2).setCellValue(n.person() ? n.name() + "（" + n.subject() + "）" : n.name());
          if (n.unitName() != null) {
            row.createCell(3).setCellValue(n.unitName());
          }
          if (n.score() != null) {
            Cell cell = row.createCell(4);
            cell.setCellValue(n.score().doubleValue());
            cell.setCellStyle(score);
          }
          if (n.stars() != null) {
            row.createCell(5).setCellValue(n.stars());
          }
          if (n.certificateNo() != null) {
            row.createCell(6).setCellValue(n.certificateNo());
          }
        }
      }
      sheet.createFreezePane(0, 1);
      workbook.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
