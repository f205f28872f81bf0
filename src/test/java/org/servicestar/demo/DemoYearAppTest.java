package org.servicestar.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.servicestar.calendar.Workdays;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo year made small (one hall, four windows, ten months of ratings, years 2019 and 2056) in
 * the shared context: ratings stored with their bad reviews turned into complaints, each complaint in
 * the state its story says, last year's campaign finished with awards, this year's in competition.
 */
@SpringAppTest
class DemoYearAppTest {

  private static final List<String> WINDOWS = List.of("dy-w1", "dy-w2", "dy-w3", "dy-w4");

  @Autowired DemoYear demoYear;
  @Autowired UnitService units;
  @Autowired StaffService staff;
  @Autowired IdentityAdministration identity;
  @Autowired JdbcClient jdbc;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired Workdays workdays;

  @Test
  void aSmallDemoYearThroughTheRealServicesAndProcesses() {
    units.create(new UnitService.UnitDraft("dy-dept", "演示测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("dy-hall", "演示测试大厅", UnitType.HALL, "dy-dept"));
    for (int i = 0; i < WINDOWS.size(); i++) {
      units.create(new UnitService.UnitDraft(WINDOWS.get(i), "演示测试窗口" + (i + 1), UnitType.WINDOW, "dy-hall"));
      staff.create(new StaffService.StaffDraft(WINDOWS.get(i), "演示员工" + (i + 1), "DY-0" + (i + 1), i % 2 == 0, null));
    }
    for (String[] p : DemoData.PEOPLE) {
      identity.ensureUser(p[0], p[1], p[2], "demo-test-1", null);
      identity.ensureMembership(p[0], p[3]);
    }
    List<String> participants = List.of("dy-hall", "dy-w1", "dy-w2", "dy-w3", "dy-w4");
    for (String code : participants) {
      identity.ensureUser("lead-" + code, code, "负责人", "demo-test-1", null);
      identity.ensureMembership("lead-" + code, Groups.ofUnit(code));
    }
    LocalDate today = workdays.today();
    DemoYear.Plan plan = new DemoYear.Plan(11L, WINDOWS, participants, 2019, 2056, today.minusDays(300), today.minusDays(1), 4, 3);

    DemoYear.Made made = demoYear.make(plan);

    long stored = jdbc.sql("select count(*) from rating r join unit u on u.id = r.unit_id where u.code like 'dy-w%'").query(Long.class).single();
    assertThat(made.ratings()).isGreaterThan(1000).isEqualTo((int) stored);
    assertThat(jdbc.sql("select count(*) from rating r join unit u on u.id = r.unit_id where u.code like 'dy-w%' and r.level <= 2 "
        + "and r.complaint_number is null").query(Long.class).single()).as("every bad review is a complaint").isZero();

    // Each complaint is where its story left it.
    List<DemoComplaints.Story> stories = DemoComplaints.storiesFor(made.complaints());
    List<String> statuses = jdbc.sql("select status from complaint where unit_code like 'dy-w%' order by created_at, id")
        .query(String.class).list();
    assertThat(statuses).hasSize(made.complaints());
    assertThat(made.complaints()).isGreaterThanOrEqualTo(DemoComplaints.Story.OPEN.size());
    assertThat(statuses).contains("RECEIVED", "VERIFYING", "NOT_SUBSTANTIATED", "RECTIFYING", "RETURN_VISIT", "LEADING_GROUP", "MERGED");
    assertThat(statuses.stream().filter(s -> s.equals("CLOSED") || s.equals("REJECTED")).count())
        .isEqualTo(stories.stream().filter(DemoComplaints.Story::closes).count());
    assertThat(jdbc.sql("select count(*) from rectification where unit_code like 'dy-w%' and status = 'RETURNED'").query(Long.class).single())
        .isGreaterThanOrEqualTo(1);
    assertThat(jdbc.sql("select count(*) from rectification where unit_code like 'dy-w%' and status = 'SUBMITTED'").query(Long.class).single())
        .isGreaterThanOrEqualTo(1);

    // The overdue rectification escalates once its (moved) timers run, as the job executor would.
    String overdue = jdbc.sql("select process_instance_id from rectification where unit_code like 'dy-w%' and due_at < ? and closed_at is null")
        .param(java.time.LocalDateTime.now(org.servicestar.calendar.Workdays.ZONE)).query(String.class).single();
    for (int round = 0; round < 3; round++) {
      for (Job job : management.createJobQuery().processInstanceId(overdue).executable().list()) {
        management.executeJob(job.getId());
      }
    }
    assertThat(tasks.createTaskQuery().processInstanceId(overdue).taskDefinitionKey("Task_RuleOnOverdue").count()).isEqualTo(1);

    // Last year: closed, with published awards; this year: competition, plans approved, most commitments published.
    assertThat(made.lastYear()).isTrue();
    assertThat(jdbc.sql("select status from campaign where campaign_year = 2019").query(String.class).single()).isEqualTo("CLOSED");
    assertThat(jdbc.sql("select count(*) from award_nominee where campaign_year = 2019 and status = 'AWARDED'").query(Long.class).single())
        .isGreaterThanOrEqualTo(3);
    assertThat(jdbc.sql("select status from campaign where campaign_year = 2056").query(String.class).single()).isEqualTo("COMPETITION");
    assertThat(jdbc.sql("select count(*) from campaign_plan where campaign_year = 2056 and status = 'APPROVED'").query(Long.class).single())
        .isEqualTo(5);
    assertThat(made.commitments()).isEqualTo(4);
    assertThat(jdbc.sql("select count(*) from inspection where campaign_year = 2056 and status = 'DONE'").query(Long.class).single())
        .isEqualTo(3);

    // Once per database: a second run adds nothing.
    DemoYear.Made again = demoYear.make(plan);
    assertThat(again).isEqualTo(new DemoYear.Made(0, 0, Map.of(), false, false, 0, 0));
  }
}
