package org.servicestar.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;

/**
 * The people of DESIGN.md's roles, for the security tests: two units A and B (windows {@code sx-a}
 * and {@code sx-b}) with a lead each, an inspector, an office member, a leading-group member and the
 * administrator; and records of unit A (a complaint from a bad review, a rectification) that B's
 * lead must not reach. Made once per shared context.
 */
final class Roles {

  static final String PASSWORD = "sx-secret-1";
  static final String UNIT_A = "sx-a";
  static final String UNIT_B = "sx-b";

  /** The roles of the matrix, in its column order; anonymous stands for the citizen's pages too. */
  enum Role {
    ANONYMOUS(null), LEAD_A("lead-sx-a"), LEAD_B("lead-sx-b"), INSPECTOR("inspector-sx"), OFFICE("office-sx"),
    LEADER("leader-sx"), ADMIN("admin");

    final String user;

    Role(String user) {
      this.user = user;
    }

    String password() {
      return this == ADMIN ? "test-admin-secret" : PASSWORD;
    }
  }

  /** Records of unit A, by placeholder name. */
  final Map<String, String> recordsOfA = new LinkedHashMap<>();
  private final int port;

  private static Roles made;

  private Roles(int port) {
    this.port = port;
  }

  static synchronized Roles ensure(int port, UnitService units, UnitGroups unitGroups, IdentityAdministration identity,
                                   ComplaintService complaints, RuntimeService runtime, RectificationLedger ledger) {
    if (made != null) {
      return made;
    }
    Roles roles = new Roles(port);
    units.create(new UnitService.UnitDraft("sx-dept", "安全矩阵局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("sx-hall", "安全矩阵大厅", UnitType.HALL, "sx-dept"));
    units.create(new UnitService.UnitDraft(UNIT_A, "矩阵甲窗口", UnitType.WINDOW, "sx-hall"));
    units.create(new UnitService.UnitDraft(UNIT_B, "矩阵乙窗口", UnitType.WINDOW, "sx-hall"));
    unitGroups.createLead(UNIT_A, Role.LEAD_A.user, "甲负责人", PASSWORD);
    unitGroups.createLead(UNIT_B, Role.LEAD_B.user, "乙负责人", PASSWORD);
    person(identity, Role.INSPECTOR.user, Groups.INSPECTORS);
    person(identity, Role.OFFICE.user, Groups.OFFICE);
    person(identity, Role.LEADER.user, Groups.LEADING_GROUP);
    roles.recordsOfA.put("complaint", complaints.submitBadReview(UNIT_A, "态度差", null, null, 0));
    String instance = runtime.startProcessInstanceByKey(RectificationIds.PROCESS, Map.of(
        RectificationIds.Vars.UNIT_CODE, UNIT_A, RectificationIds.Vars.SOURCE_TYPE, "COMPLAINT",
        RectificationIds.Vars.SOURCE_ID, roles.recordsOfA.get("complaint"), RectificationIds.Vars.PROBLEM, "未一次性告知",
        RectificationIds.Vars.SEVERITY, "LOW")).getId();
    roles.recordsOfA.put("rectification", ledger.byProcessInstance(instance).orElseThrow().number());
    made = roles;
    return roles;
  }

  private static void person(IdentityAdministration identity, String user, String group) {
    identity.ensureUser(user, user, "测试", PASSWORD);
    identity.ensureMembership(user, group);
  }

  /** A logged-in browser for the role (anonymous: no login). */
  WebClient client(Role role) {
    WebClient client = new WebClient(port);
    if (role.user != null && !client.login(role.user, role.password()).headers().firstValue("Location").orElse("").endsWith("/")) {
      throw new AssertionError("login of " + role.user + " failed");
    }
    return client;
  }
}
