package org.servicestar.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.complaint.ComplaintStatus;
import org.servicestar.support.PostgresAppTest;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The complaint register and the rectification ledger stream from a database cursor (issue 22). On
 * PostgreSQL, where the fetch size holds only inside a transaction: a year (2087, units exs-…) of more
 * rows than one fetch ({@link Exports#FETCH_SIZE}) and than the workbook's window of 200 comes out row for
 * row as written, in order (time, then number, which runs against the time here), read inside a
 * read-only transaction; and through a background job, whose progress is written while the rows stream.
 */
@PostgresAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamedExportsIT {

  static final int YEAR = 2087;
  static final int COMPLAINTS = 1_234;
  static final int RECTIFICATIONS = 617;
  static final Viewer OFFICE = new Viewer("office-exs", true, Set.of(), true);

  @Autowired
  Exports exports;
  @Autowired
  ExportJobs jobs;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  UnitService units;

  /** What the generated rows must come out as, in the export's order. */
  private record Expected(String number, String unit, LocalDateTime at, String status, String contact) {
  }

  private final List<Expected> complaints = new ArrayList<>();
  private final List<Expected> ledger = new ArrayList<>();

  @BeforeAll
  void aYearOfMoreRowsThanAFetch() {
    units.create(new UnitService.UnitDraft("exs-dept", "导出测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("exs-hall", "导出测试大厅", UnitType.HALL, "exs-dept"));
    for (int w = 1; w <= 3; w++) {
      units.create(new UnitService.UnitDraft("exs-w" + w, "导出测试窗口" + w, UnitType.WINDOW, "exs-hall"));
    }
    List<Object[]> rows = new ArrayList<>();
    for (int i = COMPLAINTS; i >= 1; i--) {
      String number = String.format("TS-%d-%06d", YEAR, i);
      String unit = "exs-w" + (1 + i % 3);
      // Later numbers are earlier, and two complaints share each minute: the time orders, the number decides a tie.
      LocalDateTime at = LocalDateTime.of(YEAR, 1, 1, 8, 0).plusMinutes((COMPLAINTS - i) / 2 * 397L);
      String status = i % 4 == 0 ? "RECEIVED" : "CLOSED";
      rows.add(new Object[] {number, unit, unit, "PUBLIC", "HOTLINE", "导出测试投诉", "联系人" + i, "139" + i, status, i % 3 == 0, at,
          at.plusDays(3)});
      complaints.add(new Expected(number, unit, at, status, "联系人" + i));
    }
    jdbc.batchUpdate("""
        insert into complaint (number, unit_code, original_unit_code, source, channel, content, contact_name, contact_phone,
                               status, substantiated, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    rows.clear();
    for (int j = RECTIFICATIONS; j >= 1; j--) {
      String number = String.format("ZG-%d-%06d", YEAR, j);
      String unit = "exs-w" + (1 + j % 3);
      LocalDateTime opened = LocalDateTime.of(YEAR, 2, 1, 9, 0).plusMinutes((RECTIFICATIONS - j) / 2 * 401L);
      String status = j % 5 == 0 ? "OVERDUE" : "ACCEPTED";
      rows.add(new Object[] {number, unit, status, opened.plusDays(10), opened, status.equals("ACCEPTED") ? opened.plusDays(5) : null,
          opened});
      ledger.add(new Expected(number, unit, opened, status, null));
    }
    jdbc.batchUpdate("""
        insert into rectification (number, unit_code, source_type, problem, severity, status, due_at, return_count, opened_at,
                                   opened_by, closed_at, updated_at)
        values (?, ?, 'INSPECTION', '导出测试整改', 'LOW', ?, ?, 0, ?, 'office', ?, ?)""", rows);
    Comparator<Expected> order = Comparator.comparing(Expected::at).thenComparing(Expected::number);
    complaints.sort(order);
    ledger.sort(order);
  }

  private static ExportFilter year() {
    return new ExportFilter(YEAR, null, null, null);
  }

  @Test
  void theComplaintRegisterStreamsEveryRowInOrderInsideAReadOnlyTransaction() throws IOException {
    Table table = exports.table(ExportKind.COMPLAINTS, year(), OFFICE);
    assertThat(table.rowCount().getAsLong()).isEqualTo(COMPLAINTS);
    List<List<Object>> seen = new ArrayList<>();
    table.forEachRow(row -> {
      assertThat(TransactionSynchronizationManager.isActualTransactionActive()).as("a cursor needs a transaction").isTrue();
      assertThat(TransactionSynchronizationManager.isCurrentTransactionReadOnly()).isTrue();
      seen.add(row);
    });
    assertThat(seen).hasSize(COMPLAINTS);
    for (int r = 0; r < COMPLAINTS; r++) {
      Expected e = complaints.get(r);
      List<Object> row = seen.get(r);
      assertThat(row.get(0)).as("row %d", r).isEqualTo(e.number());
      assertThat(row.subList(1, 6)).isEqualTo(List.of(e.unit(), "导出测试窗口" + e.unit().substring(5), "热线", e.at(),
          ComplaintStatus.valueOf(e.status()).label()));
      assertThat(row.get(9)).as("closed at").isEqualTo(e.status().equals("CLOSED") ? e.at().plusDays(3) : null);
      assertThat(row.get(10)).isEqualTo(e.contact());
    }

    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(Workbooks.xlsx(table)))) {
      Sheet sheet = workbook.getSheetAt(0);
      assertThat(sheet.getLastRowNum()).isEqualTo(COMPLAINTS);
      for (int r = 1; r <= COMPLAINTS; r++) {
        assertThat(sheet.getRow(r).getCell(0).getStringCellValue()).isEqualTo(complaints.get(r - 1).number());
      }
      Row last = sheet.getRow(COMPLAINTS);
      assertThat(last.getCell(4).getLocalDateTimeCellValue()).isEqualTo(complaints.get(COMPLAINTS - 1).at());
      assertThat(last.getCell(11).getStringCellValue()).startsWith("139");
    }
  }

  @Test
  void theLedgerStreamsThroughABackgroundJobThatWritesItsProgressMeanwhile() throws Exception {
    String id = jobs.start(ExportKind.RECTIFICATIONS, year(), OFFICE, "ledger.xlsx");
    ExportJobs.Job job;
    for (int i = 0; (job = jobs.job(id, OFFICE.name()).orElseThrow()).status().equals("RUNNING"); i++) {
      assertThat(i).as("the export finishes").isLessThan(600);
      Thread.sleep(50);
    }
    assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo("DONE");
    assertThat(job.rowsTotal()).isEqualTo(RECTIFICATIONS);
    assertThat(job.rowsDone()).isEqualTo(RECTIFICATIONS);
    try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(jobs.file(id, OFFICE.name()).orElseThrow()))) {
      Sheet sheet = workbook.getSheetAt(0);
      assertThat(sheet.getLastRowNum()).isEqualTo(RECTIFICATIONS);
      int overdue = 0;
      for (int r = 1; r <= RECTIFICATIONS; r++) {
        Row row = sheet.getRow(r);
        Expected e = ledger.get(r - 1);
        assertThat(row.getCell(0).getStringCellValue()).isEqualTo(e.number());
        assertThat(row.getCell(1).getStringCellValue()).isEqualTo(e.unit());
        assertThat(row.getCell(8).getLocalDateTimeCellValue()).isEqualTo(e.at());
        overdue += row.getCell(13).getStringCellValue().equals("是") ? 1 : 0;
      }
      assertThat(overdue).isEqualTo(RECTIFICATIONS / 5);
    }
  }

  @Test
  void aRowOfTheWrongWidthFailsTheExportInsteadOfShiftingCells() {
    Table table = Table.of("x", List.of(Column.text("a", 4), Column.text("b", 4)), List.<List<Object>>of(List.of("1", "2"), List.of("3")));
    assertThatThrownBy(() -> Workbooks.xlsx(table)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 2");
  }
}
