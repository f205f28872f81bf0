package org.servicestar.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.servicestar.unit.ImportTable.DataRow;
import org.servicestar.unit.ImportTable.FileProblem;

/** Reading uploaded files: encodings, Excel cell types, row numbers, headers. No Spring, no database. */
class ImportTableTest {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @Test
  void readsUtf8CsvWithBomAndKeepsExcelRowNumbersAcrossBlankRows() throws Exception {
    String csv = "编码,名称,类型,上级编码\r\n"
        + "demo-import-dept,示范区行政审批局,部门,\r\n"
        + "\r\n"
        + ",,,\r\n"
        + "demo-import-hall,\"示范区政务服务大厅, 一楼\",服务大厅,demo-import-dept\r\n";
    ImportTable table = ImportTable.read("单位.csv", new ByteArrayInputStream(concat(BOM, csv.getBytes(StandardCharsets.UTF_8))));

    assertThat(table.header()).containsExactly("编码", "名称", "类型", "上级编码");
    assertThat(table.rows()).extracting(DataRow::number).containsExactly(2, 5);
    assertThat(table.rows().get(1).cells()).containsExactly("demo-import-hall", "示范区政务服务大厅, 一楼", "服务大厅", "demo-import-dept");
    assertThat(table.rows().get(0).get(3)).isEmpty();
  }

