package org.servicestar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.servicestar.support.PostgresAppTest;
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

  @LocalServerPort
  int port;

  @Test
  void everyWebappOpensInChineseWithoutTheMigrationBanner() {
    Browser.assumeInstalled();
    try (Browser admin = Browser.desktop(port).login("admin", BrowserPathsIT.ADMIN_PW)) {
      admin.open("/camunda/app/welcome/default/");
      admin.waitForText("应用", "流程监控", "系统管理", "任务中心");
      noBanner(admin, "welcome");

      admin.open("/camunda/app/admin/default/#/users");
      admin.waitForText("用户列表", "添加用户");
      noBanner(admin, "admin");
      assertThat(admin.visible(BRAND).getText()).isEqualTo("服务之星 系统管理");

      admin.open("/camunda/app/cockpit/default/#/dashboard");
      admin.until(d -> "服务之星 流程监控".equals(d.findElement(BRAND).getText()));
      noBanner(admin, "cockpit");

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
