package org.servicestar.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.servicestar.audit.AuditTrail;
import org.servicestar.security.UnitGroups;
import org.servicestar.time.AppClock;
import org.servicestar.unit.ImportReport.Problem;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * MasterDataImport with the real UnitService and StaffService over an in-memory H2 database migrated
 * by the app's own Flyway scripts, wired by hand (no Spring context). The services sit behind real
 * {@code @Transactional} proxies, so a bad row marks the shared transaction rollback-only exactly as
 * in the app. Only Camunda (the unit-{code} groups) and the audit trail are mocks.
 */
class MasterDataImportTest {

  private JdbcClient jdbc;
  private JdbcTransactionManager transactionManager;
  private UnitService units;
  private MasterDataImport imports;

  @BeforeEach
  void setUp() {
    DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:import-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("servicestar_schema_history")
        .load().migrate();
    jdbc = JdbcClient.create(dataSource);
    transactionManager = new JdbcTransactionManager(dataSource);
    AuditTrail audit = mock(AuditTrail.class);
    units = transactional(new UnitService(new UnitRepository(jdbc, new AppClock(AppClock.DEFAULT_ZONE)), mock(UnitGroups.class), audit));
    StaffService staff = transactional(new StaffService(new StaffRepository(jdbc, new AppClock(AppClock.DEFAULT_ZONE)), units, audit));
    imports = new MasterDataImport(units, staff, transactionManager);
  }

  @AfterEach
  void tearDown() {
    jdbc.sql("shutdown").update();
  }

  @Test
  void theExampleFilesImportCompletelyAWindowUsingAHallFromEarlierInTheFile() throws Exception {
    ImportReport unitReport = imports.importUnits("units-example.csv", example("units-example.csv"));

    assertThat(unitReport.problems()).isEmpty();
    assertThat(unitReport.summary()).isEqualTo("已导入 5 个单位");
    assertThat(units.require("demo-import-window-01").parentCode()).isEqualTo("demo-import-section");
    assertThat(units.require("demo-import-section").parentCode()).isEqualTo("demo-import-hall");
    assertThat(units.require("demo-import-hall").type()).isEqualTo(UnitType.HALL);

    ImportReport staffReport = imports.importStaff("staff-example.csv", example("staff-example.csv"));

    assertThat(staffReport.problems()).isEmpty();
    assertThat(staffReport.summary()).isEqualTo("已导入 4 名工作人员");
    assertThat(count("staff")).isEqualTo(4);
    assertThat(jdbc.sql("select party_member from staff where badge_no = 'IMP-0001'").query(Boolean.class).single()).isTrue();
    assertThat(jdbc.sql("select position from staff where badge_no = 'IMP-0004'").query(String.class).single()).isEqualTo("科长");
  }

  @Test
  void oneBadRowStoresNothingAndTheCallerGetsTheReportNotAnException() {
    String csv = """
        编码,名称,类型,上级编码
        demo-import-dept,示范区行政审批局,部门,
        demo-import-hall,示范区政务服务大厅,服务大厅,demo-import-dept
        demo-import-window-01,企业开办综合窗口,窗口,demo-import-hall
        demo-import-window-02,,窗口,demo-import-hall
        """;

    ImportReport report = imports.importUnits("units.csv", utf8(csv));

    assertThat(report.ok()).isFalse();
    assertThat(report.imported()).isZero();
    assertThat(report.summary()).isEqualTo("文件未导入任何数据");
    assertThat(report.problems()).extracting(Problem::text).containsExactly("第 5 行：单位名称不能为空");
    assertThat(count("unit")).isZero();
  }

  @Test
  void everyBadRowIsReportedWithItsReasonsInColumnOrder() {
    String csv = """
        code,name,type,parentCode
        Demo-Bad,,办公室,
        demo-import-dept,示范区行政审批局,部门,

        demo-import-dept,又一个,部门,
        demo-import-hall,示范区政务服务大厅,服务大厅,no-such-unit
        demo-import-window-01,窗口一,窗口,demo-import-hall
        demo-import-window-02,窗口二,窗口,demo-import-section
        demo-import-section,企业登记科,科室队所,demo-import-dept
        demo-import-dept-2,部门二,部门,demo-import-dept
        demo-import-window-03,窗口三,窗口,demo-import-dept
        """;

    ImportReport report = imports.importUnits("units.csv", utf8(csv));

    assertThat(report.problems()).extracting(Problem::text).containsExactly(
        "第 2 行：" + UnitCodes.problemWith("Demo-Bad") + "；单位名称不能为空；类型“办公室”无法识别，请填写部门、服务大厅、科室队所或窗口",
        "第 5 行：编码 demo-import-dept 与第 3 行重复",
        "第 6 行：没有编码为 no-such-unit 的上级单位",
        "第 7 行：上级单位 demo-import-hall（第 6 行）有误，未能导入",
        "第 8 行：上级单位 demo-import-section 在第 9 行，须排在本行之前",
        "第 10 行：部门是最上级单位，不能有上级单位",
        "第 11 行：窗口的上级不能是部门");
    assertThat(count("unit")).isZero();
  }

