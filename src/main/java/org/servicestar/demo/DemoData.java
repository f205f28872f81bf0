package org.servicestar.demo;

import java.util.List;

import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo profile's city: five departments with their halls, sections and 23 windows, staff, the
 * demo users of DESIGN.md (password {@code demo}) and this year's campaign. Runs at every start and
 * adds only what is missing, so a restart keeps what a demo user changed.
 */
@Component
@Profile("demo")
@Order(100)
class DemoData implements ApplicationRunner {

  static final String PASSWORD = "demo";
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  /** code, name, type, parent — in tree order so parents come first. */
  static final List<String[]> UNITS = List.of(
      u("tax", "市税务局", "DEPARTMENT", null),
      u("tax-hall", "市税务局办税服务厅", "HALL", "tax"),
      u("tax-service", "纳税服务科", "SECTION", "tax-hall"),
      u("tax-w01", "综合办税一号窗口", "WINDOW", "tax-service"),
      u("tax-w02", "综合办税二号窗口", "WINDOW", "tax-service"),
      u("tax-w03", "发票领用窗口", "WINDOW", "tax-service"),
      u("tax-w04", "社保费缴纳窗口", "WINDOW", "tax-service"),
      u("tax-w05", "咨询导税台", "WINDOW", "tax-hall"),
      u("market", "市市场监督管理局", "DEPARTMENT", null),
      u("market-hall", "市场监管政务服务大厅", "HALL", "market"),
      u("market-registration", "登记注册科", "SECTION", "market-hall"),
      u("market-w01", "企业设立登记窗口", "WINDOW", "market-registration"),
      u("market-w02", "企业变更登记窗口", "WINDOW", "market-registration"),
      u("market-w03", "企业注销登记窗口", "WINDOW", "market-registration"),
      u("market-licensing", "食品药品许可科", "SECTION", "market-hall"),
      u("market-w04", "食品经营许可窗口", "WINDOW", "market-licensing"),
      u("market-w05", "药品经营许可窗口", "WINDOW", "market-licensing"),
      u("hrss", "市人力资源和社会保障局", "DEPARTMENT", null),
      u("hrss-hall", "社会保障服务大厅", "HALL", "hrss"),
      u("hrss-insurance", "社会保险科", "SECTION", "hrss-hall"),
      u("hrss-w01", "养老保险窗口", "WINDOW", "hrss-insurance"),
      u("hrss-w02", "医疗保险窗口", "WINDOW", "hrss-insurance"),
      u("hrss-w03", "工伤保险窗口", "WINDOW", "hrss-insurance"),
      u("hrss-employment", "就业服务科", "SECTION", "hrss-hall"),
      u("hrss-w04", "失业登记窗口", "WINDOW", "hrss-employment"),
      u("hrss-w05", "职业技能鉴定窗口", "WINDOW", "hrss-employment"),
      u("pso", "市公安局", "DEPARTMENT", null),
      u("pso-hall", "公安户政出入境服务大厅", "HALL", "pso"),
      u("pso-household", "户政科", "SECTION", "pso-hall"),
      u("pso-w01", "户籍办理窗口", "WINDOW", "pso-household"),
      u("pso-w02", "居民身份证窗口", "WINDOW", "pso-household"),
      u("pso-exit-entry", "出入境管理大队", "SECTION", "pso-hall"),
      u("pso-w03", "出入境证件窗口", "WINDOW", "pso-exit-entry"),
      u("pso-w04", "港澳台签注窗口", "WINDOW", "pso-exit-entry"),
      u("pso-traffic", "交警支队车辆管理所", "SECTION", "pso"),
      u("pso-w05", "机动车登记窗口", "WINDOW", "pso-traffic"),
      u("pso-w06", "驾驶证业务窗口", "WINDOW", "pso-traffic"),
      u("housing", "市住房公积金管理中心", "DEPARTMENT", null),
      u("housing-hall", "住房公积金服务大厅", "HALL", "housing"),
      u("housing-w01", "公积金提取窗口", "WINDOW", "housing-hall"),
      u("housing-w02", "公积金贷款窗口", "WINDOW", "housing-hall"));

  /** user id, family name, given name, group. */
  static final List<String[]> PEOPLE = List.of(
      new String[] {"leader1", "王", "建国", Groups.LEADING_GROUP},
      new String[] {"leader2", "李", "秀英", Groups.LEADING_GROUP},
      new String[] {"leader3", "张", "志强", Groups.LEADING_GROUP},
      new String[] {"office1", "刘", "芳", Groups.OFFICE},
      new String[] {"office2", "陈", "静", Groups.OFFICE},
      new String[] {"inspector1", "杨", "伟", Groups.INSPECTORS},
      new String[] {"inspector2", "赵", "敏", Groups.INSPECTORS},
      new String[] {"inspector3", "黄", "磊", Groups.INSPECTORS},
      new String[] {"admin", "系统", "管理员", Groups.ADMIN});

  private static final String[] FAMILY = {"周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯"};
  private static final String[] GIVEN = {"晓燕", "海涛", "丽娟", "志刚", "婷婷", "建华", "雪梅", "国强", "慧敏", "俊杰", "桂英", "永红", "佳怡", "文博", "红霞", "子涵"};

  private final UnitService units;
  private final StaffService staff;
  private final IdentityAdministration identity;
  private final TransactionTemplate tx;

  DemoData(UnitService units, StaffService staff, IdentityAdministration identity,
           TransactionTemplate tx) {
    this.units = units;
    this.staff = staff;
    this.identity = identity;
    this.tx = tx;
  }

  @Override
  public void run(ApplicationArguments args) {
    tx.executeWithoutResult(status -> {
      for (String[] p : PEOPLE) {
        identity.ensureUser(p[0], p[1], p[2], PASSWORD, demoMail(p[0]));
        identity.ensureMembership(p[0], p[3]);
      }
      int created = 0;
      for (String[] u : UNITS) {
        if (units.byCode(u[0]).isEmpty()) {
          units.create(new UnitService.UnitDraft(u[0], u[1], UnitType.valueOf(u[2]), u[3]));
          created++;
        }
        identity.ensureUser("lead-" + u[0], u[1], "负责人", PASSWORD, demoMail("lead-" + u[0]));
        identity.ensureMembership("lead-" + u[0], Groups.ofUnit(u[0]));
      }
      if (created > 0) {
        addStaff();
      }
      log.info("Demo data ready: {} units ({} new), {} staff", UNITS.size(), created, staff.all().size());
    });
  }

  /** Two or three staff at every window, one in four a party member. */
  private void addStaff() {
    int n = 0;
    java.util.Set<String> badges = new java.util.HashSet<>(staff.all().stream().map(org.servicestar.unit.Staff::badgeNo).toList());
    for (Unit unit : units.active()) {
      if (unit.type() != UnitType.WINDOW) {
        continue;
      }
      int count = 2 + (n % 2);
      for (int i = 0; i < count; i++, n++) {
        String badge = unit.code().toUpperCase().replace("-W", "-") + String.format("%02d", i + 1);
        if (badges.add(badge)) {
          staff.create(new StaffService.StaffDraft(unit.code(), FAMILY[n % FAMILY.length] + GIVEN[(n * 7) % GIVEN.length],
              badge, n % 4 == 0, i == 0 ? "窗口负责人" : "综合受理员"));
        }
      }
    }
  }

  /** Demo mails are only logged (no SMTP host in the demo) and shown on /admin/messages. */
  private static String demoMail(String userId) {
    return userId + "@demo.servicestar.local";
  }

  private static String[] u(String code, String name, String type, String parent) {
    return new String[] {code, name, type, parent};
  }
}
