package org.servicestar.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.TimeZone;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The app on a UTC host (surefire runs every test with -Duser.timezone=UTC; set here too for a run from
 * an IDE) at 2026-12-06T17:30Z: Sunday evening in UTC, Monday 2026-12-07 01:30 in Beijing. What is
 * stored and shown is Beijing's.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BeijingDatesOnAUtcHostTest {

  private static final String PASSWORD = "utc-host-secret-1";
  private static final Instant MOMENT = Instant.parse("2026-12-06T17:30:00Z");
  private static final LocalDateTime BEIJING = LocalDateTime.of(2026, 12, 7, 1, 30);

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  AuditTrail audit;
  @Autowired
  TaskService tasks;
  @Autowired
  Times times;

  private TimeZone hostZone;
  private WebClient office;

  @BeforeAll
  void aUtcHostAUnitAndTheOffice() {
    hostZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
    units.create(new UnitService.UnitDraft("tz-dept", "时区测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("tz-hall", "时区测试大厅", UnitType.HALL, "tz-dept"));
    identity.ensureUser("office-tz", "办公室", "时区", PASSWORD);
    identity.ensureMembership("office-tz", Groups.OFFICE);
    office = new WebClient(port);
    office.login("office-tz", PASSWORD);
  }

  @AfterAll
  void theHostsZoneAgain() {
    TimeZone.setDefault(hostZone);
  }

  @BeforeEach
  void sundayEveningInUtc() {
    ClockUtil.setCurrentTime(Date.from(MOMENT));
  }

  @AfterEach
  void theRealTime() {
    ClockUtil.reset();
  }

  @Test
  void theHostIsInUtc() {
    assertThat(TimeZone.getDefault().getRawOffset()).isZero();
    assertThat(LocalDateTime.ofInstant(MOMENT, TimeZone.getDefault().toZoneId())).isNotEqualTo(BEIJING);
  }

  @Test
  void aComplaintIsRegisteredShownAndDueInBeijingTime() {
    HttpResponse<String> response = new WebClient(port).postJson("/api/complaints",
        "{\"unitCode\":\"tz-hall\",\"channel\":\"ONLINE\",\"content\":\"深夜排队无人叫号\"}");
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    String number = response.body().replaceAll(".*\"number\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    assertThat(number).startsWith("TS-2026-");

    assertThat(jdbc.sql("select created_at from complaint where number = ?").param(number)
        .query(LocalDateTime.class).single()).isEqualTo(BEIJING);
    assertThat(jdbc.sql("select min(e.at) from complaint_event e join complaint c on c.id = e.complaint_id where c.number = ?")
        .param(number).query(LocalDateTime.class).single()).isEqualTo(BEIJING);

    // Its first task is due some working days later at the same Beijing time of day (workdays.after keeps it).
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(number).singleResult();
    assertThat(task).isNotNull();
    assertThat(task.getDueDate()).isNotNull();
    LocalDateTime due = LocalDateTime.ofInstant(task.getDueDate().toInstant(), AppClock.DEFAULT_ZONE);
    assertThat(due.toLocalTime()).hasToString("01:30");
    assertThat(due.toLocalDate()).isAfter(LocalDate.of(2026, 12, 7));

    String page = office.get("/complaints/" + number).body();
    assertThat(page).contains("2026-12-07 01:30", due.toLocalDate() + " 01:30").doesNotContain("17:30");
    assertThat(office.get("/complaints").body()).contains("2026-12-07 01:30");
  }

  @Test
  void aRatingAtSundayEveningUtcCountsOnBeijingsMonday() {
    HttpResponse<String> response = office.postJson("/api/ratings",
        "{\"unitCode\":\"tz-hall\",\"level\":4,\"channel\":\"FORM\",\"clientRef\":\"tz-rating-1\"}");
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    assertThat(jdbc.sql("select rated_day from rating where client_ref = 'tz-rating-1'").query(LocalDate.class).single())
        .isEqualTo(LocalDate.of(2026, 12, 7));
    assertThat(office.get("/ratings?unit=tz-hall&from=2026-12-07&to=2026-12-07").body()).contains("2026-12-07 01:30");
  }

  @Test
  void theAuditLogIsStampedAndShownInBeijingTime() {
    audit.record("TZ_CHECK", "tz:1", "UTC host");
    assertThat(jdbc.sql("select at from audit_log where action = 'TZ_CHECK'").query(LocalDateTime.class).single())
        .isEqualTo(BEIJING);
    assertThat(times.today()).isEqualTo(LocalDate.of(2026, 12, 7));
  }
}
