package org.servicestar.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.servicestar.campaign.CompetitionCampaignIds.Tasks;
import org.servicestar.campaign.CompetitionCampaignIds.Vars;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A campaign on the running app: the office starts it from its page, units submit plans through the
 * real engine and listeners, the office returns one and moves the phase on; suspend and resume.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignAppTest {

  private static final int YEAR = 2045;
  private static final String PASSWORD = "campaign-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  CampaignService campaigns;
  @Autowired
  CampaignProcess process;
  @Autowired
  CampaignPlans plans;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService tasks;

  private WebClient office;

  @BeforeAll
  void unitsLeadsAndOffice() {
    units.create(new UnitService.UnitDraft("cp-dept", "活动测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("cp-hall", "活动测试大厅", UnitType.HALL, "cp-dept"));
    units.create(new UnitService.UnitDraft("cp-window", "活动测试窗口", UnitType.WINDOW, "cp-hall"));
    unitGroups.createLead("cp-hall", "lead-cp-hall", "大厅负责人", PASSWORD);
    identity.ensureUser("office-cp", "办公室", "活动", PASSWORD);
    identity.ensureMembership("office-cp", Groups.OFFICE);
    office = new WebClient(port);
    office.login("office-cp", PASSWORD);
  }

  private HttpResponse<String> post(String path, Map<String, String> form) {
    Map<String, String> withToken = new HashMap<>(form);
    withToken.put("_csrf", office.csrfOf("/logout"));
    return office.postForm(path, withToken);
  }

  private Map<String, String> campaignForm(int year) {
    Map<String, String> form = new HashMap<>(Map.of("year", String.valueOf(year), "name", year + " 年度测试活动",
        "mobilisationStart", year + "-01-04", "mobilisationEnd", year + "-02-28", "competitionStart", year + "-03-01",
        "competitionEnd", year + "-11-30", "assessmentStart", year + "-12-01", "assessmentEnd", year + "-12-31",
        "publicityDays", "5"));
    form.putAll(Map.of("weightInspection", "40", "weightDaily", "40", "weightSupervision", "20",
        "quota.HALL", "1", "quota.WINDOW", "2", "unitCodes", "cp-hall, cp-window"));
    return form;
  }

  @Test
  @Order(1)
  void theOfficeStartsTheYearAndEachUnitGetsItsPlanTask() {
    HttpResponse<String> created = post("/campaigns", campaignForm(YEAR));
    assertThat(created.statusCode()).isEqualTo(302);
    assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/campaigns/" + YEAR);

    Campaign campaign = campaigns.ofYear(YEAR).orElseThrow();
    assertThat(campaign.phase()).isEqualTo(CampaignPhase.MOBILISATION);
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey("campaign-" + YEAR).singleResult();
    assertThat(instance.getId()).isEqualTo(campaign.processInstanceId());
    assertThat(plans.participants(YEAR)).containsExactly("cp-hall", "cp-window");
    assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(Tasks.SUBMIT_PLAN)
        .taskCandidateGroup("unit-cp-hall").count()).isEqualTo(1);

    HttpResponse<String> page = office.get("/campaigns/" + YEAR);
    assertThat(page.body()).contains("动员部署", "活动测试大厅", "未提交", "提前结束本阶段");
  }

  @Test
  @Order(2)
  void aSecondCampaignForTheYearIsRefusedAndNothingIsStored() {
    long before = runtime.createProcessInstanceQuery().processDefinitionKey(CompetitionCampaignIds.PROCESS).count();
    HttpResponse<String> again = post("/campaigns", campaignForm(YEAR));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("年的竞赛活动已经存在，每年只能有一个");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CompetitionCampaignIds.PROCESS).count()).isEqualTo(before);

    Map<String, String> bad = campaignForm(YEAR + 1);
    bad.put("competitionStart", YEAR + 1 + "-01-01");
    bad.put("unitCodes", "cp-hall, no-such-unit");
    HttpResponse<String> refused = post("/campaigns", bad);
    assertThat(refused.body()).contains("各阶段日期须依次排列", "没有编码为 no-such-unit 的单位");
    assertThat(campaigns.ofYear(YEAR + 1)).isEmpty();
  }

  @Test
  @Order(3)
  void plansAreSubmittedReturnedWithAReasonAndApproved() {
    Task submit = unitTask(Tasks.SUBMIT_PLAN, "cp-hall");
    assertThatThrownBy(() -> tasks.complete(submit.getId(), Map.of(Vars.SELF_INSPECTION, "设施齐全")))
        .hasMessageContaining("请填写好的做法");
    tasks.complete(submit.getId(), Map.of(Vars.SELF_INSPECTION, "设施齐全", Vars.GOOD_PRACTICE, "延时服务",
        Vars.PROBLEMS, "高峰排队", Vars.PLAN_TEXT, "增设潮汐窗口"));
    assertThat(plan("cp-hall").status()).isEqualTo("SUBMITTED");

    Task review = unitTask(Tasks.REVIEW_PLAN, "cp-hall");
    assertThat(tasks.getVariable(review.getId(), Vars.PLAN_TEXT)).isEqualTo("增设潮汐窗口");
    assertThatThrownBy(() -> tasks.complete(review.getId(), Map.of(Vars.PLAN_APPROVED, "false")))
        .hasMessageContaining("退回时请填写审核意见");
    tasks.complete(review.getId(), Map.of(Vars.PLAN_APPROVED, "false", Vars.REVIEW_COMMENT, "请写明完成时限"));
    assertThat(plan("cp-hall").status()).isEqualTo("RETURNED");
    assertThat(plan("cp-hall").returnCount()).isEqualTo(1);

    Task again = unitTask(Tasks.SUBMIT_PLAN, "cp-hall");
    assertThat(tasks.getVariable(again.getId(), Vars.REVIEW_COMMENT)).isEqualTo("请写明完成时限");
    tasks.complete(again.getId(), Map.of(Vars.SELF_INSPECTION, "设施齐全", Vars.GOOD_PRACTICE, "延时服务",
        Vars.PROBLEMS, "高峰排队", Vars.PLAN_TEXT, "增设潮汐窗口，6 月底前完成"));
    tasks.complete(unitTask(Tasks.REVIEW_PLAN, "cp-hall").getId(), Map.of(Vars.PLAN_APPROVED, "true"));
    assertThat(plan("cp-hall").status()).isEqualTo("APPROVED");
  }

  @Test
  @Order(4)
  void suspendedNothingMovesResumedEverythingIsThere() {
    assertThat(post("/campaigns/" + YEAR + "/suspend", Map.of()).statusCode()).isEqualTo(302);
    assertThat(campaigns.ofYear(YEAR).orElseThrow().suspended()).isTrue();
    Task open = unitTask(Tasks.SUBMIT_PLAN, "cp-window");
    assertThat(open.isSuspended()).isTrue();
    assertThat(office.get("/campaigns/" + YEAR).body()).contains("已暂停", "恢复活动");

    post("/campaigns/" + YEAR + "/resume", Map.of());
    assertThat(campaigns.ofYear(YEAR).orElseThrow().suspended()).isFalse();
    assertThat(unitTask(Tasks.SUBMIT_PLAN, "cp-window").isSuspended()).isFalse();
  }

  @Test
  @Order(5)
  void movedOnEarlyTheUnitWithoutAnApprovedPlanIsFlaggedAndStaysIn() {
    HttpResponse<String> noReason = post("/campaigns/" + YEAR + "/advance", Map.of("reason", "  "));
    assertThat(noReason.statusCode()).as("an early phase change needs a reason").isEqualTo(400);
    assertThat(noReason.body()).contains("请填写提前结束本阶段的理由（reason）");
    assertThat(campaigns.ofYear(YEAR).orElseThrow().phase()).isEqualTo(CampaignPhase.MOBILISATION);

    assertThat(post("/campaigns/" + YEAR + "/advance", Map.of("reason", "各单位方案均已报送，按领导小组要求提前转段")).statusCode())
        .isEqualTo(302);
    assertThat(campaigns.ofYear(YEAR).orElseThrow().phase()).isEqualTo(CampaignPhase.COMPETITION);
    assertThat(office.get("/campaigns/" + YEAR).body()).as("the reason is in the activity log")
        .contains("提前结束动员部署阶段。理由：各单位方案均已报送，按领导小组要求提前转段");
    assertThat(plan("cp-window").flaggedMissing()).isTrue();
    assertThat(plan("cp-hall").flaggedMissing()).isFalse();
    List<Task> commitments = tasks.createTaskQuery().processInstanceBusinessKey("campaign-" + YEAR)
        .taskDefinitionKey(Tasks.PUBLISH_COMMITMENTS).list();
    assertThat(commitments).hasSize(2);
    assertThat(office.get("/campaigns/" + YEAR).body()).contains("未按期通过", "个单位在动员部署阶段结束时实施方案未通过");
    assertThat(office.get("/campaigns").body()).as("the office's overview flags it too").contains("1 个单位");
  }

  @Test
  @Order(6)
  void movedOnEarlyFromTheCompetitionTheUnitWithoutCommitmentsIsFlaggedAndItsTaskClosedAndRecorded() {
    List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey("campaign-" + YEAR)
        .taskDefinitionKey(Tasks.PUBLISH_COMMITMENTS).list();
    assertThat(open).as("runs after the mobilisation was moved on").hasSize(2);
    Map<String, Object> texts = new HashMap<>();
    for (org.servicestar.commitment.CommitmentKind kind : org.servicestar.commitment.CommitmentKind.values()) {
      texts.put(kind.variable(), "承诺：" + kind.label());
    }
    tasks.complete(unitTask(Tasks.PUBLISH_COMMITMENTS, "cp-hall").getId(), texts);

    assertThat(post("/campaigns/" + YEAR + "/advance", Map.of("reason", "考核评比提前开始")).statusCode()).isEqualTo(302);
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey("campaign-" + YEAR).taskDefinitionKey(Tasks.PUBLISH_COMMITMENTS).count())
        .as("the open commitments task is closed").isZero();
    assertThat(plan("cp-window").flaggedCommitmentsMissing()).isTrue();
    assertThat(plan("cp-hall").flaggedCommitmentsMissing()).isFalse();
    String page = office.get("/campaigns/" + YEAR).body();
    assertThat(page).contains("id=\"commitments-missing\"", "<span>1</span> 个单位在全面争创阶段结束时未公开服务承诺", "未公开承诺",
        "cp-window 全面争创阶段结束时未公开服务承诺（三亮）");
    assertThat(office.get("/dashboard?year=" + YEAR).body()).contains("未按期公开服务承诺（已标记）")
        .containsPattern("id=\"commitments-missing\"[^>]*>1<");
  }

  @Test
  @Order(7)
  void aUnitLeadCannotRunCampaigns() {
    WebClient lead = new WebClient(port);
    lead.login("lead-cp-hall", PASSWORD);
    Map<String, String> form = new HashMap<>(Map.of("_csrf", lead.csrfOf("/logout")));
    assertThat(lead.postForm("/campaigns/" + YEAR + "/suspend", form).statusCode()).isEqualTo(403);
    assertThat(campaigns.ofYear(YEAR).orElseThrow().suspended()).isFalse();
  }

  private CampaignPlan plan(String unitCode) {
    return plans.ofYear(YEAR).stream().filter(p -> p.unitCode().equals(unitCode)).findFirst().orElseThrow();
  }

  private Task unitTask(String key, String unitCode) {
    return tasks.createTaskQuery().processInstanceBusinessKey("campaign-" + YEAR).taskDefinitionKey(key).list().stream()
        .filter(t -> unitCode.equals(tasks.getVariable(t.getId(), Vars.UNIT_CODE))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " for " + unitCode));
  }
}
