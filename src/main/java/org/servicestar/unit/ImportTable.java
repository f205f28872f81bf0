package org.servicestar.unit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * An uploaded {@code .xlsx} or {@code .csv} file read as text: its header row and its data rows, each
 * with the row number the user sees in Excel (the first row is 1). Blank rows are left out but still
 * counted, so the numbers stay those of the spreadsheet.
 */
public final class ImportTable {

  /** Most data rows (without the header) one file may hold. */
  public static final int MAX_ROWS = 5000;

  /** The whole file is unusable: not xlsx/csv, unreadable, no header, a required column missing, too long. */
  public static final class FileProblem extends Exception {
    FileProblem(String message) {
      super(message);
    }
  }

  /** One column the import understands: its field, the Chinese header shown in the example file, and the other names it accepts. */
  public record Column(String field, String label, String english, boolean required, String hint, List<String> aliases) {

    public Column {
      aliases = List.copyOf(aliases);
    }

    boolean matches(String normalisedHeader) {
      return normaliseHeader(label).equals(normalisedHeader) || normaliseHeader(english).equals(normalisedHeader)
          || aliases.stream().anyMatch(a -> normaliseHeader(a).equals(normalisedHeader));
    }
  }

  /** A data row: its spreadsheet row number and its cells as trimmed text ("" for an empty cell). */
  public record DataRow(int number, List<String> cells) {

    public String get(Integer column) {
      return column == null || column >= cells.size() ? "" : cells.get(column);
    }
  }

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final Charset GB18030 = Charset.forName("GB18030");

  private final int headerNumber;
  private final List<String> header;
  private final List<DataRow> rows;

  private ImportTable(int headerNumber, List<String> header, List<DataRow> rows) {
    this.headerNumber = headerNumber;
    this.header = List.copyOf(header);
    this.rows = List.copyOf(rows);
  }

  /** The row number of the header: 1 unless the file starts with blank rows. */
  public int headerNumber() {
    return headerNumber;
  }

  List<String> header() {
    return header;
  }

  public List<DataRow> rows() {
    return rows;
  }