  @Test
  void readsUtf8CsvWithoutBom() throws Exception {
    ImportTable table = ImportTable.read("staff.CSV", stream("工号,姓名\nIMP-0001,张晓梅\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(table.rows().get(0).cells()).containsExactly("IMP-0001", "张晓梅");
  }

  @Test
  void readsCsvThatExcelOnChineseWindowsSavedInGb18030() throws Exception {
    byte[] gbk = "工号,姓名,单位编码,党员,岗位\r\nIMP-0002,李建国,demo-import-window-01,否,综合受理员\r\n"
        .getBytes(Charset.forName("GB18030"));
    assertThat(new String(gbk, StandardCharsets.UTF_8)).doesNotContain("李建国");

    ImportTable table = ImportTable.read("staff.csv", stream(gbk));

    assertThat(table.header()).containsExactly("工号", "姓名", "单位编码", "党员", "岗位");
    assertThat(table.rows().get(0).cells()).containsExactly("IMP-0002", "李建国", "demo-import-window-01", "否", "综合受理员");
  }

  @Test
  void readsSemicolonAndTabSeparatedCsvAndTrimsInvisibleSpaces() throws Exception {
    ImportTable semicolons = ImportTable.read("a.csv", stream("工号;姓名\n IMP-1 ;\u3000王芳\u00A0\n".getBytes(StandardCharsets.UTF_8)));
    ImportTable tabs = ImportTable.read("a.csv", stream("工号\t姓名\nIMP-1\t王芳\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(semicolons.rows().get(0).cells()).containsExactly("IMP-1", "王芳");
    assertThat(tabs.rows().get(0).cells()).containsExactly("IMP-1", "王芳");
  }

  @Test
  void readsTheFirstSheetOfAnXlsxWithEveryCellAsText() throws Exception {
    byte[] xlsx;
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = workbook.createSheet("工作人员");
      row(sheet, 0, "工号", "姓名", "单位编码", "党员", "岗位");
      Row r2 = sheet.createRow(1);
      r2.createCell(0).setCellValue(10023);          // a badge typed as a number
      r2.createCell(1).setCellValue("张晓梅");
      r2.createCell(2).setCellValue("demo-import-window-01");
      r2.createCell(3).setCellValue(true);           // a real boolean cell
      r2.createCell(4).setCellFormula("\"综合\"&\"受理员\"");
      // Row 3 left out entirely (blank in Excel); row 4 has a long number, a decimal and a zero-padded format.
      Row r4 = sheet.createRow(3);
      r4.createCell(0).setCellValue(123456789012d);
      r4.createCell(1).setCellValue(2.5);
      Cell padded = r4.createCell(2);
      padded.setCellValue(42);
      CellStyle zeros = workbook.createCellStyle();
      zeros.setDataFormat(workbook.createDataFormat().getFormat("00000"));
      padded.setCellStyle(zeros);
      r4.createCell(4).setCellValue("   ");
      workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
      row(workbook.createSheet("第二页"), 0, "不应读取");
      workbook.write(out);
      xlsx = out.toByteArray();
    }

    ImportTable table = ImportTable.read("名单.XLSX", stream(xlsx));

    assertThat(table.header()).containsExactly("工号", "姓名", "单位编码", "党员", "岗位");
    assertThat(table.rows()).extracting(DataRow::number).containsExactly(2, 4);
    assertThat(table.rows().get(0).cells()).containsExactly("10023", "张晓梅", "demo-import-window-01", "true", "综合受理员");
    assertThat(table.rows().get(1).cells()).containsExactly("123456789012", "2.5", "00042", "", "");
  }

  @Test
  void findsColumnsByChineseOrEnglishHeaderInAnyOrderAndIgnoresOthers() throws Exception {
    ImportTable english = csv("Remarks,Parent Code,TYPE,name,code\nx,,部门,示范区行政审批局,demo-import-dept\n");
    ImportTable marked = csv("编码*,名称（必填）,类型,上级编码(选填),备注\ndemo-import-dept,示范区行政审批局,部门,,\n");

    assertThat(english.locate(MasterDataImport.UNIT_COLUMNS))
        .containsExactlyInAnyOrderEntriesOf(Map.of("parentCode", 1, "type", 2, "name", 3, "code", 4));
    assertThat(marked.locate(MasterDataImport.UNIT_COLUMNS))
        .containsExactlyInAnyOrderEntriesOf(Map.of("code", 0, "name", 1, "type", 2, "parentCode", 3));
    assertThat(csv("badge_no,staffName,unit_code\nA,B,C\n").locate(MasterDataImport.STAFF_COLUMNS))
        .containsExactlyInAnyOrderEntriesOf(Map.of("badgeNo", 0, "name", 1, "unitCode", 2));
  }

  @Test
  void aMissingRequiredHeaderIsNamedAndAnOptionalOneIsNot() throws Exception {
    ImportTable table = csv("编码,名称\ndemo-import-dept,示范区行政审批局\n");

    assertThatThrownBy(() -> table.locate(MasterDataImport.UNIT_COLUMNS))
        .isInstanceOf(FileProblem.class)
        .hasMessageContaining("第 1 行表头缺少必填列：类型（type）")
        .hasMessageNotContaining("上级编码");
  }

  @Test
  void aColumnGivenTwiceIsRefused() throws Exception {
    ImportTable table = csv("编码,名称,code,类型\na,b,c,部门\n");

    assertThatThrownBy(() -> table.locate(MasterDataImport.UNIT_COLUMNS))
        .isInstanceOf(FileProblem.class).hasMessageContaining("“编码”列出现了两次（第 A 列和第 C 列）");
  }

  @Test
  void refusesFilesItCannotRead() {
    assertProblem("units.xls", "x".getBytes(StandardCharsets.UTF_8), ".xls");
    assertProblem("units.txt", "编码\n".getBytes(StandardCharsets.UTF_8), "只能导入");
    assertProblem(null, "编码\n".getBytes(StandardCharsets.UTF_8), "只能导入");
    assertProblem("units.xlsx", "编码,名称\n".getBytes(StandardCharsets.UTF_8), "无法读取这个 Excel 文件");
    assertProblem("units.csv", new byte[0], "文件是空的");
    assertProblem("units.csv", "\n\n,,\n".getBytes(StandardCharsets.UTF_8), "没有内容");
    assertProblem("units.csv", "编码,名称\n".getBytes(StandardCharsets.UTF_8), "只有表头");
    assertProblem("units.csv", "编码,名称\n\"demo,示范\n".getBytes(StandardCharsets.UTF_8), "引号");
    assertProblem("units.csv", concat(BOM, new byte[] {(byte) 0xC4, (byte) 0xE3}), "UTF-8");
  }

  @Test
  void refusesMoreThan5000DataRows() throws Exception {
    StringBuilder csv = new StringBuilder("工号,姓名,单位编码\n");
    for (int i = 1; i <= ImportTable.MAX_ROWS; i++) {
      csv.append("B").append(i).append(",某,demo\n");
    }
    assertThat(ImportTable.read("a.csv", stream(csv.toString().getBytes(StandardCharsets.UTF_8))).rows()).hasSize(5000);

    csv.append("B5001,某,demo\n");
    assertProblem("a.csv", csv.toString().getBytes(StandardCharsets.UTF_8), "超过 5000 行");
  }

  @Test
  void readsPartyMemberAnswers() {
    assertThat(List.of("是", "Y", "y", "TRUE", "true", "yes", "1")).allSatisfy(t -> assertThat(MasterDataImport.yesNo(t)).isTrue());
    assertThat(List.of("否", "N", "false", "FALSE", "no", "0", "", " ")).allSatisfy(t -> assertThat(MasterDataImport.yesNo(t)).isFalse());
    assertThat(MasterDataImport.yesNo("也许")).isNull();
  }

  @Test
  void namesColumnsLikeExcel() {
    assertThat(List.of(0, 2, 25, 26, 27, 701, 702)).extracting(ImportTable::columnName)
        .containsExactly("A", "C", "Z", "AA", "AB", "ZZ", "AAA");
  }

  private static void assertProblem(String filename, byte[] bytes, String message) {
    assertThatThrownBy(() -> ImportTable.read(filename, stream(bytes)))
        .as(filename).isInstanceOf(FileProblem.class).hasMessageContaining(message);
  }

  private static ImportTable csv(String text) throws FileProblem {
    return ImportTable.read("t.csv", stream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void row(Sheet sheet, int index, String... values) {
    Row row = sheet.createRow(index);
    for (int i = 0; i < values.length; i++) {
      row.createCell(i).setCellValue(values[i]);
    }
  }

  private static ByteArrayInputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
