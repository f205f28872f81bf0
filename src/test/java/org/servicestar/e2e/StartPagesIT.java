package org.servicestar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
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
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.PostgresAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each role logs in and sees on its start page what is its own (issue 20): a unit lead at a desk and
 * on a 390-px phone, a leading-group member, an inspector, an office member. The app's clock is held at
 * Friday 15 March 2052, 10:00 in Beijing while they look (2052 has no calendar: Monday to Friday), so
 * the working days are exact; the city-wide queues are asserted as what this class adds to them.
 * Screenshots: target/e2e/start-{role}.png.
 */
@PostgresAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartPagesIT {

  static final String PW = "start-pages-secret-1";
  static final String NOW = "2052-03-15T02:00:00Z";

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

  private final Map<String, Map<String, Long>> before = new HashMap<>();
  private String rectification;
  private String windowTask;
  private String rectifyTask;

  @BeforeAll
  void aFridayInMarch() {
    Browser.assumeInstalled();
    units.create(new UnitService.UnitDraft("sp-dept", "首页浏览器测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("sp-hall", "首页浏览器测试大厅", UnitType.HALL, "sp-dept"));
    units.create(new UnitService.UnitDraft("sp-b1", "首页浏览器一号窗口", UnitType.WINDOW, "sp-hall"));
    units.create(new UnitService.UnitDraft("sp-b2", "首页浏览器二号窗口", UnitType.WINDOW, "sp-hall"));
    unitGroups.createLead("sp-b1", "sp-lead1", "一号窗口负责人", PW);
    person("sp-leader", Groups.LEADING_GROUP);
    person("sp-office", Groups.OFFICE);
    person("sp-inspector", Groups.INSPECTORS);
    for (String user : new String[] {"sp-leader", "sp-office", "sp-inspector"}) {
      before.put(user, counts(onEngineTime(NOW, () -> {
        WebClient client = new WebClient(port);
        client.login(user, PW);
        return client.get("/").body();
      })));
    }

    // The lead's window: a task due next Wednesday (3 working days across the weekend), a rectification of
    // 15 working days, one due next Tuesday in the ledger, and 80 % satisfaction this month against sp-b2's 100 %.
    Task task = tasks.newTask();
    task.setName("整理窗口服务台账");
    task.setDueDate(Date.from(Instant.parse("2052-03-20T09:00:00Z")));
    tasks.saveTask(task);
    tasks.addCandidateGroup(task.getId(), Groups.ofUnit("sp-b1"));
    windowTask = task.getId();
    String instance = onEngineTime(NOW, () -> startRectification("sp-b1"));
    rectification = ledger.byProcessInstance(instance).orElseThrow().number();
    rectifyTask = tasks.createTaskQuery().processInstanceId(instance).singleResult().getId();
    ledgerRow("ZG-2052-900001", "sp-b1", "OPEN", "2052-03-19T17:00");
    ledgerRow("ZG-2052-900002", "sp-b2", "SUBMITTED", "2052-03-29T17:00");
    ratings("sp-b1", 5, 8);
    ratings("sp-b1", 2, 2);
    ratings("sp-b2", 5, 10);
    rollups.rebuild(); // the rows above went in as plain SQL, not through the intake that keeps the rollups

    // The leading group: a veto whose round closes at the end of today, and sp-b2's overdue rectification to rule on.
    onEngineTime("2052-03-08T02:00:00Z", () -> vetoes.record("sp-b2", 3, VetoSourceType.COMPLAINT, "TS-2052-900001", "首页浏览器测试否决"));
    String late = onEngineTime("2052-03-04T02:00:00Z", () -> startRectification("sp-b2"));
    onEngineTime("2052-03-05T02:00:00Z", () -> {
      management.executeJob(management.createJobQuery().processInstanceId(late)
          .activityId(RectificationIds.Events.DUE_DATE_REACHED).singleResult().getId());
      return null;
    });
    // The office: a bad review to triage.
    // A rating id of its own: the same one twice is the same bad review (clientRef).
    onEngineTime(NOW, () -> complaints.submitBadReview("sp-b2", "首页浏览器测试差评", null, null, 2052001));
  }

  @Test
  void eachRoleSeesWhatIsTheirs() {
    onEngineTime(NOW, () -> {
      try (Browser lead = Browser.desktop(port).login("sp-lead1", PW)) {
        lead.open("/");
        String page = lead.waitForText("本单位：首页浏览器一号窗口", "您有 1 项整改待办，15 个工作日后到期。");
        assertThat(line(lead, "task-" + windowTask)).isEqualTo("整理窗口服务台账 还剩 3 个工作日");
        assertThat(line(lead, "task-" + rectifyTask)).isEqualTo("整改落实 " + rectification + " 还剩 15 个工作日");
        assertThat(line(lead, "due-ZG-2052-900001")).isEqualTo("ZG-2052-900001 首页浏览器测试整改 整改中 还剩 2 个工作日");
        assertThat(line(lead, "satisfaction-sp-b1"))
            .isEqualTo("本月（3月）满意率 80.0%（评价 10 条），在 2 个窗口中排第 2 名。 本月尚未结束，名次仅供参考，不计末位和约谈。");
        assertThat(page).doesNotContain("ZG-2052-900002", "领导小组：", "督查考核组：");
        assertThat(lead.visible(By.id("task-count")).getText()).isEqualTo("2");
        assertThat(lead.visible(By.linkText("整改落实")).getAttribute("href")).endsWith("/rectifications/" + rectification + "/rectify");
        lead.shot("start-lead");
      }
      try (Browser phone = Browser.phone(port).login("sp-lead1", PW)) {
        // Headless Chromium keeps a window at least 500 px wide: the page is laid out at the phone's 390 by emulation.
        ((ChromeDriver) phone.driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
            Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        phone.open("/");
        phone.waitForText("您有 1 项整改待办，15 个工作日后到期。", "还剩 3 个工作日");
        phone.shot("start-lead-phone");
        assertThat(((Number) phone.script("return document.documentElement.scrollWidth")).intValue())
            .as("nothing wider than the phone: %s", phone.script("return Array.from(document.querySelectorAll('body *'))"
                + ".filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '.' + e.className + '#' + e.id).join(' ')"))
            .isLessThanOrEqualTo(390);
      }
      try (Browser leader = Browser.desktop(port).login("sp-leader", PW)) {
        leader.open("/");
        leader.waitForText("领导小组：待我表决和裁定");
        assertThat(line(leader, "queue-veto-rulings")).isEqualTo("1 一票否决裁定 最早一项今天到期");
        assertThat(count(leader, "sp-leader", "count-leading-group-overdue-rulings")).isEqualTo(1);
        assertThat(count(leader, "sp-leader", "count-leading-group-vetoes-PENDING")).isEqualTo(1);
        assertThat(leader.text()).doesNotContain("本单位：", "领导小组办公室：");
        leader.shot("start-leader");
      }
      try (Browser inspector = Browser.desktop(port).login("sp-inspector", PW)) {
        inspector.open("/");
        inspector.waitForText("督查考核组：待办队列", "整改：待验收");
        assertThat(count(inspector, "sp-inspector", "count-inspectors-rectifications-SUBMITTED")).isEqualTo(1);
        assertThat(count(inspector, "sp-inspector", "count-inspectors-rectifications-OVERDUE")).isEqualTo(1);
        inspector.shot("start-inspector");
      }
      try (Browser office = Browser.desktop(port).login("sp-office", PW)) {
        office.open("/");
        office.waitForText("领导小组办公室：待办队列", "投诉：待分办");
        assertThat(count(office, "sp-office", "count-office-complaints-RECEIVED")).isEqualTo(1);
        assertThat(count(office, "sp-office", "count-office-vetoes-PENDING")).isEqualTo(1);
        office.shot("start-office");
        office.click(By.id("count-office-complaints-RECEIVED"));
        office.until(d -> d.getCurrentUrl().endsWith("/complaints?status=RECEIVED"));
        office.waitForText("首页浏览器测试差评", "待分办");
      }
      return null;
    });
  }

  /** An element's visible text on one line. */
  private static String line(Browser browser, String id) {
    return browser.visible(By.id(id)).getText().replaceAll("\\s+", " ").strip();
  }

  /** What this class added to a count the person saw before its fixtures. */
  private long count(Browser browser, String user, String id) {
    return Long.parseLong(browser.visible(By.id(id)).getText().strip()) - before.get(user).getOrDefault(id, 0L);
  }

  private static Map<String, Long> counts(String page) {
    Map<String, Long> counts = new HashMap<>();
    Matcher m = Pattern.compile("id=\"(count-[^\"]*)\"[^>]*>(\\d+)<").matcher(page);
    while (m.find()) {
      counts.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return counts;
  }

  private void person(String id, String group) {
    identity.ensureUser(id, "首页", id, PW);
    identity.ensureMembership(id, group);
  }

  private String startRectification(String unit) {
    return runtime.startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(
        RectificationIds.Vars.UNIT_CODE, unit, RectificationIds.Vars.SOURCE_TYPE, "COMPLAINT",
        RectificationIds.Vars.SOURCE_ID, "TS-2052-900009", RectificationIds.Vars.PROBLEM, "首页浏览器测试：未一次性告知",
        RectificationIds.Vars.SEVERITY, "LOW")).getId();
  }

  private void ledgerRow(String number, String unit, String status, String dueBeijing) {
    LocalDateTime opened = LocalDateTime.parse("2052-03-01T10:00");
    jdbc.sql("""
            insert into rectification (number, unit_code, source_type, source_id, problem, severity, status, due_at, opened_at, opened_by, updated_at)
            values (?, ?, 'COMPLAINT', 'TS-2052-900001', '首页浏览器测试整改', 'LOW', ?, ?, ?, 'office', ?)""")
        .params(number, unit, status, LocalDateTime.parse(dueBeijing), opened, opened).update();
  }

  private void ratings(String unit, int level, int count) {
    OffsetDateTime when = OffsetDateTime.of(2052, 3, 4, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    for (int i = 0; i < count; i++) {
      jdbc.sql("""
              insert into rating (unit_id, level, channel, rated_at, rated_day, received_at, excluded)
              values ((select id from unit where code = ?), ?, 'DEVICE', ?, ?, ?, false)""")
          .params(unit, level, when, when.toLocalDate(), when).update();
    }
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
}