  /** Reads the file by its name's extension: {@code .xlsx} (first sheet) or {@code .csv}. */
  public static ImportTable read(String filename, InputStream in) throws FileProblem {
    String name = filename == null ? "" : filename.strip().toLowerCase(Locale.ROOT);
    if (name.endsWith(".xls")) {
      throw new FileProblem("不支持旧的 .xls 格式，请在 Excel 中“另存为” .xlsx 或 CSV（UTF-8）后再导入");
    }
    if (!name.endsWith(".xlsx") && !name.endsWith(".csv")) {
      throw new FileProblem("只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）");
    }
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new FileProblem("无法读取上传的文件，请重新上传");
    }
    if (bytes.length == 0) {
      throw new FileProblem("文件是空的");
    }
    return name.endsWith(".xlsx") ? readXlsx(bytes) : readCsv(bytes);
  }

  static ImportTable readCsv(byte[] bytes) throws FileProblem {
    String text = decode(bytes);
    CSVFormat format = CSVFormat.DEFAULT.builder()
        .setDelimiter(delimiterOf(text))
        // Keep empty lines as (blank) records so record numbers stay the row numbers Excel shows.
        .setIgnoreEmptyLines(false)
        .get();
    Builder table = new Builder();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      for (CSVRecord record : parser) {
        table.add((int) record.getRecordNumber(), record.toList());
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw new FileProblem("CSV 文件格式有误（多半是某个单元格的英文引号没有成对），请在 Excel 中打开检查后重新保存");
    }
    return table.build();
  }

  static ImportTable readXlsx(byte[] bytes) throws FileProblem {
    Builder table = new Builder();
    try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
      if (workbook.getNumberOfSheets() == 0) {
        throw new FileProblem("工作簿中没有工作表");
      }
      Sheet sheet = workbook.getSheetAt(0);
      DataFormatter formatter = new DataFormatter(Locale.CHINA);
      for (Row row : sheet) {
        List<String> cells = new ArrayList<>();
        for (int c = 0; c < Math.max(row.getLastCellNum(), 0); c++) {
          cells.add(text(row.getCell(c), formatter));
        }
        table.add(row.getRowNum() + 1, cells);
      }
    } catch (FileProblem e) {
      throw e;
    } catch (Exception e) {
      // Not a zip, not a workbook, encrypted, a zip bomb POI refuses: all the same to the user.
      throw new FileProblem("无法读取这个 Excel 文件，请确认它是未加密的 .xlsx 工作簿");
    }
    return table.build();
  }

  /** A cell as the text the user typed: numbers without a trailing ".0", dates and custom formats as shown. */
  static String text(Cell cell, DataFormatter formatter) {
    if (cell == null) {
      return "";
    }
    CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
    String value = switch (type) {
      case STRING -> cell.getRichStringCellValue().getString();
      case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
      case NUMERIC -> numeric(cell, formatter);
      case ERROR -> FormulaError.forInt(cell.getErrorCellValue()).getString();
      default -> "";
    };
    return clean(value);
  }

  private static String numeric(Cell cell, DataFormatter formatter) {
    // "General" would turn a 12-digit badge number into 1.23457E+11; a real number format
    // (a date, "00000" for leading zeros) is shown as Excel shows it.
    if (cell.getCellStyle() == null || cell.getCellStyle().getDataFormat() == 0) {
      double d = cell.getNumericCellValue();
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return formatter.formatCellValue(cell);
  }

  /**
   * UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise GB18030, which is what
   * Excel on Chinese Windows writes for "CSV (逗号分隔)". UTF-16 with a BOM is read too.
   */
  static String decode(byte[] bytes) throws FileProblem {
    if (startsWith(bytes, UTF8_BOM)) {
      return strict(StandardCharsets.UTF_8, bytes, UTF8_BOM.length)
          .orElseThrow(() -> new FileProblem("文件开头标明是 UTF-8 编码，但内容不是有效的 UTF-8，请重新保存为“CSV UTF-8（逗号分隔）”"));
    }
    if (startsWith(bytes, new byte[] {(byte) 0xFF, (byte) 0xFE}) || startsWith(bytes, new byte[] {(byte) 0xFE, (byte) 0xFF})) {
      return new String(bytes, StandardCharsets.UTF_16);
    }
    var utf8 = strict(StandardCharsets.UTF_8, bytes, 0);
    if (utf8.isPresent()) {
      return utf8.get();
    }
    return strict(GB18030, bytes, 0)
        .orElseThrow(() -> new FileProblem("无法识别文件的文字编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"));
  }

  private static java.util.Optional<String> strict(Charset charset, byte[] bytes, int offset) {
    try {
      return java.util.Optional.of(charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
          .toString());
    } catch (CharacterCodingException e) {
      return java.util.Optional.empty();
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Comma, unless the first line has none and holds a tab or a semicolon (Excel's other "CSV" flavours). */
  private static char delimiterOf(String text) {
    int end = text.indexOf('\n');
    String first = end < 0 ? text : text.substring(0, end);
    if (first.indexOf(',') >= 0) {
      return ',';
    }
    if (first.indexOf('\t') >= 0) {
      return '\t';
    }
    if (first.indexOf(';') >= 0) {
      return ';';
    }
    return ',';
  }

  /** Trims spaces Excel users cannot see: ordinary, full-width, non-breaking, zero-width BOM. */
  static String clean(String value) {
    if (value == null) {
      return "";
    }
    String v = value.replace('\u00A0', ' ').replace("\uFEFF", "").replace("\u200B", "");
    return v.strip();
  }

  /**
   * A header as compared with the known names: no spaces, "_" or "-", lower case, without a
   * required-marker "*" and without a trailing note in brackets, so "上级编码（选填）" and
   * "Parent Code" both match.
   */
  static String normaliseHeader(String header) {
    String h = clean(header).replaceAll("[\\s_\\-*＊]", "").toLowerCase(Locale.ROOT);
    return h.replaceAll("[（(][^（()）]*[)）]$", "");
  }

  /**
   * Finds each column's position in the header. A required column that is missing, or a column
   * that appears twice, makes the file unusable. Unknown columns (remarks and the like) are ignored.
   */
  public Map<String, Integer> locate(List<Column> columns) throws FileProblem {
    Map<String, Integer> found = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String h = normaliseHeader(header.get(i));
      if (h.isEmpty()) {
        continue;
      }
      for (Column column : columns) {
        if (column.matches(h)) {
          if (found.containsKey(column.field())) {
            throw new FileProblem("表头中“" + column.label() + "”列出现了两次（第 " + columnName(found.get(column.field()))
                + " 列和第 " + columnName(i) + " 列）");
          }
          found.put(column.field(), i);
        }
      }
    }
    List<String> missing = columns.stream().filter(Column::required).filter(c -> !found.containsKey(c.field()))
        .map(c -> c.label() + "（" + c.english() + "）").toList();
    if (!missing.isEmpty()) {
      throw new FileProblem("第 " + headerNumber + " 行表头缺少必填列：" + String.join("、", missing)
          + "。请按示例文件填写表头（中文或英文列名均可）");
    }
    return found;
  }

  /** Excel's column letters: 0 → A, 26 → AA. */
  static String columnName(int index) {
    StringBuilder name = new StringBuilder();
    for (int i = index; i >= 0; i = i / 26 - 1) {
      name.insert(0, (char) ('A' + i % 26));
    }
    return name.toString();
  }

  /** Collects rows: the first non-blank row is the header, blank rows are skipped, at most {@link #MAX_ROWS}. */
  private static final class Builder {
    private int headerNumber;
    private List<String> header;
    private final List<DataRow> rows = new ArrayList<>();

    void add(int number, List<String> raw) throws FileProblem {
      List<String> cells = raw.stream().map(ImportTable::clean).toList();
      if (cells.stream().allMatch(String::isEmpty)) {
        return;
      }
      if (header == null) {
        header = cells;
        headerNumber = number;
        return;
      }
      if (rows.size() == MAX_ROWS) {
        throw new FileProblem("文件超过 " + MAX_ROWS + " 行数据（不含表头），请分成几个文件分别导入");
      }
      rows.add(new DataRow(number, cells));
    }

    ImportTable build() throws FileProblem {
      if (header == null) {
        throw new FileProblem("文件中没有内容");
      }
      if (rows.isEmpty()) {
        throw new FileProblem("文件中只有表头，没有数据行");
      }
      return new ImportTable(headerNumber, header, rows);
    }
  }
}
