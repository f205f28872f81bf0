package org.servicestar.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitTree;
import org.servicestar.unit.UnitType;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The robots' configuration as Spring binds it from {@code servicestar.robots.*}, the start-up checks
 * (each mistake names its property, never its value), and which robots hear of a task for a group.
 */
class RobotPropertiesTest {

  static final String WECOM_KEY = "6f1c2a77-0b0e-4d1e-9a55-3c1d2e3f4a5b";
  static final String DINGTALK_TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String DINGTALK_SECRET = "SEC" + "0123456789abcdef".repeat(4);

  private static RobotProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("servicestar.robots", RobotProperties.class);
  }

  private static Map<String, String> config(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put("servicestar.robots." + keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String bindError(Map<String, String> properties) {
    Throwable thrown = null;
    try {
      bind(properties);
    } catch (BindException e) {
      thrown = e;
    }
    assertThat(thrown).as("refused at start-up").isNotNull();
    Throwable root = thrown;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Test
  void nothingIsConfiguredByDefault() {
    RobotProperties none = bind(Map.of());
    assertThat(none.targets()).isEmpty();
    assertThat(new Robots(none, () -> UnitTree.of(List.of())).forGroups(List.of("competition-office", "unit-tax"))).isEmpty();
  }

  @Test
  void groupAndDepartmentRobotsBindWithTheirReferencesAndNames() {
    RobotProperties robots = bind(config(
        "groups.competition-office[0].type", "WECOM",
        "groups.competition-office[0].url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + WECOM_KEY,
        "groups.competition-office[0].name", "办公室工作群",
        "departments.tax[0].type", "dingtalk",
        "departments.tax[0].url", "https://oapi.dingtalk.com/robot/send?access_token=" + DINGTALK_TOKEN,
        "departments.tax[0].secret", DINGTALK_SECRET,
        "connect-timeout", "PT2S"));

    assertThat(robots.targets()).containsOnlyKeys("group:competition-office/0", "department:tax/0");
    RobotTarget office = robots.targets().get("group:competition-office/0");
    assertThat(office.channel()).isEqualTo(Channel.WECOM);
    assertThat(office.name()).isEqualTo("办公室工作群");
    assertThat(office.secret()).isNull();
    RobotTarget tax = robots.targets().get("department:tax/0");
    assertThat(tax.channel()).isEqualTo(Channel.DINGTALK);
    assertThat(tax.name()).as("no name: its reference").isEqualTo("department:tax/0");
    assertThat(tax.secret()).isEqualTo(DINGTALK_SECRET);
    assertThat(robots.connectTimeout()).hasSeconds(2);
    assertThat(robots.readTimeout()).hasSeconds(10);
    assertThat(tax.toString() + office + robots.departments()).doesNotContain(DINGTALK_TOKEN, DINGTALK_SECRET, WECOM_KEY);
  }

  @Test
  void eachMistakeStopsTheStartNamingThePropertyButNeverItsValue() {
    String error = bindError(config(
        "groups.competition-office[0].type", "WEIXIN",
        "groups.competition-office[0].url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + WECOM_KEY,
        "groups.inspectors[0].type", "DINGTALK",
        "groups.inspectors[0].url", "https://oapi.dingtalk.com/robot/send?access_token=" + DINGTALK_TOKEN,
        "groups.inspectors[0].secret", DINGTALK_SECRET.substring(0, 20),
        "groups.leading-group[0].type", "WECOM",
        "groups.leading-group[0].url", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + WECOM_KEY,
        "groups.competiton-office[0].type", "WECOM",
        "groups.competiton-office[0].url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + WECOM_KEY,
        "departments.tax[0].type", "WECOM",
        "departments.tax[0].url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send",
        "departments.tax[1].type", "WECOM",
        "departments.tax[1].url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + WECOM_KEY,
        "departments.tax[1].secret", DINGTALK_SECRET));

    assertThat(error).contains(
        "servicestar.robots.groups.competition-office[0].type: unknown robot type 'WEIXIN'; use WECOM (企业微信) or DINGTALK (钉钉)",
        "servicestar.robots.groups.inspectors[0].secret: not a 钉钉 signing secret",
        "servicestar.robots.groups.leading-group[0].url: must be an https:// URL",
        "servicestar.robots.groups.competiton-office: no such group",
        "servicestar.robots.departments.tax[0].url: has no key= parameter",
        "servicestar.robots.departments.tax[1].secret: 企业微信 robots are not signed");
    assertThat(error).doesNotContain(WECOM_KEY, DINGTALK_TOKEN, DINGTALK_SECRET.substring(0, 20));
  }

  @Test
  void plainHttpOnlyToThisMachine() {
    assertThat(bind(config("groups.inspectors[0].type", "WECOM",
        "groups.inspectors[0].url", "http://localhost:8089/cgi-bin/webhook/send?key=k")).targets()).hasSize(1);
    assertThat(bindError(config("groups.inspectors[0].type", "WECOM",
        "groups.inspectors[0].url", "http://10.0.0.5/cgi-bin/webhook/send?key=k"))).contains("groups.inspectors[0].url: must be an https:// URL");
  }

  // ---- routing ----

  private static final Unit TAX = new Unit(1, "tax", "市税务局", UnitType.DEPARTMENT, null, null, true, 0);
  private static final Unit TAX_HALL = new Unit(2, "tax-hall", "办税服务厅", UnitType.HALL, 1L, "tax", true, 0);
  private static final Unit TAX_W01 = new Unit(3, "tax-w01", "一号窗口", UnitType.WINDOW, 2L, "tax-hall", true, 0);
  private static final Unit HALL_WINDOW = new Unit(4, "tax-w02", "二号窗口", UnitType.WINDOW, 2L, "tax-hall", true, 0);
  private static final Unit POLICE = new Unit(5, "police", "公安局", UnitType.DEPARTMENT, null, null, true, 0);
  private static final Unit POLICE_W = new Unit(6, "police-w01", "户籍窗口", UnitType.WINDOW, 5L, "police", true, 0);

  private static Robots routed() {
    RobotProperties properties = bind(config(
        "groups.competition-office[0].type", "WECOM",
        "groups.competition-office[0].url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=office",
        "groups.competition-office[1].type", "DINGTALK",
        "groups.competition-office[1].url", "https://oapi.dingtalk.com/robot/send?access_token=office",
        "groups.leading-group[0].type", "WECOM",
        "groups.leading-group[0].url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=leaders",
        "departments.tax[0].type", "WECOM",
        "departments.tax[0].url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=tax",
        "departments.tax-hall[0].type", "DINGTALK",
        "departments.tax-hall[0].url", "https://oapi.dingtalk.com/robot/send?access_token=hall"));
    return new Robots(properties, () -> UnitTree.of(List.of(TAX, TAX_HALL, TAX_W01, HALL_WINDOW, POLICE, POLICE_W)));
  }

  private static List<String> refs(List<RobotTarget> targets) {
    return targets.stream().map(RobotTarget::ref).toList();
  }

  @Test
  void aGroupsTaskGoesToThatGroupsRobots() {
    Robots robots = routed();
    assertThat(refs(robots.forGroup("competition-office"))).containsExactly("group:competition-office/0", "group:competition-office/1");
    assertThat(refs(robots.forGroup("leading-group"))).containsExactly("group:leading-group/0");
    assertThat(robots.forGroup("inspectors")).as("no robot configured").isEmpty();
  }

  @Test
  void aUnitLeadsTaskGoesToTheNearestUnitAboveWithRobots() {
    Robots robots = routed();
    assertThat(refs(robots.forGroup("unit-tax-w01"))).as("a window: its hall's robot, the nearest").containsExactly("department:tax-hall/0");
    assertThat(refs(robots.forGroup("unit-tax-hall"))).as("the hall itself").containsExactly("department:tax-hall/0");
    assertThat(refs(robots.forGroup("unit-tax"))).containsExactly("department:tax/0");
    assertThat(robots.forGroup("unit-police-w01")).as("a department without robots").isEmpty();
    assertThat(robots.forGroup("unit-nowhere")).as("an unknown unit").isEmpty();
  }

  @Test
  void severalCandidateGroupsHearOnceEach() {
    assertThat(refs(routed().forGroups(List.of("unit-tax-w01", "competition-office", "unit-tax-w02", "inspectors"))))
        .containsExactly("department:tax-hall/0", "group:competition-office/0", "group:competition-office/1");
  }

  @Test
  void aRobotRemovedFromTheConfigurationIsNamedAsSuch() {
    Robots robots = routed();
    assertThat(robots.describe("group:leading-group/0")).isEqualTo("group:leading-group/0");
    robots.configure(RobotProperties.none());
    assertThat(robots.byRef("group:leading-group/0")).isEmpty();
    assertThat(robots.describe("group:leading-group/0")).isEqualTo("group:leading-group/0（已不在配置中）");
  }
}
