package org.servicestar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.PostgresAppTest;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A window's lead rectifies on a phone (issue 20): from the link a WeCom or DingTalk message carries
 * ({@code /rectifications/{number}/rectify}) through the login, the finding, a photo taken with the
 * camera and 整改落实, at 390 CSS pixels without sideways scrolling. Screenshots go to
 * {@code target/e2e/phone-rectification-*.png}.
 */
@PostgresAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneRectificationIT {

  static final String PW = "phone-secret-1";
  static final int PHONE_WIDTH = 390;

  @LocalServerPort
  int port;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService tasks;
  @Autowired
  RectificationLedger ledger;
  @Autowired
  JdbcClient jdbc;

  private String number;
  private String instance;

  @BeforeAll
  void aWindowWithAFinding() {
    Browser.assumeInstalled();
    units.create(new UnitService.UnitDraft("ph-dept", "手机测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("ph-hall", "手机测试大厅", UnitType.HALL, "ph-dept"));
    units.create(new UnitService.UnitDraft("ph-w1", "手机测试一号窗口", UnitType.WINDOW, "ph-hall"));
    unitGroups.createLead("ph-w1", "ph-lead1", "一号窗口负责人", PW);
    instance = runtime.startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(
        RectificationIds.Vars.UNIT_CODE, "ph-w1", RectificationIds.Vars.SOURCE_TYPE, "INSPECTION",
        RectificationIds.Vars.SOURCE_ID, "JC-2055-000001", RectificationIds.Vars.PROBLEM, "窗口办事指南过期，未一次性告知所需材料",
        RectificationIds.Vars.SEVERITY, "MEDIUM")).getId();
    number = ledger.byProcessInstance(instance).orElseThrow().number();
  }

  @Test
  void theLeadRectifiesOnAPhoneFromTheMessagesLink(@TempDir Path folder) throws IOException {
    try (Browser phone = Browser.phoneDevice(port)) {
      // The message's link: the login first, then straight to the page it named.
      phone.open("/rectifications/" + number + "/rectify");
      phone.until(d -> d.getCurrentUrl().contains("/login"));
      phone.type(By.id("username"), "ph-lead1");
      phone.type(By.id("password"), PW);
      phone.click(By.cssSelector("form button[type=submit]"));
      phone.waitForText("整改落实", number, "窗口办事指南过期，未一次性告知所需材料", "（北京时间）", "个工作日", "检查");
      assertThat(phone.url()).contains("/rectifications/" + number + "/rectify");
      assertThat(phone.script("return window.innerWidth")).isEqualTo((long) PHONE_WIDTH);
      assertNoSidewaysScrolling(phone);
      phone.shot("phone-rectification-1-finding");

      WebElement camera = phone.driver.findElement(By.id("file"));
      assertThat(camera.getDomAttribute("capture")).isEqualTo("environment");
      assertThat(camera.getDomAttribute("accept")).isEqualTo("image/*,application/pdf");
      camera.sendKeys(BrowserPathsIT.png(folder).toAbsolutePath().toString());
      phone.type(By.id("note"), "整改后窗口现场照片");
      phone.click(By.xpath("//button[normalize-space()='上传证据']"));
      phone.waitForText("已上传 window-after.png", "证据材料（1）");
      assertThat(phone.url()).contains("/rectifications/" + number + "/rectify");

      // The extension fields hide until 申请延期 is ticked, as in Tasklist's form.
      assertThat(phone.driver.findElement(By.id("f-extensionReason")).isDisplayed()).isFalse();
      phone.click(By.name("extensionRequested"));
      phone.visible(By.id("f-extensionReason"));
      assertThat(phone.driver.findElement(By.id("f-rectificationCause")).isDisplayed()).isFalse();
      phone.click(By.name("extensionRequested"));
      phone.type(By.id("f-rectificationCause"), "办事指南未随政策调整及时更新");
      phone.type(By.id("f-rectificationMeasures"), "重新编印办事指南；窗口张贴一次性告知清单；全员培训");
      // A date input takes the day as the phone's picker gives it (yyyy-MM-dd).
      phone.script("arguments[0].value = arguments[1]", phone.visible(By.id("f-rectificationCompletedOn")),
          LocalDate.now(BrowserPathsIT.ZONE).toString());
      phone.type(By.id("f-evidenceNote"), "告知清单张贴照片已上传");
      assertNoSidewaysScrolling(phone);
      phone.shot("phone-rectification-2-filled");
      phone.click(By.xpath("//form[@id='rectify']//button[normalize-space()='提交']"));
      phone.waitForText("已提交", "当前没有待您办理的整改落实");
      assertNoSidewaysScrolling(phone);
      phone.shot("phone-rectification-3-done");
    }
    assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(RectificationIds.Tasks.ACCEPT).count())
        .isEqualTo(1);
    assertThat(runtime.getVariables(instance)).containsEntry(RectificationIds.Vars.EXTENSION_REQUESTED, false)
        .containsEntry(RectificationIds.Vars.CAUSE, "办事指南未随政策调整及时更新")
        .containsEntry(RectificationIds.Vars.COMPLETED_ON, LocalDate.now(BrowserPathsIT.ZONE).toString())
        .doesNotContainKey(RectificationIds.Vars.EXTENSION_REASON);
    assertThat(jdbc.sql("select count(*) from rectification_evidence e join rectification r on r.id = e.rectification_id"
        + " where r.number = ? and e.file_name = 'window-after.png'").param(number).query(Long.class).single()).isEqualTo(1);
  }

  private static void assertNoSidewaysScrolling(Browser phone) {
    assertThat(phone.scrollWidth()).as("the page's width at " + PHONE_WIDTH + " px").isLessThanOrEqualTo(PHONE_WIDTH);
  }
}
