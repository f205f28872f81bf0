package org.servicestar.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import javax.imageio.ImageIO;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.support.PostgresAppTest;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
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
      tasklist.claim().choose("受理，交督查核实");
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