  @Test
  void unitsAlreadyStoredCanBeParentsAndTheirCodesCannotBeReused() {
    assertThat(imports.importUnits("a.csv", utf8("编码,名称,类型\ndemo-import-dept,示范区行政审批局,部门\n")).ok()).isTrue();

    ImportReport report = imports.importUnits("b.csv", utf8("""
        编码,名称,类型,上级编码
        demo-import-hall,示范区政务服务大厅,HALL,demo-import-dept
        demo-import-dept,重复的部门,部门,
        """));

    assertThat(report.problems()).extracting(Problem::text).containsExactly("第 3 行：单位编码 demo-import-dept 已被使用");
    assertThat(count("unit")).isEqualTo(1);
  }

  @Test
  void staffRowsAreCheckedAgainstTheStoredUnitsAndEachOther() {
    imports.importUnits("units-example.csv", example("units-example.csv"));
    imports.importStaff("a.csv", utf8("工号,姓名,单位编码\nIMP-0001,张晓梅,demo-import-window-01\n"));

    ImportReport report = imports.importStaff("staff.csv", utf8("""
        badgeNo,name,unitCode,partyMember,position
        IMP-0002,李建国,demo-import-window-01,否,综合受理员
        IMP-0001,王芳,demo-import-window-02,是,
        IMP-0002,陈志强,demo-import-section,N,科长
        IMP 3,,,也许,
        IMP-0004,赵敏,no-such-unit,Y,
        """));

    assertThat(report.problems()).extracting(Problem::text).containsExactly(
        "第 3 行：工号 IMP-0001 已被使用",
        "第 4 行：工号 IMP-0002 与第 2 行重复",
        "第 5 行：工号须为 1–32 位字母、数字或“-”；姓名不能为空；单位编码不能为空；党员一栏“也许”无法识别，请填写“是”或“否”",
        "第 6 行：没有编码为 no-such-unit 的单位");
    assertThat(count("staff")).isEqualTo(1);
  }

  @Test
  void staffFromAnXlsxWithNumericBadgesAndBooleanCells() throws Exception {
    imports.importUnits("units-example.csv", example("units-example.csv"));
    byte[] xlsx;
    try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = workbook.createSheet();
      Row header = sheet.createRow(0);
      String[] names = {"工号", "姓名", "单位编码", "党员", "岗位"};
      for (int i = 0; i < names.length; i++) {
        header.createCell(i).setCellValue(names[i]);
      }
      Row row = sheet.createRow(1);
      row.createCell(0).setCellValue(10023);
      row.createCell(1).setCellValue("张晓梅");
      row.createCell(2).setCellValue("demo-import-window-01");
      row.createCell(3).setCellValue(true);
      workbook.write(out);
      xlsx = out.toByteArray();
    }

    ImportReport report = imports.importStaff("工作人员.xlsx", new ByteArrayInputStream(xlsx));

    assertThat(report.problems()).isEmpty();
    assertThat(jdbc.sql("select party_member from staff where badge_no = '10023'").query(Boolean.class).single()).isTrue();
  }

  @Test
  void fileProblemsAreReportedWithoutARowNumber() {
    ImportReport wrongKind = imports.importUnits("staff.csv", utf8("工号,姓名,单位编码\nIMP-1,王芳,demo\n"));
    ImportReport notAFile = imports.importStaff("staff.pdf", utf8("%PDF"));

    assertThat(wrongKind.problems()).singleElement().satisfies(p -> {
      assertThat(p.row()).isZero();
      assertThat(p.text()).startsWith("第 1 行表头缺少必填列：名称（name）、类型（type）").endsWith("请用“导入工作人员”上传");
    });
    assertThat(notAFile.problems()).extracting(Problem::text).containsExactly("只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）");
  }

  /** Proves the set-up reproduces the hazard the import must avoid, so the tests above mean something. */
  @Test
  void aFailingServiceCallMarksTheSharedTransactionRollbackOnly() {
    TransactionTemplate template = new TransactionTemplate(transactionManager);

    assertThatThrownBy(() -> template.executeWithoutResult(status -> {
      try {
        units.create(new UnitService.UnitDraft("demo-import-dept", "", UnitType.DEPARTMENT, null));
      } catch (RuntimeException expected) {
        // swallowed, as the import swallows it to go on with the next row
      }
    })).isInstanceOf(UnexpectedRollbackException.class);
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static InputStream example(String name) {
    return MasterDataImportTest.class.getResourceAsStream("/static/templates/" + name);
  }

  @SuppressWarnings("unchecked")
  private <T> T transactional(T target) {
    ProxyFactory proxy = new ProxyFactory(target);
    proxy.setProxyTargetClass(true);
    proxy.addAdvice(new TransactionInterceptor(transactionManager, new AnnotationTransactionAttributeSource()));
    return (T) proxy.getProxy();
  }
}
