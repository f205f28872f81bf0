package org.servicestar.award;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.servicestar.award.AwardApprovalIds.Events;
import org.servicestar.award.AwardApprovalIds.Tasks;
import org.servicestar.campaign.CampaignService;
import org.servicestar.engine.FormRows;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A year's award approval on the running app with the real process, listeners and tables: the
 * nominee lists from a small ranking (a vetoed unit, a tie at the cut-off, an empty category), the
 * office changing the list, a clear majority, a split vote, a member who never votes, an objection
 * upheld and one rejected, and publication. The voters are whoever is in the leading group at the
 * moment (other tests add members too), so the votes are cast for each of them.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwardApprovalAppTest {

  private static final int YEAR = 2070;
  private static final String PASSWORD = "award-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;
  @Autowired
  CampaignService campaigns;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  VetoRecords vetoes;
  @Autowired
  Awards awards;
  @Autowired
  AwardProcess awardProcess;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService tasks;
  @Autowired
  ManagementService management;

  private ProcessInstance instance;

  @BeforeAll
  void aScoredYear() {
    units.create(new UnitService.UnitDraft("aw-dept", "评优测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("aw-hall1", "评优一厅", UnitType.HALL, "aw-dept"));
    units.create(new UnitService.UnitDraft("aw-hall2", "评优二厅", UnitType.HALL, "aw-dept"));
    units.create(new UnitService.UnitDraft("aw-sec1", "评优科室", UnitType.SECTION, "aw-hall1"));
    for (int i = 1; i <= 3; i++) {
      units.create(new UnitService.UnitDraft("aw-win" + i, "评优窗口" + i, UnitType.WINDOW, "aw-hall1"));
    }
    staff.create(new StaffService.StaffDraft("aw-win1", "张标兵", "AW001", true, null));
    staff.create(new StaffService.StaffDraft("aw-win2", "李能手", "AW002", false, null));
    staff.create(new StaffService.StaffDraft("aw-win3", "王否决", "AW003", true, null));
    campaigns.create(new CampaignService.CampaignDraft(YEAR, YEAR + " 年度评优测试", LocalDate.of(YEAR, 1, 4), LocalDate.of(YEAR, 2, 28),
        LocalDate.of(YEAR, 3, 1), LocalDate.of(YEAR, 11, 30), LocalDate.of(YEAR, 12, 1), LocalDate.of(YEAR, 12, 31), 5,
        BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20),
        Map.of("HALL", 1, "SECTION", 0, "WINDOW", 1, "STAFF", 2, "COLLECTIVE", 1, "MODEL", 1), List.of("aw-hall1", "aw-hall2",
            "aw-sec1", "aw-win1", "aw-win2", "aw-win3")));
    long run = jdbc.sql("insert into scoring_run (campaign_year, status, units_total, units_done, started_by, started_at, finished_at)"
        + " values (?, 'DONE', 6, 6, 'test', ?, ?)").params(YEAR, LocalDateTime.now(), LocalDateTime.now())
        .update(new org.springframework.jdbc.support.GeneratedKeyHolder(), "id") == 1
        ? jdbc.sql("select max(id) from scoring_run where campaign_year = ?").param(YEAR).query(Long.class).single() : 0;
    unitScore(run, "aw-hall1", "HALL", "96.00", 5, false);
    unitScore(run, "aw-hall2", "HALL", "88.50", 3, false);
    unitScore(run, "aw-sec1", "SECTION", "91.00", 4, false);
    unitScore(run, "aw-win1", "WINDOW", "90.00", 4, false);
    unitScore(run, "aw-win2", "WINDOW", "90.00", 4, false);
    unitScore(run, "aw-win3", "WINDOW", "99.00", 5, true);
    staffScore(run, "AW001", "aw-win1", "93.00", false);
    staffScore(run, "AW002", "aw-win2", "91.00", false);
    staffScore(run, "AW003", "aw-win3", "98.00", true);
    for (int i = 1; i <= 3; i++) {
      identity.ensureUser("leader-aw" + i, "领导", "评优" + i, PASSWORD);
      identity.ensureMembership("leader-aw" + i, Groups.LEADING_GROUP);
    }
    identity.ensureUser("office-aw", "办公室", "评优", PASSWORD);
    identity.ensureMembership("office-aw", Groups.OFFICE);
  }

  private void unitScore(long run, String code, String type, String total, int stars, boolean vetoed) {
    jdbc.sql("""
            insert into unit_score (campaign_year, unit_code, run_id, unit_type, inspection_score, daily_score, supervision_score,
              deductions, total, stars, vetoed, veto_clauses, pending_vetoes, rank_in_type, computed_at)
            values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, null, ?)""")
        .params(YEAR, code, run, type, new BigDecimal(total), new BigDecimal(total), new BigDecimal(total), new BigDecimal(total), stars,
            vetoed, vetoed ? "3" : null, LocalDateTime.now())
        .update();
  }

  private void staffScore(long run, String badge, String unit, String total, boolean unitVetoed) {
    jdbc.sql("insert into staff_score (campaign_year, badge_no, unit_code, run_id, total, rank_overall, unit_vetoed, computed_at)"
            + " values (?, ?, ?, ?, ?, null, ?, ?)")
        .params(YEAR, badge, unit, run, new BigDecimal(total), unitVetoed, LocalDateTime.now()).update();
  }

  @Test
  @Order(1)
  void theNomineeListsComeFromTheRankingEligibleOnlyAtMostTheQuota() {
    instance = runtime.startProcessInstanceByKey(AwardApprovalIds.PROCESS, Map.of(AwardApprovalIds.Vars.YEAR, YEAR));
    assertThat(instance.getBusinessKey()).isEqualTo("award-" + YEAR);
    assertThat(nominated()).containsExactlyInAnyOrder(
        "HALL:aw-hall1", "STAFF:AW001", "STAFF:AW002", "COLLECTIVE:aw-hall1", "MODEL:AW001");
    // WINDOW: aw-win3 is vetoed; aw-win1 and aw-win2 tie at the cut-off of a quota of 1 → neither, shown as tied.
    assertThat((String) runtime.getVariable(instance.getId(), "tiedOut")).contains("评优窗口1", "评优窗口2", "并列第 1 名");
    // SECTION has a quota of 0: an empty category.
    assertThat(awards.nominees(YEAR).stream().filter(n -> n.category().equals("SECTION"))).isEmpty();

    assertThatThrownBy(() -> runtime.startProcessInstanceByKey(AwardApprovalIds.PROCESS, Map.of(AwardApprovalIds.Vars.YEAR, YEAR)))
        .hasMessageContaining("年的评优已经开始");
  }

  @Test
  @Order(2)
  void theOfficeChangesTheListOnlyWithAReason() {
    Task prepare = task(Tasks.PREPARE_NOMINATIONS);
    List<Map<String, Object>> rows = new ArrayList<>(FormRows.rows(tasks.getVariable(prepare.getId(), "nominees"), "x"));
    rows.stream().filter(r -> r.get("subjectName").toString().contains("AW002")).forEach(r -> r.put("include", false));
    assertThatThrownBy(() -> tasks.complete(prepare.getId(), Map.of("nominees", rows, "additions", List.of())))
        .hasMessageContaining("必须写明理由");
    assertThat(nominated()).contains("STAFF:AW002");

    List<Map<String, Object>> vetoed = List.of(Map.of("category", "WINDOW", "subject", "aw-win3", "reason", "分数最高"));
    assertThatThrownBy(() -> tasks.complete(prepare.getId(), Map.of("nominees", List.of(), "additions", vetoed)))
        .hasMessageContaining("不是有资格的候选");

    rows.stream().filter(r -> r.get("subjectName").toString().contains("AW002")).forEach(r -> r.put("reason", "本年度有群众实名投诉在查"));
    List<Map<String, Object>> additions = List.of(Map.of("category", "WINDOW", "subject", "aw-win1", "reason", "并列中群众满意率更高"));
    tasks.complete(prepare.getId(), Map.of("nominees", rows, "additions", additions));

    assertThat(nominated()).contains("WINDOW:aw-win1").doesNotContain("STAFF:AW002");
    Nominee removed = awards.nominees(YEAR).stream().filter(n -> n.subject().equals("AW002")).findFirst().orElseThrow();
    assertThat(removed.status()).isEqualTo("REMOVED");
    assertThat(removed.changeReason()).isEqualTo("本年度有群众实名投诉在查");
    assertThat(runtime.getVariable(instance.getId(), "nominees")).as("the form's list stays with its task").isNull();
  }

  @Test
  @Order(3)
  void aClearMajorityASplitVoteAndAMemberWhoNeverVotes() {
    AwardRound round = awards.round(YEAR).orElseThrow();
    List<String> voters = round.voterList();
    assertThat(voters).contains("leader-aw1", "leader-aw2", "leader-aw3");
    List<Task> ballots = tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(Tasks.APPROVE_AWARDS).list();
    assertThat(ballots).extracting(Task::getAssignee).containsExactlyInAnyOrderElementsOf(voters);
    // What each nominee's part of the ballot shows, one value per column and line of the form.
    Map<String, Object> hall = FormRows.rows(tasks.getVariable(ballots.get(0).getId(), "ballot"), "x").stream()
        .filter(r -> "优质服务大厅".equals(r.get("categoryLabel"))).findFirst().orElseThrow();
    assertThat(hall).containsEntry("subjectName", "评优一厅（aw-hall1）").containsEntry("unitName", "评优测试局")
        .containsEntry("standing", "96.00 分 · ★★★★★ · 第 1 名")
        .containsEntry("link", "/scores/" + YEAR + "/units/aw-hall1").containsEntry("note", "");

    // leader-aw3 never votes; everyone else: all approve HALL, COLLECTIVE, WINDOW; STAFF:AW001 only by as few
    // as make a split (exactly half of the members, not more); MODEL rejected by all.
    int members = voters.size();
    int staffApprovals = members / 2;
    int counted = 0;
    for (Task ballot : ballots) {
      if (ballot.getAssignee().equals("leader-aw3")) {
        continue;
      }
      boolean approveStaff = counted++ < staffApprovals;
      List<Map<String, Object>> rows = new ArrayList<>(FormRows.rows(tasks.getVariable(ballot.getId(), "ballot"), "x"));
      for (Map<String, Object> row : rows) {
        String name = row.get("subjectName").toString();
        boolean approve = name.contains("AW001") && row.get("categoryLabel").equals("优质服务标兵") ? approveStaff
            : !row.get("categoryLabel").equals("两争当标兵");
        row.put("vote", approve ? "APPROVE" : "REJECT");
      }
      if (counted == 1) {
        List<Map<String, Object>> incomplete = rows.stream().map(HashMap::new).map(r -> (Map<String, Object>) r).toList();
        incomplete.get(0).put("vote", null);
        assertThatThrownBy(() -> tasks.complete(ballot.getId(), Map.of("ballot", incomplete))).hasMessageContaining("请对");
        List<Map<String, Object>> swapped = rows.stream().map(HashMap::new).map(r -> (Map<String, Object>) r).toList();
        swapped.get(0).put("id", rows.get(1).get("id"));
        assertThatThrownBy(() -> tasks.complete(ballot.getId(), Map.of("ballot", swapped))).hasMessageContaining("提名名单已变化");
        assertThatThrownBy(() -> tasks.complete(ballot.getId(), Map.of("ballot", rows.subList(1, rows.size()))))
            .hasMessageContaining("表决单不完整");
        // A ballot opened by the version before, without the ids beside it: its form sent the read-only names back.
        runtime.removeVariableLocal(ballot.getExecutionId(), "ballotIds");
        List<Map<String, Object>> renamed = rows.stream().map(HashMap::new).map(r -> (Map<String, Object>) r).toList();
        renamed.forEach(r -> r.remove("id"));
        renamed.get(0).put("subjectName", "别的提名");
        assertThatThrownBy(() -> tasks.complete(ballot.getId(), Map.of("ballot", renamed))).hasMessageContaining("提名名单已变化");
        rows.forEach(r -> r.remove("id"));
      }
      if (counted == 2) {
        // as Tasklist's form-js sends a list back: its form fields only (vote, comment), in the order shown
        rows.forEach(r -> r.keySet().retainAll(Set.of("vote", "comment")));
        rows.get(0).put("comment", "群众评价一贯很好");
      }
      tasks.complete(ballot.getId(), Map.of("ballot", rows));
    }
    assertThat(awards.votes(YEAR)).extracting(Awards.Vote::voter).doesNotContain("leader-aw3");
    assertThat(awards.votes(YEAR)).extracting(Awards.Vote::comment).containsOnlyOnce("群众评价一贯很好");
    assertThat(runtime.getVariable(instance.getId(), "ballot")).as("each member's ballot stays with their task").isNull();

    Job closes = management.createJobQuery().processInstanceId(instance.getId()).activityId(Events.VOTE_CLOSES).singleResult();
    management.executeJob(closes.getId());

    assertThat(status("HALL", "aw-hall1")).isEqualTo("APPROVED");
    assertThat(status("WINDOW", "aw-win1")).isEqualTo("APPROVED");
    assertThat(status("STAFF", "AW001")).as("half of the members is not a majority").isEqualTo("REJECTED");
    assertThat(status("MODEL", "AW001")).isEqualTo("REJECTED");
    assertThat(awards.round(YEAR).orElseThrow().status()).isEqualTo("PUBLICITY");
    assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(Tasks.APPROVE_AWARDS).count()).isZero();
  }

  @Test
  @Order(4)
  void anObjectionUpheldWithdrawsTheNomineeAndOneRejectedGetsAReply() {
    long hall = nomineeId("HALL", "aw-hall1");
    long window = nomineeId("WINDOW", "aw-win1");
    String upheld = object(hall, "一厅窗口长期脱岗，有照片");
    String rejected = object(window, "窗口1服务一般，不应评优");
    List<Task> checks = tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(Tasks.VERIFY_OBJECTION).list();
    assertThat(checks).hasSize(2);
    Task first = checks.stream().filter(t -> upheld.equals(tasks.getVariable(t.getId(), AwardApprovalIds.Vars.OBJECTION_NUMBER)))
        .findFirst().orElseThrow();
    Task second = checks.stream().filter(t -> t != first).findFirst().orElseThrow();
    assertThat(tasks.getVariable(first.getId(), "objectionContent")).isEqualTo("一厅窗口长期脱岗，有照片");

    assertThatThrownBy(() -> tasks.complete(second.getId(), Map.of("objectionUpheld", "false", "objectionFindings", "走访核实")))
        .hasMessageContaining("异议不成立时请填写给异议人的答复");
    tasks.complete(second.getId(), Map.of("objectionUpheld", "false", "objectionFindings", "走访核实，服务规范",
        "objectionReply", "经核实，该窗口服务规范，异议不成立。感谢监督。"));
    tasks.complete(first.getId(), Map.of("objectionUpheld", "true", "objectionFindings", "调取考勤和照片，属实", "vetoClause", "6"));

    assertThat(status("HALL", "aw-hall1")).isEqualTo("WITHDRAWN");
    assertThat(status("WINDOW", "aw-win1")).isEqualTo("APPROVED");
    assertThat(vetoes.ofSource(VetoSourceType.OBJECTION, upheld)).singleElement()
        .satisfies(v -> assertThat(v.clause()).isEqualTo(6));
    assertThat(awards.objection(rejected).reply()).contains("异议不成立");
  }

  @Test
  @Order(5)
  void afterPublicityTheOfficePublishesTheFinalList() {
    Job ends = management.createJobQuery().processInstanceId(instance.getId()).activityId(Events.PUBLICITY_ENDS).singleResult();
    management.executeJob(ends.getId());
    assertThat(awards.round(YEAR).orElseThrow().status()).isEqualTo("FINALIZING");
    Task finalize = task(Tasks.FINALIZE_AWARDS);
    assertThatThrownBy(() -> tasks.complete(finalize.getId(), Map.of())).hasMessageContaining("确认公布");
    tasks.complete(finalize.getId(), Map.of("publishConfirmed", true));

    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
    assertThat(awards.nominees(YEAR, "AWARDED")).extracting(n -> n.category() + ":" + n.subject())
        .containsExactlyInAnyOrder("WINDOW:aw-win1", "COLLECTIVE:aw-hall1");
    assertThat(awards.nominees(YEAR, "AWARDED")).allSatisfy(n -> assertThat(n.certificateNo()).matches("ZS-2070-\\d{4}"));

    WebClient office = new WebClient(port);
    office.login("office-aw", PASSWORD);
    String page = office.get("/awards/" + YEAR).body();
    assertThat(page).contains("已公布", "本年度有群众实名投诉在查", "并列中群众满意率更高", "leader-aw3 未投票", "异议不成立");
    assertThat(office.get("/campaigns/" + YEAR).body()).contains("AWARD_VOTE_COUNTED", "AWARD_PUBLISHED");
  }

  // --- helpers ---

  /** An objection as the public page stores it, then its message to the process. */
  private String object(long nomineeId, String content) {
    String number = "GS-" + YEAR + "-" + String.format("%06d", (int) (Math.random() * 900000) + 1);
    jdbc.sql("insert into award_objection (number, campaign_year, nominee_id, objector_name, objector_phone, content, status, received_at)"
        + " values (?, ?, ?, '陈实名', '13800000002', ?, 'RECEIVED', ?)").params(number, YEAR, nomineeId, content, LocalDateTime.now()).update();
    awardProcess.objectionReceived(YEAR, number);
    return number;
  }

  private List<String> nominated() {
    return awards.nominees(YEAR, "NOMINATED").stream().map(n -> n.category() + ":" + n.subject()).toList();
  }

  private long nomineeId(String category, String subject) {
    return awards.nominees(YEAR).stream().filter(n -> n.category().equals(category) && n.subject().equals(subject))
        .findFirst().orElseThrow().id();
  }

  private String status(String category, String subject) {
    return awards.nominee(nomineeId(category, subject)).status();
  }

  private Task task(String key) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
  }
}
