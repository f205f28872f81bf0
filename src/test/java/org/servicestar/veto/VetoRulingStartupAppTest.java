package org.servicestar.veto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.support.SpringAppTest;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link VetoRulingStartup}: a pending veto recorded before rulings were a process (a row without
 * {@code ruling_process_id}, as the migration left them) gets exactly one VetoRuling at start-up; a
 * second start (another node, a restart) starts none; a record already ruled on gets none.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VetoRulingStartupAppTest {

  @Autowired
  VetoRulingStartup startup;
  @Autowired
  VetoRecords records;
  @Autowired
  UnitService units;
  @Autowired
  RuntimeService runtime;
  @Autowired
  HistoryService history;
  @Autowired
  JdbcClient jdbc;

  @BeforeAll
  void unit() {
    units.create(new UnitService.UnitDraft("vs-dept", "否决启动测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("vs-hall", "否决启动测试大厅", UnitType.HALL, "vs-dept"));
    units.create(new UnitService.UnitDraft("vs-w01", "否决启动测试窗口", UnitType.WINDOW, "vs-hall"));
  }

  @Test
  void aPendingVetoWithoutARulingGetsExactlyOneAtStartUpAndAgainNone() {
    long pending = legacyRecord("TS-2026-910001", "PENDING");
    long confirmed = legacyRecord("TS-2026-910002", "CONFIRMED");
    assertThat(records.pendingWithoutRuling()).contains(pending).doesNotContain(confirmed);

    int started = startup.startMissing();

    assertThat(started).isGreaterThanOrEqualTo(1);
    assertThat(rulings(pending)).isEqualTo(1);
    String instance = processId(pending);
    assertThat(instance).isNotNull().isNotEqualTo("starting");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).processInstanceBusinessKey(VetoRulingIds.businessKey(pending))
        .count()).isEqualTo(1);
    assertThat(records.pendingWithoutRuling()).doesNotContain(pending);
    assertThat(rulings(confirmed)).isZero();
    assertThat(jdbc.sql("select count(*) from veto_record where id = ? and ruling_process_id is null").param(confirmed).query(Long.class)
        .single()).isEqualTo(1);

    // a second start-up (a restart, or the next node of the cluster): nothing more
    assertThat(startup.startMissing()).isZero();
    assertThat(records.startRuling(pending)).isFalse();
    assertThat(rulings(pending)).isEqualTo(1);
    assertThat(processId(pending)).isEqualTo(instance);
    assertThat(rulings(confirmed)).isZero();
  }

  /** A record as it was before rulings were a process: inserted by SQL, no ruling started. */
  private long legacyRecord(String sourceId, String status) {
    boolean pending = status.equals("PENDING");
    jdbc.sql("""
            insert into veto_record (unit_code, clause, source_type, source_id, evidence, status, recorded_at, recorded_by,
              ruled_at, ruled_by, ruling_reason)
            values ('vs-w01', 3, 'COMPLAINT', ?, '态度生硬，经查属实', ?, ?, 'office', ?, ?, ?)""")
        .params(sourceId, status, LocalDateTime.now().minusDays(3), pending ? null : LocalDateTime.now().minusDays(1),
            pending ? null : "leader", pending ? null : "领导小组会议确认").update();
    return jdbc.sql("select id from veto_record where source_id = ?").param(sourceId).query(Long.class).single();
  }

  private String processId(long vetoId) {
    return jdbc.sql("select ruling_process_id from veto_record where id = ?").param(vetoId).query(String.class).single();
  }

  /** VetoRuling instances of the record, running or ended. */
  private long rulings(long vetoId) {
    return history.createHistoricProcessInstanceQuery().processDefinitionKey(VetoRulingIds.PROCESS)
        .processInstanceBusinessKey(VetoRulingIds.businessKey(vetoId)).count();
  }
}
