package org.servicestar.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.rectification.Rectification;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The start page per role, on engine time Friday 12 March 2066, 10:00 in Beijing (2066 has no State
 * Council calendar: Monday to Friday; the holidays are DueTest's). Units sp-… and their leads are this
 * class's own, so a lead's figures are exact. The leading group's, the office's and the inspectors'
 * queues are city-wide and other classes share the context: those are asserted as what this class's
 * fixtures add to them.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartPageAppTest {

  static final String NOW = "2066-03-12T02:00:00Z";
  static final String PASSWORD = "start-page-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  org.servicestar.rating.RatingRollups rollups;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  TaskService tasks;
  @Autowired
  RuntimeService runtime;
  @Autowired
  ManagementService management;
  @Autowired
  RectificationLedger ledger;
  @Autowired
  ComplaintService complaints;
  @Autowired
  VetoRecords vetoes;
  @Autowired
  JdbcClient jdbc;

  private final Map<String, String> before = new HashMap<>();
  private final List<String> leadTasks = new ArrayList<>();
  private Rectification rectifying;
  private String overdueRuling;

  @BeforeAll
  void aFridayInMarch() {
    units.create(new UnitService.UnitDraft("sp-dept", "首页测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("sp-hall", "首页测试大厅", UnitType.HALL, "sp-dept"));
    units.create(new UnitService.UnitDraft("sp-w1", "首页窗口一", UnitType.WINDOW, "sp-hall"));
    units.create(new UnitService.UnitDraft("sp-w2", "首页窗口二", UnitType.WINDOW, "sp-hall"));
    units.create(new UnitService.UnitDraft("sp-w3", "首页窗口三", UnitType.WINDOW, "sp-hall"));
    unitGroups.createLead("sp-w1", "lead-sp-w1", "窗口一负责人", PASSWORD);
    unitGroups.createLead("sp-w2", "lead-sp-w2", "窗口二负责人", PASSWORD);
    person("leader-sp", Groups.LEADING_GROUP);
    person("office-sp", Groups.OFFICE);
    person("inspector-sp", Groups.INSPECTORS);
    for (String user : List.of("leader-sp", "office-sp", "inspector-sp")) {
      before.put(user, page(user));
    }

    // sp-w1's own tasks: due last Wednesday, today, next Wednesday (across the weekend), and a rectification.
    leadTasks.add(unitTask("核对服务指南", "2066-03-10T09:00:00Z"));
    leadTasks.add(unitTask("更新窗口公示牌", "2066-03-12T09:00:00Z"));
    leadTasks.add(unitTask("组织业务培训", "2066-03-17T09:00:00Z"));
    onEngineTime(NOW, () -> rectifying = ledger.byProcessInstance(startRectification("sp-w1")).orElseThrow());

    // The ledger: sp-w1 due next Tuesday, overdue since Thursday, due later, accepted; sp-w2 due Monday; sp-w3 waiting for acceptance.
    ledgerRow("ZG-2066-900001", "sp-w1", "OPEN", "2066-03-16T17:00");
    ledgerRow("ZG-2066-900002", "sp-w1", "OVERDUE", "2066-03-11T17:00");
    ledgerRow("ZG-2066-900003", "sp-w1", "OPEN", "2066-03-30T17:00");
    ledgerRow("ZG-2066-900004", "sp-w1", "ACCEPTED", "2066-03-15T17:00");
    ledgerRow("ZG-2066-900005", "sp-w2", "OPEN", "2066-03-15T17:00");
    ledgerRow("ZG-2066-900006", "sp-w3", "SUBMITTED", "2066-03-20T17:00");

    // February: sp-w1 100 %, sp-w2 80 %, sp-w3 0 %. March so far: sp-w2 100 %, sp-w1 80 %, sp-w3 50 %.
    ratings("sp-w1", 2, 5, 5);
    ratings("sp-w2", 2, 5, 4);
    ratings("sp-w2", 2, 1, 1);
    ratings("sp-w3", 2, 1, 5);
    ratings("sp-w1", 3, 5, 8);
    ratings("sp-w1", 3, 2, 2);
    ratings("sp-w2", 3, 5, 10);
    ratings("sp-w3", 3, 5, 5);
    ratings("sp-w3", 3, 1, 5);
    rollups.rebuild(); // the rows above went in as plain SQL, not through the intake that keeps the rollups

    // The leading group: a veto recorded a week ago (its round closes at the end of today), and sp-w3's
    // rectification overdue since Tuesday 2 March, whose ruling (5 working days) was due on Tuesday 9 March.
    onEngineTime("2066-03-05T02:00:00Z", () -> vetoes.record("sp-w3", 3, VetoSourceType.COMPLAINT, "TS-2066-900001", "首页测试否决"));
    String late = onEngineTime("2066-03-01T02:00:00Z", () -> startRectification("sp-w3"));
    onEngineTime("2066-03-02T02:00:00Z", () -> {
      management.executeJob(management.createJobQuery().processInstanceId(late)
          .activityId(RectificationIds.Events.DUE_DATE_REACHED).singleResult().getId());
      return null;
    });
    overdueRuling = tasks.createTaskQuery().processInstanceId(late).taskDefinitionKey(RectificationIds.Tasks.RULE_ON_OVERDUE)
        .singleResult().getId();

    // The office: a bad review to triage.
    // A rating id of its own: the same one twice is the same bad review (clientRef), which would hand back another test's complaint.
    onEngineTime(NOW, () -> complaints.submitBadReview("sp-w2", "首页测试差评", null, null, 2066001));
  }

  @Test
  void aUnitLeadSeesTheUnitsTasksRectificationsAndPlaceOldestDueFirst() {
    String page = page("lead-sp-w1");
    assertThat(number(page, "task-count")).isEqualTo(4);
    // Oldest due first, in working days: Wed → Fri is 2 late; Fri → next Wed across the weekend is 3 left.
    assertThat(itemTexts(page, "task-")).containsExactly(
        "核对服务指南 已逾期 2 个工作日",
        "更新窗口公示牌 今天到期",
        "组织业务培训 还剩 3 个工作日",
        "整改落实 " + rectifying.number() + " 还剩 15 个工作日");
    assertThat(rectifying.deadlineDays()).as("RectificationDeadline: a complaint of low severity").isEqualTo(15);
    assertThat(page).contains("class=\"due overdue\">已逾期 2 个工作日<", "class=\"due today\">今天到期<");
    // The rectification opens its phone page; the others open Tasklist.
    String rectifyTask = tasks.createTaskQuery().processInstanceId(rectifying.processInstanceId()).singleResult().getId();
    assertThat(page).contains("id=\"task-" + rectifyTask + "\">\n        <a href=\"/rectifications/" + rectifying.number() + "/rectify\"")
        .contains("<a href=\"/camunda/app/tasklist/default/#/?task=" + leadTasks.get(0) + "\">核对服务指南</a>");

    assertThat(text(page, "rectifying-sp-w1")).isEqualTo("您有 1 项整改待办，15 个工作日后到期。");
    assertThat(itemTexts(page, "due-")).containsExactly(
        "ZG-2066-900002 首页测试整改 逾期 已逾期 1 个工作日",
        "ZG-2066-900001 首页测试整改 整改中 还剩 2 个工作日");
    assertThat(page).contains("href=\"/rectifications/ZG-2066-900001\"");
    assertThat(text(page, "satisfaction-sp-w1"))
        .isEqualTo("本月（3月）满意率 80.0%（评价 10 条），在 3 个窗口中排第 2 名。 本月尚未结束，名次仅供参考，不计末位和约谈。");
    assertThat(text(page, "last-month-sp-w1")).isEqualTo("上月：2月第 1/3 名，满意率 100.0%（共 3 个窗口）。");
    assertThat(page).doesNotContain("id=\"leading-group\"", "id=\"office\"", "id=\"inspectors\"");
  }

  @Test
  void anotherUnitsLeadSeesNoneOfIt() {
    String page = page("lead-sp-w2");
    assertThat(number(page, "task-count")).isZero();
    assertThat(text(page, "rectifying-sp-w2")).isEqualTo("暂无整改待办。");
    assertThat(itemTexts(page, "due-")).containsExactly("ZG-2066-900005 首页测试整改 整改中 还剩 1 个工作日");
    assertThat(text(page, "satisfaction-sp-w2")).startsWith("本月（3月）满意率 100.0%（评价 10 条），在 3 个窗口中排第 1 名。");
    assertThat(page).doesNotContain("sp-w1", "ZG-2066-900001", "ZG-2066-900002", rectifying.number(), "核对服务指南");
  }

  @Test
  void aLeadingGroupMemberSeesTheBallotsAndRulingsWaiting() {
    String page = page("leader-sp");
    Map<String, Long> added = added("leader-sp", page);
    assertThat(added).containsEntry("count-leading-group-veto-rulings", 1L).containsEntry("count-leading-group-overdue-rulings", 1L)
        .containsEntry("count-leading-group-ballots", 0L).containsEntry("count-leading-group-vetoes-PENDING", 1L)
        .containsEntry("task-count", 2L);
    // The veto ruling is the member's own: its round closes at the end of today.
    assertThat(text(page, "queue-veto-rulings")).isEqualTo("1 一票否决裁定 最早一项今天到期");
    assertThat(page).contains("id=\"task-" + overdueRuling + "\"").contains("已逾期 3 个工作日");
    assertThat(lateCount(page) - lateCount(before.get("leader-sp"))).as("rulings past due").isEqualTo(1);
    assertThat(page).doesNotContain("id=\"office\"", "id=\"inspectors\"", "id=\"unit-");
  }

  @Test
  void theOfficeSeesItsQueuesByState() {
    String page = page("office-sp");
    Map<String, Long> added = added("office-sp", page);
    assertThat(added).containsEntry("count-office-tasks-Task_TriageComplaint", 1L)
        .containsEntry("count-office-complaints-RECEIVED", 1L)
        .containsEntry("count-office-rectifications-OVERDUE", 2L)
        .containsEntry("count-office-rectifications-EXTENSION_REQUESTED", 0L)
        .containsEntry("count-office-vetoes-PENDING", 1L);
    assertThat(page).contains("href=\"/complaints?status=RECEIVED\"", "href=\"/rectifications?status=OVERDUE\"",
        "href=\"/vetoes?status=PENDING\"");
    assertThat(page).doesNotContain("id=\"leading-group\"", "id=\"inspectors\"", "id=\"unit-");
  }

  @Test
  void theInspectorsSeeWhatWaitsForAcceptanceAndVerification() {
    String page = page("inspector-sp");
    Map<String, Long> added = added("inspector-sp", page);
    assertThat(added).containsEntry("count-inspectors-rectifications-SUBMITTED", 1L)
        .containsEntry("count-inspectors-rectifications-OVERDUE", 2L);
    assertThat(page).contains("href=\"/rectifications?status=SUBMITTED\"");
    assertThat(page).doesNotContain("id=\"leading-group\"", "id=\"office\"", "id=\"unit-");
  }

  // --- fixtures ---

  private void person(String user, String group) {
    identity.ensureUser(user, user, "首页", PASSWORD);
    identity.ensureMembership(user, group);
  }

  private String unitTask(String name, String dueUtc) {
    Task task = tasks.newTask();
    task.setName(name);
    task.setDueDate(Date.from(Instant.parse(dueUtc)));
    tasks.saveTask(task);
    tasks.addCandidateGroup(task.getId(), Groups.ofUnit("sp-w1"));
    return task.getId();
  }

  private String startRectification(String unit) {
    return runtime.startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(
        RectificationIds.Vars.UNIT_CODE, unit, RectificationIds.Vars.SOURCE_TYPE, "COMPLAINT",
        RectificationIds.Vars.SOURCE_ID, "TS-2066-900009", RectificationIds.Vars.PROBLEM, "首页测试：未一次性告知",
        RectificationIds.Vars.SEVERITY, "LOW")).getId();
  }

  private void ledgerRow(String number, String unit, String status, String dueBeijing) {
    jdbc.sql("""
            insert into rectification (number, unit_code, source_type, source_id, problem, severity, status, due_at, opened_at, opened_by, updated_at)
            values (?, ?, 'COMPLAINT', 'TS-2066-900001', '首页测试整改', 'LOW', ?, ?, ?, 'office', ?)""")
        .params(number, unit, status, java.time.LocalDateTime.parse(dueBeijing), java.time.LocalDateTime.parse("2066-03-01T10:00"),
            java.time.LocalDateTime.parse("2066-03-01T10:00")).update();
  }

  private void ratings(String unit, int month, int level, int count) {
    OffsetDateTime when = OffsetDateTime.of(2066, month, 3, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    for (int i = 0; i < count; i++) {
      jdbc.sql("""
              insert into rating (unit_id, level, channel, rated_at, rated_day, received_at, excluded)
              values ((select id from unit where code = ?), ?, 'DEVICE', ?, ?, ?, false)""")
          .params(unit, level, when, when.toLocalDate(), when).update();
    }
  }

  private String page(String user) {
    return onEngineTime(NOW, () -> {
      WebClient client = new WebClient(port);
      assertThat(client.login(user, PASSWORD).headers().firstValue("Location").orElse("")).doesNotContain("error");
      return client.get("/").body();
    });
  }

  /** The app's Clock reads the engine's. */
  private static <T> T onEngineTime(String instant, Supplier<T> work) {
    ClockUtil.setCurrentTime(Date.from(Instant.parse(instant)));
    try {
      return work.get();
    } finally {
      ClockUtil.reset();
    }
  }

  // --- reading the page ---

  /** Every count on the page: the total of my tasks and each queue's. */
  private static Map<String, Long> counts(String page) {
    Map<String, Long> counts = new HashMap<>();
    Matcher m = Pattern.compile("id=\"((?:count-|task-count)[^\"]*)\"[^>]*>(\\d+)<").matcher(page);
    while (m.find()) {
      counts.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return counts;
  }

  /** What this class's fixtures added to each count the person had before them. */
  private Map<String, Long> added(String user, String page) {
    Map<String, Long> added = new HashMap<>();
    Map<String, Long> was = counts(before.get(user));
    counts(page).forEach((id, n) -> added.put(id, n - was.getOrDefault(id, 0L)));
    return added;
  }

  private static long lateCount(String page) {
    Matcher m = Pattern.compile("其中 (\\d+) 项已超过期限").matcher(page);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static long number(String page, String id) {
    return Long.parseLong(text(page, id));
  }

  /** The text of the element with this id, tags dropped and spaces collapsed. */
  private static String text(String page, String id) {
    Matcher m = Pattern.compile("<(\\w+)[^>]*id=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</\\1>", Pattern.DOTALL).matcher(page);
    assertThat(m.find()).as("an element with id " + id).isTrue();
    return plain(m.group(2));
  }

  /** The texts of the list items whose id starts with the prefix, in page order. */
  private static List<String> itemTexts(String page, String prefix) {
    List<String> texts = new ArrayList<>();
    Matcher m = Pattern.compile("<li[^>]*id=\"" + Pattern.quote(prefix) + "[^\"]*\"[^>]*>(.*?)</li>", Pattern.DOTALL).matcher(page);
    while (m.find()) {
      texts.add(plain(m.group(1)));
    }
    return texts;
  }

  private static String plain(String html) {
    return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
  }
}
