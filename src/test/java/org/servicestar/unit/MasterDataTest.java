package org.servicestar.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignService;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.OptimisticLockingFailureException;

/** The unit tree, staff and campaigns, through the services and the office's pages. */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MasterDataTest {

  private static final String PASSWORD = "office-secret-1";

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;
  @Autowired
  CampaignService campaigns;
  @Autowired
  IdentityService identityService;
  @Autowired
  IdentityAdministration identity;

  @BeforeAll
  void people() {
    identity.ensureUser("office-md", "办公室", "测试", PASSWORD);
    identity.ensureMembership("office-md", Groups.OFFICE);
    identity.ensureUser("inspector-md", "督查", "测试", PASSWORD);
    identity.ensureMembership("inspector-md", Groups.INSPECTORS);
    units.create(new UnitService.UnitDraft("md-dept", "主数据测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("md-hall", "主数据测试大厅", UnitType.HALL, "md-dept"));
  }

  @Test
  void creatingAUnitCreatesItsLeadsGroup() {
    Unit window = units.create(new UnitService.UnitDraft("md-w01", " 一号窗口 ", UnitType.WINDOW, "md-hall"));
    assertThat(window.name()).isEqualTo("一号窗口");
    assertThat(window.parentCode()).isEqualTo("md-hall");
    assertThat(identityService.createGroupQuery().groupId("unit-md-w01").singleResult().getName()).contains("一号窗口");
  }

  @Test
  void theTreeRulesAreEnforcedWithReasons() {
    assertThatThrownBy(() -> units.create(new UnitService.UnitDraft("md-x1", "窗口", UnitType.WINDOW, "md-dept")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("窗口的上级不能是部门");
    assertThatThrownBy(() -> units.create(new UnitService.UnitDraft("md-x2", "部门", UnitType.DEPARTMENT, "md-dept")))
        .hasMessageContaining("不能有上级单位");
    assertThatThrownBy(() -> units.create(new UnitService.UnitDraft("md-x3", "大厅", UnitType.HALL, "nowhere")))
        .hasMessageContaining("没有编码为 nowhere 的上级单位");
    assertThatThrownBy(() -> units.create(new UnitService.UnitDraft("MD X", "", null, null)))
        .isInstanceOfSatisfying(InvalidInputException.class, e ->
            assertThat(e.fieldErrors()).containsOnlyKeys("code", "name", "type"));
    assertThatThrownBy(() -> units.create(new UnitService.UnitDraft("md-hall", "重复", UnitType.HALL, "md-dept")))
        .hasMessageContaining("已被使用");
    assertThat(units.byCode("md-x1")).isEmpty();
    assertThat(identityService.createGroupQuery().groupId("unit-md-x1").count()).isZero();
  }

  @Test
  void aUnitWithActiveChildrenCannotBeDeactivatedAndTwoEditorsDoNotOverwriteEachOther() {
    units.create(new UnitService.UnitDraft("md-sec", "科室", UnitType.SECTION, "md-hall"));
    units.create(new UnitService.UnitDraft("md-sec-w", "科室窗口", UnitType.WINDOW, "md-sec"));
    Unit section = units.require("md-sec");
    assertThatThrownBy(() -> units.setActive("md-sec", section.version(), false)).hasMessageContaining("下级单位");

    Unit window = units.require("md-sec-w");
    units.update("md-sec-w", window.version(), "科室窗口（改名）", "md-sec");
    assertThatThrownBy(() -> units.update("md-sec-w", window.version(), "另一人的改名", "md-sec"))
        .isInstanceOf(OptimisticLockingFailureException.class);
    assertThat(units.require("md-sec-w").name()).isEqualTo("科室窗口（改名）");
    assertThat(units.setActive("md-sec-w", units.require("md-sec-w").version(), false).active()).isFalse();
    assertThat(units.active()).extracting(Unit::code).doesNotContain("md-sec-w");
  }

  @Test
  void aUnitCannotMoveUnderItsOwnDescendant() {
    units.create(new UnitService.UnitDraft("md-sec2", "科室二", UnitType.SECTION, "md-hall"));
    Unit section = units.require("md-sec2");
    assertThatThrownBy(() -> units.update("md-sec2", section.version(), "科室二", "md-sec2"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void staffHaveUniqueBadgesAndBelongToAnActiveUnit() {
    staff.create(new StaffService.StaffDraft("md-hall", "李四", "MD-001", true, "受理员"));
    assertThatThrownBy(() -> staff.create(new StaffService.StaffDraft("md-hall", "王五", "MD-001", false, null)))
        .hasMessageContaining("工号 MD-001 已被使用");
    assertThatThrownBy(() -> staff.create(new StaffService.StaffDraft("nowhere", "王五", "MD-002", false, null)))
        .hasMessageContaining("没有编码为 nowhere 的单位");
    assertThat(staff.ofUnit("md-hall")).extracting(Staff::name).containsExactly("李四");
  }

  @Test
  void thereIsOneCampaignPerYear() {
    CampaignService.CampaignDraft draft = new CampaignService.CampaignDraft(2031, "2031 年度竞赛",
        LocalDate.of(2031, 1, 6), LocalDate.of(2031, 3, 31), LocalDate.of(2031, 4, 1), LocalDate.of(2031, 10, 31),
        LocalDate.of(2031, 11, 3), LocalDate.of(2031, 12, 31), 5,
        BigDecimal.valueOf(40), BigDecimal.valueOf(40), BigDecimal.valueOf(20), Map.of("WINDOW", 5), List.of());
    Campaign created = campaigns.create(draft);
    assertThat(created.code()).isEqualTo("campaign-2031");
    assertThat(campaigns.quotasOf(created.id())).containsEntry("WINDOW", 5).containsEntry("HALL", 0);
    assertThatThrownBy(() -> campaigns.create(draft)).hasMessageContaining("2031 年的竞赛活动已经存在");
    CampaignService.CampaignDraft badWeights = new CampaignService.CampaignDraft(2032, "x",
        LocalDate.of(2032, 5, 1), LocalDate.of(2032, 3, 31), LocalDate.of(2032, 4, 1), LocalDate.of(2032, 10, 31),
        LocalDate.of(2032, 11, 3), LocalDate.of(2032, 12, 31), 0,
        BigDecimal.valueOf(50), BigDecimal.valueOf(40), BigDecimal.valueOf(20), Map.of(), List.of());
    assertThatThrownBy(() -> campaigns.create(badWeights)).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(e.fieldErrors()).containsKeys("mobilisationEnd", "publicityDays", "weights"));
  }

  @Test
  void theOfficeCreatesAUnitInItsPageAndSeesEveryProblemAtOnce() {
    WebClient office = new WebClient(port);
    office.login("office-md", PASSWORD);
    String token = office.csrfOf("/units/new");
    HttpResponse<String> bad = office.postForm("/units", Map.of("code", "Bad Code", "name", "", "type", "WINDOW",
        "parentCode", "", "_csrf", token));
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(bad.body()).contains("单位编码只能包含小写字母").contains("单位名称不能为空").contains("窗口必须有上级单位");

    HttpResponse<String> good = office.postForm("/units", Map.of("code", "md-page", "name", "页面新建窗口", "type", "WINDOW",
        "parentCode", "md-hall", "_csrf", token));
    assertThat(good.headers().firstValue("Location").orElseThrow()).endsWith("/units/md-page");
    assertThat(office.get("/units/md-page").body()).contains("页面新建窗口").contains("unit-md-page");
    assertThat(office.get("/units").body()).contains("页面新建窗口");
  }

  @Test
  void inspectorsMayLookButNotChange() {
    WebClient inspector = new WebClient(port);
    inspector.login("inspector-md", PASSWORD);
    assertThat(inspector.get("/units").statusCode()).isEqualTo(200);
    assertThat(inspector.get("/units/new").statusCode()).isEqualTo(403);
    assertThat(inspector.get("/import").statusCode()).isEqualTo(403);
  }

  @Test
  void anImportWithOneBadRowStoresNothingAndNamesTheRow() {
    WebClient office = new WebClient(port);
    office.login("office-md", PASSWORD);
    String csv = "编码,名称,类型,上级编码\nmd-imp-a,导入窗口甲,窗口,md-hall\nmd-imp-b,,窗口,md-hall\n";
    HttpResponse<String> page = upload(office, "/import/units", "units.csv", csv);
    assertThat(page.body()).contains("第 3 行").contains("单位名称不能为空").contains("文件未导入任何数据");
    assertThat(units.byCode("md-imp-a")).isEmpty();
    assertThat(identityService.createGroupQuery().groupId("unit-md-imp-a").count()).isZero();

    HttpResponse<String> fixed = upload(office, "/import/units", "units.csv", csv.replace("md-imp-b,,", "md-imp-b,导入窗口乙,"));
    assertThat(fixed.body()).contains("已导入 2 个单位");
    assertThat(units.require("md-imp-b").parentCode()).isEqualTo("md-hall");
  }

  private static HttpResponse<String> upload(WebClient client, String path, String filename, String content) {
    String token = client.csrfOf("/import");
    String boundary = "----md" + UUID.randomUUID();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
        + "Content-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
    return client.send(client.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  @Test
  void thePublicUnitListHasTheContractsFields() {
    String json = new WebClient(port).getJson("/api/units").body();
    assertThat(json).contains("\"unitCode\":\"md-hall\"").contains("\"type\":\"HALL\"").contains("\"parentCode\":\"md-dept\"");
  }
}
