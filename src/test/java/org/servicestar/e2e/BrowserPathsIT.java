package org.servicestar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.servicestar.campaign.CampaignService;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.engine.FormRows;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.Campaigns;
import org.servicestar.support.Fixtures;
import org.servicestar.support.PostgresAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.scoring.ScoringService;
import org.servicestar.support.Polling;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoRecord;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoRulingIds;
import org.servicestar.veto.VetoSourceType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The people's paths in a real browser (Debian's headless Chromium) against the whole app on
 * PostgreSQL: the public pages, the one login, Tasklist with its Chinese Camunda Forms. Set-up that
 * no person does in the path (units, users, another unit's work) goes through the services; what
 * the path's person does is done in the browser. Screenshots of the key steps go to target/e2e/.
 *
 * <p>Paths 1–4 follow one bad review from the citizen's phone to the return visit, in order.
 */
@PostgresAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserPathsIT {

  static final String PW = "browser-secret-1";
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  /** The test profile's administrator (application-test.yaml). */
  static final String ADMIN_PW = "test-admin-secret";
  static final int SCORING_YEAR = 2048;
  static final int AWARD_YEAR = 2049;
  /** The award path's hall as a nominee's name might come from data, with markup that must never run. */
  static final String HOSTILE_HALL = "浏览器评优大厅<script>window.ballotXss=1</script><img src=x onerror=\"window.ballotXss=2\">";
  static final int VETO_YEAR = 2050;

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  TaskService tasks;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  ComplaintService complaints;
  @Autowired
  CampaignService campaigns;
  @Autowired
  RuntimeService runtime;
  @Autowired
  RepositoryService repository;
  @Autowired
  ManagementService management;
  @Autowired
  ScoringService scoring;
  @Autowired
  VetoRecords vetoRecords;

  private String complaint;
  private String rectification;

  @BeforeAll
  void cityAndPeople() {
    Browser.assumeInstalled();
    units.create(new UnitService.UnitDraft("br-dept", "浏览器测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("br-hall", "浏览器测试大厅", UnitType.HALL, "br-dept"));
    units.create(new UnitService.UnitDraft("br-w1", "浏览器一号窗口", UnitType.WINDOW, "br-hall"));
    units.create(new UnitService.UnitDraft("br-w2", "浏览器二号窗口", UnitType.WINDOW, "br-hall"));
    unitGroups.createLead("br-w1", "br-lead1", "一号窗口负责人", PW);
    unitGroups.createLead("br-w2", "br-lead2", "二号窗口负责人", PW);
    person("br-office", Groups.OFFICE);
    person("br-inspector", Groups.INSPECTORS);
  }

  private void person(String id, String group) {
    identity.ensureUser(id, "浏览器", id, PW);
    identity.ensureMembership(id, group);
  }

  @Test
  @Order(1)
  void aCitizenRatesAWindowBadlyOnAPhone() {
    try (Browser phone = Browser.phone(port)) {
      phone.open("/rate/br-w1");
      phone.waitForText("浏览器一号窗口", "您对本次服务满意吗？");
      phone.shot("1-01-rate-page");
      phone.click(By.cssSelector("label[for=level-1]"));
      phone.type(By.id("comment"), "窗口工作人员态度生硬，材料没讲清楚让我跑了三趟");
      phone.click(By.tagName("summary"));
      phone.type(By.id("contactPhone"), "13900000001");
      phone.shot("1-02-filled");
      phone.click(By.xpath("//button[normalize-space()='提交评价']"));
      phone.waitForText("感谢您的评价", "转交竞赛办公室");
      phone.shot("1-03-thanks");
    }
    complaint = jdbc.sql("select number from complaint where unit_code = 'br-w1' and source = 'RATING'").query(String.class).single();
    assertThat(complaint).matches("TS-\\d{4}-\\d{6}");
    assertThat(jdbc.sql("select contact_phone from complaint where number = ?").param(complaint).query(String.class).single())
        .isEqualTo("13900000001");
  }

  @Test
  @Order(2)
  void theOfficeTriagesInTasklistAndAnInspectorFindsItTrue() {
    try (Browser office = Browser.desktop(port).login("br-office", PW)) {
      Tasklist tasklist = new Tasklist(office).open();
      assertThat(tasklist.filters()).contains("我的任务", "办公室待办", "全部待办");
      assertThat(office.text()).contains("服务之星 任务中心", "创建时间");
      String triage = task(complaint, "Task_TriageComplaint").getId();
      tasklist.filter("办公室待办").shows(triage);
      office.shot("2-01-office-tasklist");
      tasklist.task(triage);
      office.waitForText("分办投诉", "投诉 " + complaint, "分办结果", "认领");
      assertThat(office.visible(By.xpath("//*[contains(@class,'fjs-form-field')][label[normalize-space()='渠道']]//input"))
          .getDomProperty("value")).isEqualTo("差评（服务评价）");
      // An answer its task listener refuses: Tasklist shows the Chinese reason (400), the task stays open.
      tasklist.claim().choose("与未办结的投诉重复，合并").write("并入的投诉编号", "TS-2000-000001").save();
      tasklist.completeRefused();
      office.waitForText("要并入的投诉 TS-2000-000001 不存在或已经办结");
      assertThat(office.text()).doesNotContain("ENGINE-", "Exception", "Cannot submit");
      office.shot("2-02-triage-refused");
      tasklist.dismissNotifications().choose("受理，交督查核实");
      office.shot("2-02-triage-form");
      tasklist.complete();
    }
    try (Browser inspector = Browser.desktop(port).login("br-inspector", PW)) {
      Tasklist tasklist = new Tasklist(inspector).open();
      String verify = task(complaint, "Task_VerifyComplaint").getId();
      tasklist.filter("待核实投诉").shows(verify).task(verify);
      inspector.waitForText("投诉 " + complaint, "核实结论");
      tasklist.claim().choose("属实").select("问题类别", "服务态度（生冷硬横、刁难群众）").choose("一般")
          .write("核实情况", "调取窗口录像，工作人员未一次性告知所需材料，属实");
      inspector.shot("2-03-verify-form");
      tasklist.complete();
    }
    assertThat(jdbc.sql("select substantiated from complaint where number = ?").param(complaint).query(Boolean.class).single()).isTrue();
    rectification = jdbc.sql("select number from rectification where unit_code = 'br-w1' and source_id = ?").param(complaint)
        .query(String.class).single();
  }

  @Test
  @Order(3)
  void theUnitsLeadSeesOnlyTheirOwnTaskAndRectifiesWithAPhoto(@TempDir Path folder) throws IOException {
    String other = otherUnitsRectification();
    String rectify = task(rectification, "Task_Rectify").getId();

    try (Browser otherLead = Browser.desktop(port).login("br-lead2", PW)) {
      Tasklist tasklist = new Tasklist(otherLead).open();
      assertThat(tasklist.filters()).containsExactly("本单位待办");
      tasklist.filter("本单位待办").shows(other);
      assertThat(tasklist.taskIds()).containsExactly(other);
      otherLead.shot("3-01-other-lead-sees-only-their-unit");
      otherLead.open(Tasklist.PATH + "#/?task=" + rectify);
      otherLead.waitForText("该任务已不存在");
      assertThat(otherLead.text()).doesNotContain(rectification).doesNotContain("整改措施");
      otherLead.shot("3-02-other-lead-refused-by-url");
      otherLead.open("/rectifications/" + rectification);
      otherLead.waitForText("没有权限");
      assertThat(otherLead.text()).doesNotContain("调取窗口录像");
      otherLead.shot("3-03-other-lead-refused-ledger");
    }

    try (Browser lead = Browser.desktop(port).login("br-lead1", PW)) {
      Tasklist tasklist = new Tasklist(lead).open();
      tasklist.filter("本单位待办").shows(rectify);
      assertThat(tasklist.taskIds()).containsExactly(rectify);
      tasklist.task(rectify);
      lead.waitForText("整改落实", "整改 " + rectification, "调取窗口录像");
      lead.shot("3-04-lead-rectify-task");
      // The form cannot take files: its link opens the rectification's page, where the evidence goes.
      lead.open(lead.visible(By.xpath("//form[contains(@class,'fjs-form')]//a[contains(.,'打开整改页面')]")).getDomAttribute("href"));
      lead.waitForText("证据材料", rectification);
      lead.visible(By.id("file")).sendKeys(png(folder).toAbsolutePath().toString());
      lead.type(By.id("note"), "整改后窗口现场照片");
      lead.click(By.xpath("//button[normalize-space()='上传']"));
      lead.waitForText("window-after.png", "整改后窗口现场照片");
      lead.shot("3-05-evidence-uploaded");

      tasklist.taskByUrl(rectify).claim()
          .write("问题原因", "首问负责制落实不到位，一次性告知清单未张贴")
          .write("整改措施", "约谈当事人；窗口张贴一次性告知清单；全员培训")
          .date("整改完成日期", LocalDate.now(ZONE))
          .write("证据材料说明", "告知清单张贴照片已上传");
      lead.shot("3-06-rectify-form");
      tasklist.complete();
    }
    assertThat(jdbc.sql("select count(*) from rectification_evidence e join rectification r on r.id = e.rectification_id"
        + " where r.number = ? and e.file_name = 'window-after.png'").param(rectification).query(Long.class).single()).isEqualTo(1);
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(rectification).taskDefinitionKey("Task_AcceptRectification").count())
        .isEqualTo(1);
  }

  /** Set-up: br-w2 has a rectification of its own open (its complaint triaged and verified by the services). */
  private String otherUnitsRectification() {
    String number = complaints.submit(new ComplaintService.Submission("br-w2", "HOTLINE", "二号窗口午休提前半小时停止受理", null, null,
        "br-other-1")).number();
    tasks.complete(task(number, "Task_TriageComplaint").getId(), Map.of("triageOutcome", "ACCEPT"));
    tasks.complete(task(number, "Task_VerifyComplaint").getId(), Map.of("substantiated", true, "category", "DISCIPLINE",
        "severity", "LOW", "findings", "属实"));
    String zg = jdbc.sql("select number from rectification where source_id = ?").param(number).query(String.class).single();
    return task(zg, "Task_Rectify").getId();
  }

  @Test
  @Order(4)
  void returnedOnceResubmittedAcceptedVisitedAndTheTimelineShowsEveryStep() {
    try (Browser inspector = Browser.desktop(port).login("br-inspector", PW)) {
      Tasklist tasklist = new Tasklist(inspector).open();
      String accept = task(rectification, "Task_AcceptRectification").getId();
      tasklist.filter("督查待办").shows(accept).task(accept);
      inspector.waitForText("整改验收", "首问负责制落实不到位");
      tasklist.claim().write("验收意见", "告知清单只贴在一号窗口，其他窗口未落实，不到位")
          .date("重新整改期限", LocalDate.now(ZONE).plusDays(7));
      inspector.shot("4-01-returned-as-not-done");
      tasklist.complete();
    }
    assertThat(jdbc.sql("select return_count from rectification where number = ?").param(rectification).query(Integer.class).single())
        .isEqualTo(1);

    try (Browser lead = Browser.desktop(port).login("br-lead1", PW)) {
      Tasklist tasklist = new Tasklist(lead).open();
      String rectify = task(rectification, "Task_Rectify").getId();
      tasklist.filter("本单位待办").shows(rectify).task(rectify);
      lead.waitForText("本整改已被验收退回 1 次", "其他窗口未落实");
      tasklist.claim().write("问题原因", "首问负责制落实不到位，告知清单未覆盖全部窗口")
          .write("整改措施", "全部窗口张贴一次性告知清单并每日检查")
          .date("整改完成日期", LocalDate.now(ZONE));
      lead.shot("4-02-resubmitted");
      tasklist.complete();
    }

    try (Browser inspector = Browser.desktop(port).login("br-inspector", PW)) {
      Tasklist tasklist = new Tasklist(inspector).open();
      String accept = task(rectification, "Task_AcceptRectification").getId();
      tasklist.filter("督查待办").shows(accept).task(accept);
      inspector.waitForText("全部窗口张贴");
      tasklist.claim().choose("验收通过（整改到位）").write("验收意见", "现场复查，全部窗口已落实");
      inspector.shot("4-03-accepted");
      tasklist.complete();
    }

    try (Browser office = Browser.desktop(port).login("br-office", PW)) {
      Tasklist tasklist = new Tasklist(office).open();
      String visit = task(complaint, "Task_ReturnVisit").getId();
      tasklist.filter("办公室待办").shows(visit).task(visit);
      office.waitForText("回访投诉人", "投诉 " + complaint, "整改编号");
      tasklist.claim().choose("满意").write("回访记录", "电话回访，群众对整改表示满意");
      office.shot("4-04-return-visit");
      tasklist.complete();

      office.open("/complaints/" + complaint);
      String timeline = office.waitForText("办理时间线", "已办结");
      office.shot("4-05-case-timeline");
      assertThat(timeline).contains("13900000001", "调取窗口录像", rectification, "电话回访");
    }
    assertThat(jdbc.sql("select status from complaint where number = ?").param(complaint).query(String.class).single()).isEqualTo("CLOSED");
    assertThat(jdbc.sql("select kind from complaint_event e join complaint c on c.id = e.complaint_id where c.number = ? order by e.id")
        .param(complaint).query(String.class).list())
        .containsSubsequence("RECEIVED", "ACCEPTED", "SUBSTANTIATED", "RECTIFICATION_STARTED", "RECTIFICATION_DONE", "RETURN_VISIT",
            "CLOSED");
    assertThat(jdbc.sql("select e.kind from rectification_event e join rectification r on r.id = e.rectification_id where r.number = ?"
        + " order by e.id").param(rectification).query(String.class).list())
        .containsSubsequence("OPENED", "EVIDENCE_ADDED", "SUBMITTED", "RETURNED", "SUBMITTED", "ACCEPTED");
  }

  @Test
  @Order(5)
  void threeMembersVoteTheNomineesArePublishedAndOnlyARealNameObjectionIsTaken() throws Exception {
    String instance = awardsAtTheVote();
    List<String> voters = List.of("br-leader1", "br-leader2", "br-leader3");
    try {
      for (String voter : voters) {
        try (Browser leader = Browser.desktop(port).login(voter, PW)) {
          Tasklist tasklist = new Tasklist(leader).open();
          String ballot = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_ApproveAwards").taskAssignee(voter)
              .singleResult().getId();
          tasklist.filter("待我表决的评优").shows(ballot);
          assertThat(tasklist.taskIds()).containsExactly(ballot);
          tasklist.task(ballot);
          leader.waitForText(AWARD_YEAR + " 年度评优表决", "通过规则", "提名一览");
          // Each nominee in full in its header (an HTML view), the hostile name shown as text, not run.
          assertThat(tasklist.texts(".ballot-nominee-name")).containsExactly(HOSTILE_HALL + "（br5-hall）", "浏览器评优窗口（br5-w）");
          assertThat(tasklist.cutOff(".ballot-nominee-name")).isEmpty();
          assertThat(tasklist.texts(".ballot-nominee-facts")).containsExactly(
              "优质服务大厅 · 所属单位：浏览器测试局 · 得分 96.00 分 · ★★★★★ · 第 1 名",
              "优质服务窗口 · 所属单位：浏览器评优大厅 · 得分 92.50 分 · ★★★★ · 第 1 名");
          assertThat(tasklist.texts("table.fjs-table tbody tr")).hasSize(2)
              .anySatisfy(row -> assertThat(row).contains("优质服务窗口", "浏览器评优窗口（br5-w）", "浏览器评优大厅", "92.50 分 · ★★★★ · 第 1 名"));
          assertThat(leader.script("const t = document.querySelector('.fjs-table-inner-container');"
              + " return t.scrollWidth <= t.clientWidth")).as("the table fits Tasklist's form pane at 1400 px").isEqualTo(true);
          assertThat(leader.script("return window.ballotXss === undefined")).as("a nominee's name is never run").isEqualTo(true);
          assertThat(tasklist.links("查看得分说明")).containsExactly(
              "/scores/" + AWARD_YEAR + "/units/br5-hall", "/scores/" + AWARD_YEAR + "/units/br5-w");
          assertThat(leader.readAll(By.cssSelector("a.ballot-explanation"), a -> a.getDomAttribute("target")))
              .as("the explanation opens beside the ballot, which keeps its answers").containsOnly("_blank");
          tasklist.chooseEvery("赞成");
          if (voters.indexOf(voter) == 0) {
            leader.shot("ballot");
          }
          leader.shot("5-0" + (voters.indexOf(voter) + 1) + "-vote-" + voter);
          // 完成 stayed disabled here once a list field was touched (form-js keeps empty error lists for
          // list fields; webapp-integration.js looks again), and the rows came back without their ids.
          tasklist.complete();
          assertThat(tasks.createTaskQuery().taskId(ballot).count()).isZero();
        }
      }
      // Members other test classes put in the leading group vote too (set-up, not this path's people).
      for (Task ballot : tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_ApproveAwards").list()) {
        List<Map<String, Object>> rows = new ArrayList<>(FormRows.rows(tasks.getVariable(ballot.getId(), "ballot"), "ballot"));
        rows.forEach(r -> r.put("vote", "APPROVE"));
        tasks.complete(ballot.getId(), Map.of("ballot", FormRows.json(rows)));
      }
    } finally {
      voters.forEach(v -> identity.removeMembership(v, Groups.LEADING_GROUP));
    }
    assertThat(jdbc.sql("select status from award_round where campaign_year = ?").param(AWARD_YEAR).query(String.class).single())
        .isEqualTo("PUBLICITY");

    try (Browser citizen = Browser.phone(port)) {
      citizen.open("/publicity/" + AWARD_YEAR);
      citizen.waitForText("拟表彰对象公示", "浏览器评优大厅", "浏览器评优窗口");
      citizen.shot("5-04-publicity");
      object(citizen, "匿名");
      citizen.waitForText("异议须实名提出，匿名异议不予受理");
      citizen.shot("5-05-anonymous-refused");
      object(citizen, "陈实名");
      citizen.waitForText("感谢您的监督", "您的异议已受理");
      citizen.shot("5-06-objection-received");
    }
    assertThat(jdbc.sql("select count(*) from award_objection where campaign_year = ?").param(AWARD_YEAR).query(Long.class).single())
        .isEqualTo(1);
  }

  private void object(Browser citizen, String name) {
    citizen.open("/publicity/" + AWARD_YEAR);
    new Select(citizen.visible(By.id("nomineeId"))).selectByVisibleText("浏览器评优窗口");
    citizen.type(By.id("name"), name);
    citizen.type(By.id("phone"), "13900000005");
    citizen.type(By.id("content"), "该窗口上月多次有人脱岗，群众排队无人受理");
    citizen.submit(By.xpath("//button[normalize-space()='实名提交异议']"));
  }

  /**
   * Set-up: a scored year (rows as a scoring run leaves them) whose award approval the office has
   * opened and whose nominee list it kept, so the leading group's vote is open.
   */
  private String awardsAtTheVote() {
    units.create(new UnitService.UnitDraft("br5-hall", "浏览器评优大厅", UnitType.HALL, "br-dept"));
    units.create(new UnitService.UnitDraft("br5-w", "浏览器评优窗口", UnitType.WINDOW, "br5-hall"));
    campaigns.create(new CampaignService.CampaignDraft(AWARD_YEAR, AWARD_YEAR + " 年度浏览器测试", LocalDate.of(AWARD_YEAR, 1, 4),
        LocalDate.of(AWARD_YEAR, 2, 28), LocalDate.of(AWARD_YEAR, 3, 1), LocalDate.of(AWARD_YEAR, 11, 30), LocalDate.of(AWARD_YEAR, 12, 1),
        LocalDate.of(AWARD_YEAR, 12, 31), 5, BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20),
        Map.of("HALL", 1, "SECTION", 0, "WINDOW", 1, "STAFF", 0, "COLLECTIVE", 0, "MODEL", 0), List.of("br5-hall", "br5-w")));
    jdbc.sql("insert into scoring_run (campaign_year, status, units_total, units_done, started_by, started_at, finished_at)"
        + " values (?, 'DONE', 2, 2, 'test', current_timestamp, current_timestamp)").param(AWARD_YEAR).update();
    long run = jdbc.sql("select max(id) from scoring_run where campaign_year = ?").param(AWARD_YEAR).query(Long.class).single();
    for (String[] unit : List.of(new String[] {"br5-hall", "HALL", "96.00", "5"}, new String[] {"br5-w", "WINDOW", "92.50", "4"})) {
      BigDecimal total = new BigDecimal(unit[2]);
      jdbc.sql("""
              insert into unit_score (campaign_year, unit_code, run_id, unit_type, inspection_score, daily_score, supervision_score,
                deductions, total, stars, vetoed, veto_clauses, pending_vetoes, rank_in_type, computed_at)
              values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, false, null, 0, 1, current_timestamp)""")
          .params(AWARD_YEAR, unit[0], run, unit[1], total, total, total, total, Integer.parseInt(unit[3])).update();
    }
    for (int i = 1; i <= 3; i++) {
      person("br-leader" + i, Groups.LEADING_GROUP);
    }
    String instance = runtime.startProcessInstanceByKey("AwardApproval", Map.of("campaignYear", AWARD_YEAR)).getId();
    // A name as data may bring it: the ballot must show it as text and never run it.
    jdbc.sql("update award_nominee set subject_name = ? where campaign_year = ? and subject = 'br5-hall'").params(HOSTILE_HALL, AWARD_YEAR)
        .update();
    tasks.complete(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_PrepareNominations").singleResult().getId(),
        Map.of());
    return instance;
  }

  @Test
  @Order(6)
  void anAdministratorDeploysChangedStarThresholdsAndTheNextScoringUsesThem() throws Exception {
    Campaigns.ensure(campaigns, SCORING_YEAR);
    // br-w2's one record of the year: a centralised inspection at 50 %, so its total is 50 (the parts
    // with no record are left out) — no star by the shipped table, one by a threshold of 10.
    jdbc.sql("""
            insert into inspection (number, campaign_year, unit_code, inspection_type, status, score_pct, started_by, started_at, conducted_at)
            values (?, ?, 'br-w2', 'CENTRALIZED', 'DONE', 50, 'inspector', ?, ?)""")
        .params("JC-" + SCORING_YEAR + "-900001", SCORING_YEAR, LocalDate.of(SCORING_YEAR, 12, 1).atTime(10, 0),
            LocalDate.of(SCORING_YEAR, 12, 1).atTime(11, 0)).update();
    try (Browser admin = Browser.desktop(port).login("admin", ADMIN_PW)) {
      recompute(admin);
      BigDecimal total = score("total", BigDecimal.class);
      assertThat(total).as("br-w2 scores 50, its inspection alone").isEqualByComparingTo("50");
      assertThat(score("stars", Integer.class)).isZero();
      admin.shot("6-01-scores-before");

      HttpResponse<String> deployed = deployAsModeler(Files.readString(Fixtures.folder("e2e").resolve("star-rating.dmn")));
      assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
      try {
        assertThat(deployed.body()).contains("\"StarRating\"");
        recompute(admin);
        assertThat(score("total", BigDecimal.class)).isEqualByComparingTo(total);
        assertThat(score("stars", Integer.class)).as("the new one-star threshold is 10").isEqualTo(1);
        admin.open("/scores/" + SCORING_YEAR);
        admin.waitForText("浏览器二号窗口");
        assertThat(admin.visible(By.xpath("//tr[td[contains(.,'浏览器二号窗口')]]/td[contains(@class,'stars')]")).getText()).isEqualTo("★");
        admin.shot("6-02-scores-after-new-thresholds");
      } finally {
        // The shipped thresholds again (a new version with the file's content), for the tests that share the database.
        assertThat(deployAsModeler(Files.readString(Path.of("bpmn", "star-rating.dmn"))).statusCode()).isEqualTo(200);
      }
    }
  }

  /**
   * Issue 19: a pending veto on a ranked unit is ruled on by the leading group in Tasklist — three
   * members confirm it, one after another, each with a reason — and the year's ranking shows the unit
   * vetoed and without a place by itself: nobody presses 重新计算 (the confirmed veto asks for a
   * run, {@code scoring.Rescoring} starts it after the commit).
   */
  @Test
  @Order(8)
  void threeMembersConfirmAVetoInTasklistAndTheRankingChangesByItself() {
    List<String> members = List.of("br-leader1", "br-leader2", "br-leader3");
    List<String> others = List.of("br-leader4", "br-leader5");
    List<String> all = new ArrayList<>(members);
    all.addAll(others);
    all.forEach(m -> person(m, Groups.LEADING_GROUP));
    try {
      long scoredRun = scoredYearWithBrW1Ranked();
      VetoRecord veto = vetoRecords.record("br-w1", 3, VetoSourceType.OFFICE, "浏览器督查通报〔" + VETO_YEAR + "〕1号",
          "窗口工作人员对办事群众态度生硬、推诿，经查属实", "br-office");
      // the fact is of the scored year (recorded "now" would make it this year's)
      jdbc.sql("update veto_record set recorded_at = ? where id = ?").params(LocalDate.of(VETO_YEAR, 12, 2).atTime(9, 0), veto.id()).update();
      String instance = jdbc.sql("select ruling_process_id from veto_record where id = ?").param(veto.id()).query(String.class).single();
      assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).processDefinitionKey(VetoRulingIds.PROCESS).count())
          .isEqualTo(1);
      List<String> voters = List.of(jdbc.sql("select voters from veto_ruling_round where veto_id = ? and closed_at is null")
          .param(veto.id()).query(String.class).single().split(","));
      assertThat(voters).containsAll(all);
      // Set-up: the members who are not this path's people vote first, so that the majority of all
      // members comes with the third browser vote: as many confirm as the majority needs beyond the
      // three, the rest annul (br-leader4 and br-leader5 annul when they are the only others).
      int majority = voters.size() / 2 + 1;
      int confirmsBefore = majority - members.size();
      assertThat(confirmsBefore).isGreaterThanOrEqualTo(0);
      int n = 0;
      for (String voter : voters) {
        if (members.contains(voter)) {
          continue;
        }
        boolean confirm = n++ < confirmsBefore;
        tasks.complete(rulingTask(instance, voter).getId(), Map.of(VetoRulingIds.Vars.RULING, confirm ? "CONFIRM" : "ANNUL",
            VetoRulingIds.Vars.REASON, confirm ? "情况属实" : "证据尚不充分"));
      }

      for (String member : members) {
        try (Browser leader = Browser.desktop(port).login(member, PW)) {
          Tasklist tasklist = new Tasklist(leader).open();
          String ruling = rulingTask(instance, member).getId();
          tasklist.filter("我的任务").shows(ruling).task(ruling);
          leader.waitForText("一票否决裁定（记录 #" + veto.id() + "）", "浏览器一号窗口", "生冷硬横", "浏览器督查通报");
          tasklist.choose("确认否决：取消该单位本年度评优资格").write("理由", member + "：通报所述情况属实，符合第3项否决条款");
          leader.shot("8-0" + (members.indexOf(member) + 1) + "-ruling-" + member);
          tasklist.complete();
          assertThat(tasks.createTaskQuery().taskId(ruling).count()).isZero();
        }
        if (!member.equals(members.get(members.size() - 1))) {
          assertThat(jdbc.sql("select status from veto_record where id = ?").param(veto.id()).query(String.class).single())
              .as("no majority before the third browser vote").isEqualTo("PENDING");
        }
      }
      assertThat(jdbc.sql("select status from veto_record where id = ?").param(veto.id()).query(String.class).single()).isEqualTo("CONFIRMED");
      assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).isZero();
      assertThat(jdbc.sql("select voter from veto_vote where veto_id = ? and confirm = true").param(veto.id()).query(String.class).list())
          .containsAll(members);

      try (Browser office = Browser.desktop(port).login("br-office", PW)) {
        // Nobody presses 重新计算: the page is only reloaded until the new run's ranking shows the veto.
        By row = By.xpath("//tr[td[contains(.,'浏览器一号窗口')]]");
        Polling.until("br-w1's ranking row to show the confirmed veto", java.time.Duration.ofSeconds(120), () -> {
          office.open("/scores/" + VETO_YEAR);
          String text = office.visible(row).getText();
          return text.contains("否决（第 3 条）");
        });
        String text = office.visible(row).getText();
        assertThat(office.visible(By.xpath("//tr[td[contains(.,'浏览器一号窗口')]]/td[1]")).getText()).isEqualTo("—");
        assertThat(text).contains("否决（第 3 条）");
        office.shot("8-04-ranking-vetoed-by-itself");
      }
      assertThat(jdbc.sql("select max(id) from scoring_run where campaign_year = ?").param(VETO_YEAR).query(Long.class).single())
          .isGreaterThan(scoredRun);
      assertThat(jdbc.sql("select count(*) from unit_score where campaign_year = ? and unit_code = 'br-w1' and vetoed = true"
          + " and rank_in_type is null").param(VETO_YEAR).query(Long.class).single()).isEqualTo(1);
    } finally {
      all.forEach(m -> identity.removeMembership(m, Groups.LEADING_GROUP));
    }
  }

  /**
   * Set-up: year {@value #VETO_YEAR} scored (by the service, as the office's 重新计算 would) with br-w1
   * ranked among the windows, from a centralised inspection; answers the run's id.
   */
  private long scoredYearWithBrW1Ranked() {
    Campaigns.ensure(campaigns, VETO_YEAR);
    jdbc.sql("""
            insert into inspection (number, campaign_year, unit_code, inspection_type, status, score_pct, started_by, started_at, conducted_at)
            values (?, ?, 'br-w1', 'CENTRALIZED', 'DONE', 90, 'inspector', ?, ?)""")
        .params("JC-" + VETO_YEAR + "-900001", VETO_YEAR, LocalDate.of(VETO_YEAR, 12, 1).atTime(10, 0),
            LocalDate.of(VETO_YEAR, 12, 1).atTime(11, 0)).update();
    scoring.run(VETO_YEAR, "br-office");
    assertThat(jdbc.sql("select rank_in_type from unit_score where campaign_year = ? and unit_code = 'br-w1'").param(VETO_YEAR)
        .query(Integer.class).single()).isNotNull();
    return jdbc.sql("select max(id) from scoring_run where campaign_year = ?").param(VETO_YEAR).query(Long.class).single();
  }

  private Task rulingTask(String instance, String voter) {
    List<Task> found = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(VetoRulingIds.Tasks.RULE_ON_VETO)
        .taskAssignee(voter).list();
    assertThat(found).as("the ruling task of " + voter).hasSize(1);
    return found.get(0);
  }

  /**
   * Issue 17, from Modeler: a ComplaintHandling with a typo in a delegate expression and
   * Task_VerifyComplaint renamed is refused with both reasons in Chinese and changes nothing; the
   * diagram alone with one label changed is taken, and a new complaint's triage form opens in Tasklist.
   */
  @Test
  @Order(7)
  void anAdministratorDeploysTheComplaintDiagramAloneFromModelerAndABrokenOneIsRefused() throws Exception {
    String shipped = Files.readString(Path.of("bpmn", "complaint-handling.bpmn"));
    String before = latestComplaintHandling();
    HttpResponse<String> refused = deployAsModeler("complaint-handling", "complaint-handling.bpmn",
        shipped.replace("${registerComplaintDelegate}", "${registerComplaintDelegat}").replace("Task_VerifyComplaint", "Task_CheckComplaint"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("部署被拒绝", "Task_RegisterComplaint", "「registerComplaintDelegat」不存在",
        "Task_VerifyComplaint：流程 ComplaintHandling 中没有这个元素");
    assertThat(latestComplaintHandling()).isEqualTo(before);

    HttpResponse<String> deployed = deployAsModeler("complaint-handling", "complaint-handling.bpmn",
        shipped.replace("name=\"分办投诉\"", "name=\"分办投诉（新版）\""));
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
    try {
      WebClient citizen = new WebClient(port);
      HttpResponse<String> posted = citizen.send(citizen.request("/api/complaints").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"unitCode\":\"br-w2\",\"channel\":\"ONLINE\",\"content\":\"新版流程下的投诉\"}")));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
      String number = posted.body().replaceAll(".*\"number\":\"([^\"]+)\".*", "$1");
      try (Browser office = Browser.desktop(port).login("br-office", PW)) {
        Tasklist tasklist = new Tasklist(office).open();
        String triage = task(number, "Task_TriageComplaint").getId();
        tasklist.filter("办公室待办").shows(triage).task(triage);
        office.waitForText("分办投诉（新版）", "投诉 " + number, "分办结果", "受理，交督查核实");
        assertThat(office.text()).doesNotContain("No Camunda Form Definition");
        office.shot("7-01-triage-form-after-diagram-alone");
      }
    } finally {
      // The shipped diagram again (a new version with the file's content), for the tests that share the database.
      assertThat(deployAsModeler("complaint-handling", "complaint-handling.bpmn", shipped).statusCode()).isEqualTo(200);
    }
  }

  private String latestComplaintHandling() {
    return repository.createProcessDefinitionQuery().processDefinitionKey("ComplaintHandling").latestVersion().singleResult().getId();
  }

  /** The administrator clicks 重新计算 on the ranking and waits on the progress page until the run is done. */
  private void recompute(Browser admin) {
    long before = jdbc.sql("select coalesce(max(id), 0) from scoring_run where campaign_year = ?").param(SCORING_YEAR)
        .query(Long.class).single();
    admin.open("/scores/" + SCORING_YEAR);
    admin.click(By.xpath("//button[normalize-space()='重新计算']"));
    admin.until(d -> jdbc.sql("select count(*) from scoring_run where campaign_year = ? and id > ?").params(SCORING_YEAR, before)
        .query(Long.class).single() > 0);
    long run = jdbc.sql("select max(id) from scoring_run where campaign_year = ?").param(SCORING_YEAR).query(Long.class).single();
    admin.waitForText("已完成（#" + run);
  }

  private <T> T score(String column, Class<T> type) {
    return jdbc.sql("select " + column + " from unit_score where campaign_year = ? and unit_code = 'br-w2'").param(SCORING_YEAR)
        .query(type).single();
  }

  /** The request Camunda Modeler sends when it deploys a diagram: multipart, HTTP basic as an administrator. */
  private HttpResponse<String> deployAsModeler(String dmn) {
    return deployAsModeler("star-rating", "star-rating.dmn", dmn);
  }

  private HttpResponse<String> deployAsModeler(String deploymentName, String file, String content) {
    String boundary = "----modeler" + System.nanoTime();
    StringBuilder body = new StringBuilder();
    Map<String, String> fields = Map.of("deployment-name", deploymentName, "deploy-changed-only", "true",
        "deployment-source", "Camunda Modeler");
    fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
        .append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
    body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(file).append("\"; filename=\"")
        .append(file).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n").append(content).append("\r\n--")
        .append(boundary).append("--\r\n");
    WebClient modeler = new WebClient(port).basic("admin", ADMIN_PW);
    return modeler.send(modeler.request("/engine-rest/deployment/create")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
  }

  /**
   * Issue 17, part 7: a complaint waits for triage on the version it started on; the administrator
   * uploads a changed diagram on /admin/diagrams (the files of the running version, with the
   * verification task renamed, as downloaded from there and edited in Modeler), checks the migration,
   * runs it and watches its progress; the office then triages in Tasklist and the case goes on under
   * the new version: its next task carries the new name.
   */
  @Test
  @Order(20)
  void anAdministratorMigratesARunningComplaintAndItGoesOnUnderTheNewVersion(@TempDir Path folder) throws IOException {
    String number = complaints.submit(new ComplaintService.Submission("br-w1", "HOTLINE", "迁移测试：窗口午间无人值守", null, null,
        "br-migrate-1")).number();
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(number).singleResult().getId();
    ProcessDefinition running = repository.getProcessDefinition(
        runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult().getProcessDefinitionId());
    List<String> files = new ArrayList<>();
    for (Resource resource : repository.getDeploymentResources(running.getDeploymentId())) {
      byte[] bytes;
      try (InputStream in = repository.getResourceAsStream(running.getDeploymentId(), resource.getName())) {
        bytes = in.readAllBytes();
      }
      if (resource.getName().equals(running.getResourceName())) {
        String xml = new String(bytes, StandardCharsets.UTF_8);
        assertThat(xml).contains("id=\"Task_VerifyComplaint\" name=\"核实投诉\"");
        bytes = xml.replace("id=\"Task_VerifyComplaint\" name=\"核实投诉\"", "id=\"Task_VerifyComplaint\" name=\"核实投诉（新版）\"")
            .getBytes(StandardCharsets.UTF_8);
      }
      Path file = folder.resolve(resource.getName().substring(resource.getName().lastIndexOf('/') + 1));
      Files.write(file, bytes);
      files.add(file.toAbsolutePath().toString());
    }
    try {
      int to;
      try (Browser admin = Browser.desktop(port).login("admin", ADMIN_PW)) {
        admin.open("/admin");
        admin.click(By.xpath("//a[contains(@href,'/admin/diagrams')]"));
        admin.waitForText("流程与决策版本", "ComplaintHandling");
        admin.visible(By.id("diagram-files")).sendKeys(String.join("\n", files));
        admin.click(By.xpath("//button[normalize-space()='上传并部署']"));
        admin.waitForText("已部署", "ComplaintHandling 版本");
        admin.shot("20-01-uploaded");
        to = repository.createProcessDefinitionQuery().processDefinitionKey("ComplaintHandling").latestVersion().singleResult().getVersion();
        assertThat(to).isGreaterThan(running.getVersion());

        admin.click(By.xpath("//a[contains(@href,'/admin/diagrams/processes/ComplaintHandling')]"));
        admin.waitForText("管理页上传");
        admin.click(By.xpath("//tr[@data-version='" + running.getVersion() + "']//a[contains(.,'迁移实例到版本 " + to + "')]"));
        String check = admin.waitForText("迁移检查", "可以迁移", "Task_TriageComplaint", number);
        assertThat(check).doesNotContain("无对应活动");
        admin.shot("20-02-migration-checked");
        admin.click(By.xpath("//button[starts-with(normalize-space(),'迁移 ') and contains(.,'到版本 " + to + "')]"));
        admin.until(ExpectedConditions.alertIsPresent()).accept();
        admin.waitForText("迁移进度");
        admin.shot("20-03-migration-running");
        String batchId = admin.url().substring(admin.url().lastIndexOf('/') + 1);
        runBatch(batchId);
        // once done, the page loads anew with the instances per version: the migrated ones are on the new version
        admin.visible(By.xpath("//table//tr[td[1][normalize-space()='" + to + "']]"));
        admin.waitForText("已完成");
        admin.shot("20-04-migration-done");
      }
      ProcessDefinition now = repository.getProcessDefinition(
          runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult().getProcessDefinitionId());
      assertThat(now.getVersion()).isEqualTo(to);

      try (Browser office = Browser.desktop(port).login("br-office", PW)) {
        Tasklist tasklist = new Tasklist(office).open();
        String triage = task(number, "Task_TriageComplaint").getId();
        tasklist.filter("办公室待办").shows(triage).task(triage);
        office.waitForText("分办投诉", "投诉 " + number, "分办结果");
        tasklist.claim().choose("受理，交督查核实");
        office.shot("20-05-triage-after-migration");
        tasklist.complete();
      }
      Task verify = task(number, "Task_VerifyComplaint");
      assertThat(verify.getName()).isEqualTo("核实投诉（新版）");
      assertThat(verify.getProcessDefinitionId()).isEqualTo(now.getId());
      try (Browser inspector = Browser.desktop(port).login("br-inspector", PW)) {
        Tasklist tasklist = new Tasklist(inspector).open();
        tasklist.filter("待核实投诉").shows(verify.getId()).task(verify.getId());
        inspector.waitForText("核实投诉（新版）", "投诉 " + number, "核实结论");
        inspector.shot("20-06-next-task-under-new-version");
      }
    } finally {
      // The running version's files as the latest again, for the tests that share the database.
      repository.createDeployment().nameFromDeployment(running.getDeploymentId()).source("test-restore")
          .addDeploymentResources(running.getDeploymentId()).deploy();
    }
  }

  /** Runs a batch's jobs as the job executor would (the test profile has none), until the batch is done. */
  private void runBatch(String batchId) {
    for (int round = 0; round < 20; round++) {
      Batch batch = management.createBatchQuery().batchId(batchId).singleResult();
      if (batch == null) {
        return;
      }
      for (String definition : List.of(batch.getSeedJobDefinitionId(), batch.getBatchJobDefinitionId(), batch.getMonitorJobDefinitionId())) {
        for (Job job : management.createJobQuery().jobDefinitionId(definition).list()) {
          management.executeJob(job.getId());
        }
      }
    }
    throw new AssertionError("batch " + batchId + " did not finish");
  }

  private Task task(String businessKey, String key) {
    List<Task> found = tasks.createTaskQuery().processInstanceBusinessKey(businessKey).taskDefinitionKey(key).list();
    assertThat(found).as(key + " of " + businessKey).hasSize(1);
    return found.get(0);
  }

  static Path png(Path folder) throws IOException {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x3c78b5));
    g.fillRect(0, 0, 64, 48);
    g.setColor(Color.WHITE);
    g.fillOval(16, 8, 32, 32);
    g.dispose();
    Path file = folder.resolve("window-after.png");
    ImageIO.write(image, "png", file.toFile());
    return file;
  }
}
