package org.servicestar.rectification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.servicestar.audit.AuditTrail;
import org.servicestar.calendar.Workdays;
import org.servicestar.numbering.BusinessNumbers;
import org.servicestar.rectification.RectificationEvent.EventKind;
import org.servicestar.time.AppClock;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's and the evidence store's SQL on PostgreSQL 17 (embedded), migrated by Flyway as in
 * production: V3 is portable, a 10 MB file goes in and comes back byte for byte, the lists filter.
 */
class RectificationPostgresTest {

  private static final AtomicInteger NUMBERS = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private static JdbcClient jdbc;
  private static RectificationLedger ledger;
  private static RectificationEvidence evidence;
  private static TransactionTemplate tx;

  @BeforeAll
  static void migrate() throws IOException {
    postgres = EmbeddedPostgres.start();
    JdbcClient.create(postgres.getPostgresDatabase()).sql("create database rectification").update();
    DataSource dataSource = postgres.getDatabase("postgres", "rectification");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").table("servicestar_schema_history").load().migrate();
    jdbc = JdbcClient.create(dataSource);
    for (String code : List.of("pg-a", "pg-b")) {
      jdbc.sql("insert into unit (code, name, type, created_at, updated_at) values (?, ?, 'DEPARTMENT', now(), now())").params(code, code).update();
    }
    UnitService units = mock(UnitService.class);
    when(units.require(anyString())).thenAnswer(call -> new Unit(1, call.getArgument(0), "单位", UnitType.DEPARTMENT, null, null, true, 0));
    BusinessNumbers numbers = mock(BusinessNumbers.class);
    when(numbers.next("ZG")).thenAnswer(call -> BusinessNumbers.format("ZG", 2026, NUMBERS.incrementAndGet()));
    AuditTrail audit = mock(AuditTrail.class);
    ledger = new RectificationLedger(new RectificationRepository(jdbc), numbers, units,
        new RectificationDeadlines(Workdays.withShippedCalendars()), audit, new AppClock(AppClock.DEFAULT_ZONE));
    evidence = new RectificationEvidence(jdbc, ledger, audit, new AppClock(AppClock.DEFAULT_ZONE));
    tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theLedgerRunsOnPostgres() {
    Rectification a = tx.execute(s -> ledger.open(new RectificationLedger.Opening("pg-a", "COMPLAINT", "TS-2026-1", "问题甲", "HIGH", "pi-a"), "inspector"));
    Rectification b = tx.execute(s -> ledger.open(new RectificationLedger.Opening("pg-b", "SENTIMENT", null, "问题乙", "LOW", "pi-b"), "office"));
    assertThat(tx.execute(s -> ledger.open(new RectificationLedger.Opening("pg-a", "COMPLAINT", "TS-2026-1", "问题甲", "HIGH", "pi-a"), "x")).id())
        .as("a retried step opens nothing new").isEqualTo(a.id());

    Date due = new Date(System.currentTimeMillis() + 86_400_000L);
    tx.executeWithoutResult(s -> ledger.dueDateSet("pi-a", due, 5, "system", "按整改期限规则确定"));
    tx.executeWithoutResult(s -> ledger.submitted("pi-a", "lead", "原因", "措施", "2026-03-05", null));
    tx.executeWithoutResult(s -> ledger.returned("pi-a", "inspector", "不到位", "2026-03-20"));
    tx.executeWithoutResult(s -> ledger.overdue("pi-b"));

    Rectification reread = ledger.require(a.number());
    assertThat(reread.status()).isEqualTo(RectificationStatus.RETURNED);
    assertThat(reread.returnCount()).isEqualTo(1);
    assertThat(reread.deadlineDays()).isEqualTo(5);
    assertThat(reread.dueAt()).isEqualTo(LocalDateTime.ofInstant(due.toInstant(), Workdays.ZONE).withNano(reread.dueAt().getNano()));
    assertThat(ledger.events(reread)).extracting(RectificationEvent::kind)
        .containsExactly(EventKind.OPENED, EventKind.DUE_DATE_SET, EventKind.SUBMITTED, EventKind.RETURNED);
    assertThat(ledger.list(List.of("pg-a", "pg-b"), null, RectificationStatus.OVERDUE)).extracting(Rectification::number).containsExactly(b.number());
    assertThat(ledger.list(List.of("pg-b"), "pg-a", null)).isEmpty();
    assertThat(ledger.list(null, "pg-a", null)).extracting(Rectification::number).contains(a.number()).doesNotContain(b.number());
    assertThat(ledger.ofSource("COMPLAINT", "TS-2026-1")).extracting(Rectification::id).containsExactly(a.id());
  }

  @Test
  void aTenMegabyteFileComesBackByteForByte() {
    Rectification r = tx.execute(s -> ledger.open(new RectificationLedger.Opening("pg-a", "INSPECTION", "JC-2026-9", "问题", "LOW", null), "system"));
    byte[] pdf = Arrays.copyOf("%PDF-1.4\n".getBytes(), (int) RectificationEvidence.MAX_BYTES);
    Arrays.fill(pdf, 9, pdf.length, (byte) 0x5A);
    RectificationEvidence.EvidenceInfo info = tx.execute(s -> evidence.add(r.number(), "扫描件.pdf", pdf, "验收材料", "lead"));
    assertThat(info.sizeBytes()).isEqualTo(RectificationEvidence.MAX_BYTES);
    assertThat(evidence.file(r, info.id()).orElseThrow().content()).isEqualTo(pdf);
    assertThat(evidence.of(r)).extracting(RectificationEvidence.EvidenceInfo::fileName).containsExactly("扫描件.pdf");
  }
}
