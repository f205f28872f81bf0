package org.servicestar.contest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.CampaignService;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.Campaigns;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The contests' pages per role, optimistic locking, the import and the scoring's read API on the running app. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContestAppTest {

  private static final int YEAR = 2092;
  private static final String PASSWORD = "contest-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;
  @Autowired
  CampaignService campaigns;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  ContestService contests;
  @Autowired
  ContestImport imports;
  @Autowired
  ContestResults contestResults;
  @Autowired
  AuditTrail audit;

  @BeforeAll
  void unitsStaffAndPeople() {
    units.create(new UnitService.UnitDraft("ct-dept", "比武测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("ct-hall", "比武测试大厅", UnitType.HALL, "ct-dept"));
    units.create(new UnitService.UnitDraft("ct-w1", "比武一号窗口", UnitType.WINDOW, "ct-hall"));
    units.create(new UnitService.UnitDraft("ct-other", "比武其他大厅", UnitType.HALL, "ct-dept"));
    staff.create(new StaffService.StaffDraft("ct-w1", "比武王", "CT-1001", true, "窗口"));
    staff.create(new StaffService.StaffDraft("ct-w1", "比武李", "CT-1002", false, "窗口"));
    staff.create(new StaffService.StaffDraft("ct-other", "比武赵", "CT-2001", false, "窗口"));
    Campaigns.ensure(campaigns, YEAR);
    unitGroups.createLead("ct-w1", "lead-ct-w1", "一号窗口负责人", PASSWORD);
    unitGroups.createLead("ct-other", "lead-ct-other", "其他大厅负责人", PASSWORD);
    identity.ensureUser("office-ct", "办公室", "比武", PASSWORD);
    identity.ensureMembership("office-ct", Groups.OFFICE);
    identity.ensureUser("leader-ct", "领导", "比武", PASSWORD);
    identity.ensureMembership("leader-ct", Groups.LEADING_GROUP);
  }

  private WebClient as(String user) {
    WebClient client = new WebClient(port);
    client.login(user, PASSWORD);
    return client;
  }

  private static HttpResponse<String> post(WebClient client, String path, Map<String, String> form) {
    Map<String, String> withToken = new HashMap<>(form);
    withToken.put("_csrf", client.csrfOf("/logout"));
    return client.postForm(path, withToken);
  }

  /** Posts and opens the page it redirects to, as a browser does (which also takes the flash message). */
  private static String postAndFollow(WebClient client, String path, Map<String, String> form) {
    HttpResponse<String> response = post(client, path, form);
    assertThat(response.statusCode()).as(path).isEqualTo(302);
    String location = response.headers().firstValue("Location").orElseThrow();
    return client.get(location.replaceFirst("^https?://[^/]+", "")).body();
  }

  private long create(WebClient office, String name) {
    HttpResponse<String> created = post(office, "/contests",
        Map.of("campaignYear", "" + YEAR, "name", name, "kind", "SKILL", "heldOn", YEAR + "-05-20"));
    assertThat(created.statusCode()).isEqualTo(302);
    String location = created.headers().firstValue("Location").orElseThrow();
    return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
  }

  private String version(long id) {
    return "" + contests.require(id).version();
  }

  private static Map<String, String> result(String version, String unit, String badge, String rank, String points) {
    return Map.of("version", version, "unitCode", unit, "staffBadge", badge, "rank", rank, "points", points, "remark", "");
  }

  @Test
  void theOfficeRecordsResultsAndEachRoleSeesItsShare() {
    WebClient office = as("office-ct");
    HttpResponse<String> refused = post(office, "/contests",
        Map.of("campaignYear", "" + YEAR, "name", "跨年比武", "kind", "SKILL", "heldOn", (YEAR + 1) + "-01-02"));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("比赛日期须在 " + YEAR + " 年内");

    long id = create(office, "<b>窗口业务技能大比武</b>");
    office.get("/contests/" + id);
    String v0 = version(id);
    assertThat(postAndFollow(office, "/contests/" + id + "/results", result(v0, "", "CT-1001", "1", "96.5"))).contains("已添加成绩");
    postAndFollow(office, "/contests/" + id + "/results", result(version(id), "ct-other", "", "2", ""));
    postAndFollow(office, "/contests/" + id + "/results", result(version(id), "ct-hall", "CT-1002", "", "80"));

    assertThat(postAndFollow(office, "/contests/" + id + "/results", result(v0, "ct-w1", "", "3", "")))
        .contains("已被他人修改，请刷新页面后重试");
    assertThat(contests.results(id)).hasSize(3);

    assertThat(postAndFollow(office, "/contests/" + id + "/results", result(version(id), "ct-hall", "CT-1001", "4", "")))
        .contains("工号 CT-1001 已在本次比赛中有成绩");

    long hallRow = contests.results(id).stream().filter(r -> "CT-1002".equals(r.staffBadge())).findFirst().orElseThrow().id();
    assertThat(postAndFollow(office, "/contests/" + id + "/results/" + hallRow, result(version(id), "ct-hall", "CT-1002", "3", "81.25")))
        .contains("已修改成绩");
    long otherRow = contests.results(id).stream().filter(r -> "ct-other".equals(r.unitCode())).findFirst().orElseThrow().id();

    HttpResponse<String> page = office.get("/contests/" + id);
    assertThat(page.body()).contains("&lt;b&gt;窗口业务技能大比武&lt;/b&gt;", "比武王", "CT-1001", "96.5", "81.25", "比武其他大厅", "添加成绩");

    assertThat(contestResults.ofYear(YEAR)).filteredOn(r -> r.contestId() == id)
        .extracting(ContestResult::unitCode, ContestResult::staffBadge, ContestResult::rank)
        .containsExactlyInAnyOrder(
            tuple("ct-w1", "CT-1001", 1),
            tuple("ct-other", null, 2),
            tuple("ct-hall", "CT-1002", 3));

    WebClient otherLead = as("lead-ct-other");
    HttpResponse<String> foreign = otherLead.get("/contests/" + id);
    assertThat(foreign.statusCode()).isEqualTo(200);
    assertThat(foreign.body()).contains("比武其他大厅", "只显示本单位的成绩").doesNotContain("CT-1001", "比武王", "CT-1002", "96.5", "添加成绩");
    assertThat(otherLead.get("/contests?year=" + YEAR).body()).contains("&lt;b&gt;窗口业务技能大比武");
    assertThat(post(otherLead, "/contests/" + id + "/results", result(version(id), "ct-other", "CT-2001", "5", "")).statusCode())
        .isEqualTo(403);
    assertThat(as("lead-ct-w1").get("/contests/" + id).body()).contains("CT-1001").doesNotContain("比武其他大厅", "CT-1002");

    HttpResponse<String> leader = as("leader-ct").get("/contests/" + id);
    assertThat(leader.body()).contains("CT-1001", "CT-1002", "比武其他大厅").doesNotContain("添加成绩");

    WebClient anonymous = new WebClient(port);
    assertThat(anonymous.get("/contests").statusCode()).isEqualTo(302);
    assertThat(anonymous.get("/contests/" + id).headers().firstValue("Location").orElse("")).endsWith("/login");

    assertThat(postAndFollow(office, "/contests/" + id + "/results/" + otherRow + "/remove", Map.of("version", version(id))))
        .contains("已删除成绩");
    assertThat(contests.results(id)).extracting(ResultRow::unitCode).doesNotContain("ct-other");
    assertThat(audit.of(ContestService.subject(id), 20)).extracting(AuditTrail.Entry::action)
        .contains("CONTEST_CREATED", "CONTEST_RESULT_ADDED", "CONTEST_RESULT_CHANGED", "CONTEST_RESULT_REMOVED");
    assertThat(otherLead.get("/contests?year=" + YEAR).body()).as("no result of theirs left").doesNotContain("窗口业务技能大比武");
  }

  @Test
  void anImportIsAllOrNothing() {
    long id = contests.create(new ContestService.ContestDraft("" + YEAR, "服务擂台赛", "服务擂台", YEAR + "-09-01")).id();
    String bad = """
        单位编码,工号,名次,得分,备注
        ,CT-1001,1,98,
        ct-other,,2,,
        ct-other,CT-1001,,,
        ct-nowhere,,0,120,
        ,CT-1002,3,,
        """;
    ContestImport.Report refused = imports.importFile(id, contests.require(id).version(), "results.csv",
        new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)));
    assertThat(refused.ok()).isFalse();
    assertThat(refused.summary()).isEqualTo("文件未导入任何成绩");
    assertThat(refused.problems()).hasSize(2);
    assertThat(refused.problems().get(0)).startsWith("第 4 行：").contains("CT-1001", "ct-other", "请填写名次或得分");
    assertThat(refused.problems().get(1)).startsWith("第 5 行：").contains("ct-nowhere", "不小于 1", "0–100");
    assertThat(contests.results(id)).isEmpty();
    assertThat(contests.require(id).version()).as("a refused file changes nothing").isZero();

    String good = """
        unitCode,staffBadge,rank,points
        ,CT-1001,1,98
        ct-other,,2,
        ct-hall,CT-1002,,75.5
        """;
    ContestImport.Report stored = imports.importFile(id, 0, "results.csv", new ByteArrayInputStream(good.getBytes(StandardCharsets.UTF_8)));
    assertThat(stored.problems()).isEmpty();
    assertThat(stored.summary()).isEqualTo("已导入 3 条成绩");
    assertThat(contests.results(id)).hasSize(3);

    ContestImport.Report again = imports.importFile(id, contests.require(id).version(), "results.csv",
        new ByteArrayInputStream(good.getBytes(StandardCharsets.UTF_8)));
    assertThat(again.problems()).hasSize(3).allMatch(p -> p.contains("已在本次比赛中有成绩"));
    assertThat(imports.importFile(id, 0, "results.csv", new ByteArrayInputStream(good.getBytes(StandardCharsets.UTF_8))).problems())
        .singleElement().asString().contains("已被他人修改");
    assertThat(imports.importFile(id, 0, "results.txt", new ByteArrayInputStream(good.getBytes(StandardCharsets.UTF_8))).problems())
        .singleElement().asString().contains(".xlsx");
    assertThat(contests.results(id)).hasSize(3);
  }

  /** A CSV file uploaded through the contest page's import form, as the office's browser sends it. */
  private static HttpResponse<String> upload(WebClient client, long id, String version, String filename, String content) {
    String boundary = "----contest-import-" + id;
    String token = client.csrfOf("/logout");
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n" + version + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
        + "Content-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
    return client.send(client.request("/contests/" + id + "/import").header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  @Test
  void theImportPageShowsWhatWasImportedOrEveryBadRow() {
    WebClient office = as("office-ct");
    long id = create(office, "岗位练兵导入");
    String bad = """
        单位编码,工号,名次,得分,备注
        ,CT-1001,1,98,
        ct-other,CT-1001,,,
        ct-nowhere,,0,120,
        """;
    HttpResponse<String> refused = upload(office, id, version(id), "results.csv", bad);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
    assertThat(refused.body()).contains("id=\"import-result\"", "文件未导入任何成绩", "第 3 行：", "请填写名次或得分", "第 4 行：", "ct-nowhere")
        .doesNotContain("第 2 行：");
    assertThat(contests.results(id)).as("nothing stored").isEmpty();

    String good = """
        单位编码,工号,名次,得分,备注
        ,CT-1001,1,98,
        ct-other,,2,,
        """;
    HttpResponse<String> stored = upload(office, id, version(id), "results.csv", good);
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    assertThat(stored.body()).contains("已导入 2 条成绩", "比武王", "比武其他大厅").doesNotContain("文件未导入任何成绩");
    assertThat(contests.results(id)).hasSize(2);

    assertThat(upload(as("lead-ct-w1"), id, version(id), "results.csv", good).statusCode()).as("a unit lead may not import").isEqualTo(403);
    assertThat(contests.results(id)).hasSize(2);
  }
}
