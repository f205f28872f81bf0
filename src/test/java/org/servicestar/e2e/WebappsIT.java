package org.servicestar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.camunda.bpm.engine.TaskService;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.PostgresAppTest;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An administrator's day starts in Camunda's webapps: each opens in Chinese, with its Chinese name in
 * the header, without Camunda 7.24's red "migrate to Camunda 8" banner, and Admin switches to English
 * and back in the account menu. Screenshots go to target/e2e/webapps-*.png.
 */
@PostgresAppTest
class WebappsIT {

  private static final By BANNER = By.cssSelector(".ce-eol-banner");
  private static final By BRAND = By.cssSelector("[cam-widget-header] .brand-name");

  /** A Latin word a person would have to read (not part of a code such as tax-w01 or TS-2026-000001). */
  private static final Pattern WORD = Pattern.compile("(?<![\\w-])[A-Za-z]{3,}(?![\\w-])");
  private static final Pattern CHINESE = Pattern.compile("\\p{IsHan}");
  /**
   * Words shown as they are: the product and the engine's name, the time zone, the language switch's
   * "English" (which names itself), and the notations administrators know.
   */
  private static final Set<String> AS_IS = Set.of("Camunda", "Platform", "default", "Asia", "Shanghai", "English", "BPMN",
      "DMN", "CMMN", "admin");

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  ComplaintService complaints;
  @Autowired
  TaskService tasks;

  @Test
  void everyWebappOpensInChineseWithoutTheMigrationBanner() {
    Browser.assumeInstalled();
    try (Browser admin = Browser.desktop(port).login("admin", BrowserPathsIT.ADMIN_PW)) {
      admin.open("/camunda/app/welcome/default/");
      admin.waitForText("应用", "流程监控", "系统管理", "任务中心");
      noBanner(admin, "welcome");
      noEnglish(admin, "welcome");

      admin.open("/camunda/app/admin/default/#/users");
      admin.waitForText("用户列表", "添加用户");
      noBanner(admin, "admin");
      noEnglish(admin, "admin's user list");
      assertThat(admin.visible(BRAND).getText()).isEqualTo("服务之星 系统管理");

      admin.open("/camunda/app/cockpit/default/#/dashboard");
      admin.until(d -> "服务之星 流程监控".equals(d.findElement(BRAND).getText()));
      admin.waitForText("当前状态", "运行中的流程实例");
      noBanner(admin, "cockpit");
      noEnglish(admin, "cockpit's dashboard");

      admin.open(Tasklist.PATH);
      admin.visible(By.cssSelector(".task-filter h4.name a"));
      noBanner(admin, "tasklist");

      // English on request, and back
      admin.open("/camunda/app/admin/default/#/users");
      admin.waitForText("用户列表");
      switchLanguage(admin, "English");
      admin.waitForText("List of users", "Add user");
      admin.shot("webapps-admin-users-en");
      switchLanguage(admin, "中文");
      admin.waitForText("用户列表");
    }
  }

  /**
   * Each role opens Tasklist, and one of its own tasks where it has one: the list, the filters and
   * the Camunda Form read Chinese, and no banner.
   */
  @Test
  void everyRoleReadsTasklistInChinese() {
    Browser.assumeInstalled();
    units.create(new UnitService.UnitDraft("wa-dept", "语言测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("wa-hall", "语言测试大厅", UnitType.HALL, "wa-dept"));
    units.create(new UnitService.UnitDraft("wa-w1", "语言测试窗口", UnitType.WINDOW, "wa-hall"));
    unitGroups.createLead("wa-w1", "wa-lead", "语言测试窗口负责人", BrowserPathsIT.PW);
    for (String[] person : new String[][] {{"wa-office", Groups.OFFICE}, {"wa-inspector", Groups.INSPECTORS},
        {"wa-leader", Groups.LEADING_GROUP}}) {
      identity.ensureUser(person[0], "语言", person[0], BrowserPathsIT.PW);
      identity.ensureMembership(person[0], person[1]);
    }
    String number = complaints.submit(new ComplaintService.Submission("wa-w1", "HOTLINE", "语言测试：窗口无人", null, null,
        "wa-language-1")).number();
    String triage = tasks.createTaskQuery().processInstanceBusinessKey(number).singleResult().getId();

    for (String user : List.of("wa-office", "wa-inspector", "wa-leader", "wa-lead")) {
      try (Browser browser = Browser.desktop(port).login(user, BrowserPathsIT.PW)) {
        Tasklist tasklist = new Tasklist(browser).open();
        browser.waitForText("服务之星 任务中心");
        if (user.equals("wa-office")) {
          tasklist.taskByUrl(triage);
          browser.waitForText("分办投诉", "分办结果");
        }
        browser.shot("webapps-tasklist-" + user);
        noBanner(browser, "tasklist as " + user);
        noEnglish(browser, "tasklist as " + user);
      }
    }
  }

  /** No line of the page's visible text is English only (a Latin word and no Chinese). */
  private static void noEnglish(Browser browser, String page) {
    assertThat(englishOnly(browser.text())).as(page + ": English-only labels").isEmpty();
  }

  static List<String> englishOnly(String visibleText) {
    return visibleText.lines().map(String::strip)
        .filter(line -> !CHINESE.matcher(line).find())
        .filter(line -> {
          Matcher word = WORD.matcher(line);
          while (word.find()) {
            if (!AS_IS.contains(word.group())) {
              return true;
            }
          }
          return false;
        }).toList();
  }

  @Test
  void theEnglishCheckFindsAnEnglishLabelAndPassesCodesAndNames() {
    assertThat(englishOnly("任务中心\nAdd user\nTS-2026-000001\ntax-w01 语言测试窗口\nCamunda Platform / v7.24.0\nEnglish"))
        .containsExactly("Add user");
  }

  /**
   * The banner is rendered (Camunda's header always does) but nobody sees it; and the app found its
   * zh.json (without it, Camunda shows its translation keys and an English error).
   */
  private static void noBanner(Browser browser, String app) {
    browser.shot("webapps-" + app);
    for (WebElement banner : browser.all(BANNER)) {
      assertThat(banner.isDisplayed()).as(app + " shows the migration banner").isFalse();
    }
    assertThat(browser.text()).as(app).doesNotContain("Camunda 8").doesNotContain("no such locale file");
  }

  /** The account menu (top right) offers the other language; choosing it reloads the page. */
  private static void switchLanguage(Browser browser, String language) {
    browser.click(By.cssSelector("li.account > a.dropdown-toggle"));
    browser.click(By.xpath("//li[contains(@class,'servicestar-locale')]/a[normalize-space()='" + language + "']"));
  }
}
