package org.servicestar.commitment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.CampaignService;
import org.servicestar.support.Campaigns;
import org.servicestar.support.Fixtures;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Commitments published the way Task_PublishCommitments does it (the real form and listener in a
 * one-task fixture process), then read by the public on /commitments and on the unit's rating page.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitmentsAppTest {

  private static final int YEAR = 2091;
  private static final String SCRIPT = "<script>alert('承诺')</script>";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  CampaignService campaigns;
  @Autowired
  Commitments commitments;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  RuntimeService runtimeService;
  @Autowired
  TaskService taskService;
  @Autowired
  FormService formService;
  @Autowired
  AuditTrail audit;
  @Autowired
  JdbcClient jdbc;

  private String deploymentId;

  @BeforeAll
  void unitsCampaignAndProcess() throws IOException {
    units.create(new UnitService.UnitDraft("cm-dept", "承诺测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("cm-hall", "承诺测试大厅", UnitType.HALL, "cm-dept"));
    units.create(new UnitService.UnitDraft("cm-w1", "承诺一号窗口", UnitType.WINDOW, "cm-hall"));
    units.create(new UnitService.UnitDraft("cm-w2", "承诺二号窗口", UnitType.WINDOW, "cm-hall"));
    Campaigns.ensure(campaigns, YEAR);
    try (InputStream bpmn = Files.newInputStream(Fixtures.folder("fixtures/commitment").resolve("publish-commitments-fixture.bpmn"));
         InputStream form = Files.newInputStream(Path.of("forms", "campaign-publish-commitments.form"))) {
      deploymentId = repositoryService.createDeployment().name("commitments-app-test")
          .addInputStream("publish-commitments-fixture.bpmn", bpmn)
          .addInputStream("campaign-publish-commitments.form", form)
          .deploy().getId();
    }
  }

  @AfterAll
  void removeProcess() {
    repositoryService.deleteDeployment(deploymentId, true);
  }

  private Task startFor(String unitCode) {
    String id = runtimeService.startProcessInstanceByKey("PublishCommitmentsFixture",
        Map.of("campaignYear", YEAR, "unitCode", unitCode, "unitName", "承诺一号窗口")).getId();
    return taskService.createTaskQuery().processInstanceId(id).singleResult();
  }

  private static Map<String, Object> texts(String goalImage) {
    Map<String, Object> vars = new HashMap<>();
    for (CommitmentKind kind : CommitmentKind.values()) {
      vars.put(kind.variable(), kind.label() + "：一号窗口的承诺");
    }
    vars.put(CommitmentKind.GOAL_IMAGE.variable(), goalImage);
    return vars;
  }

  @Test
  void publishedThroughTheTaskTheyAreOnThePublicPageAndTheRatingPageEscaped() {
    Task task = startFor("cm-w1");
    assertThat(formService.getTaskFormKey(task.getProcessDefinitionId(), task.getTaskDefinitionKey())).isNull();
    assertThat(new String(readAll(formService.getDeployedTaskForm(task.getId())), StandardCharsets.UTF_8))
        .contains("\"id\": \"campaign-publish-commitments\"", "{{unitName}}", "{{campaignYear}}");

    Map<String, Object> bad = texts("  ");
    bad.remove(CommitmentKind.SHOW_STANDARDS.variable());
    assertThatThrownBy(() -> taskService.complete(task.getId(), bad))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("请填写“形象提升”").hasMessageContaining("请填写“亮标准”");
    assertThat(commitments.ofUnit(YEAR, "cm-w1")).isEmpty();
    assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).as("the task stays open").isOne();

    taskService.complete(task.getId(), texts("形象：" + SCRIPT + "\n着装统一"));
    assertThat(commitments.ofUnit(YEAR, "cm-w1")).hasSize(7);

    WebClient anonymous = new WebClient(port);
    HttpResponse<String> page = anonymous.get("/commitments?year=" + YEAR);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("承诺测试局", "承诺一号窗口", "承诺测试大厅", "亮职责：一号窗口的承诺", "作风提效", YEAR + " 年")
        .contains("形象：&lt;script&gt;alert(&#39;承诺&#39;)&lt;/script&gt;")
        .doesNotContain(SCRIPT)
        .as("a unit without commitments is not listed").doesNotContain("承诺二号窗口");

    assertThat(anonymous.get("/commitments?year=" + YEAR + "&q=CM-W1").body()).contains("承诺一号窗口");
    assertThat(anonymous.get("/commitments?year=" + YEAR + "&q=" + URLEncoder.encode("二号窗口", StandardCharsets.UTF_8))
        .body()).doesNotContain("承诺一号窗口").contains("没有名称或编码包含“二号窗口”");
    assertThat(anonymous.get("/commitments").body())
        .as("the default year is the latest with commitments")
        .contains("<option value=\"" + commitments.years().get(0) + "\" selected=\"selected\"");

    HttpResponse<String> rate = anonymous.get("/rate/cm-w1");
    assertThat(rate.statusCode()).isEqualTo(200);
    assertThat(rate.body()).contains(YEAR + " 年 · 亮标准", "亮标准：一号窗口的承诺", "&lt;script&gt;")
        .doesNotContain(SCRIPT).doesNotContain("本窗口尚未公开服务承诺");
    assertThat(anonymous.get("/rate/cm-w2").body()).contains("本窗口尚未公开服务承诺");
  }

  @Test
  void publishingAgainReplacesTheTextsAndTheAuditKeepsTheOldOnes() {
    Map<CommitmentKind, String> first = new EnumMap<>(CommitmentKind.class);
    for (CommitmentKind kind : CommitmentKind.values()) {
      first.put(kind, "初版" + kind.label());
    }
    commitments.publish(YEAR, "cm-hall", first, "lead-cm-hall");
    Map<CommitmentKind, String> second = new EnumMap<>(first);
    second.put(CommitmentKind.GOAL_EFFICIENCY, "  新版效能提速：即办件当场办结  ");
    commitments.publish(YEAR, "cm-hall", second, "lead-cm-hall");

    List<Commitment> now = commitments.inForce("cm-hall");
    assertThat(now).extracting(Commitment::kind).containsExactly(CommitmentKind.values());
    assertThat(now.get(1).text()).isEqualTo("新版效能提速：即办件当场办结");
    assertThat(jdbc.sql("select count(*) from commitment where unit_code = 'cm-hall'").query(Long.class).single()).isEqualTo(7);
    assertThat(audit.of(Commitments.subject(YEAR, "cm-hall"), 20)).extracting(AuditTrail.Entry::detail)
        .contains("效能提速：替换了原承诺：初版效能提速", "效能提速：首次公开").hasSize(8);
  }

  @Test
  void aYearWithoutCampaignOrAnUnknownUnitIsRefused() {
    Map<CommitmentKind, String> texts = new EnumMap<>(CommitmentKind.class);
    for (CommitmentKind kind : CommitmentKind.values()) {
      texts.put(kind, "承诺");
    }
    assertThatThrownBy(() -> commitments.publish(2199, "cm-nowhere", texts, "x"))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.fieldErrors()).containsOnlyKeys("campaignYear", "unitCode"));
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
