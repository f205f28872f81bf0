package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.Roles.Role;
import org.servicestar.support.SpringAppTest;
import org.servicestar.unit.UnitService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The start page through the real app: its cards and menu ask the same rules of Access as the endpoints
 * behind them ({@code sec:authorize="@access.oversees(authentication)"}), it names each person's roles, and
 * its "what is mine" part shows each role its own sections (their content: home/StartPageAppTest).
 */
@SpringAppTest
class StartPageTest {

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
  RuntimeService runtime;
  @Autowired
  RectificationLedger ledger;

  @Test
  void eachRoleSeesTheCardsOfItsRulesAndItsRoleName() {
    Roles roles = Roles.ensure(port, units, unitGroups, identity, complaints, runtime, ledger);
    // card → the roles (matrix letters: A lead of unit A, B lead of unit B, I, O, L, D) whose rule lets them in
    Map<String, String> cards = new LinkedHashMap<>();
    cards.put("<h2>总览</h2>", "ABIOLD");
    cards.put("<h2>群众评议</h2>", "IOLD");
    cards.put("<h2>单位</h2>", "IOLD");
    cards.put("<h2>系统管理</h2>", "D");
    // "what is mine" above the cards (issue 20): everyone's tasks, and the part of each role
    cards.put("id=\"my-tasks\"", "ABIOLD");
    cards.put("id=\"unit-", "AB");
    cards.put("id=\"leading-group\"", "L");
    cards.put("id=\"office\"", "O");
    cards.put("id=\"inspectors\"", "I");
    Map<Role, String> roleName = Map.of(Role.LEAD_A, "单位负责人（" + Roles.UNIT_A + "）", Role.LEAD_B, "单位负责人（" + Roles.UNIT_B + "）",
        Role.INSPECTOR, "督查考核组", Role.OFFICE, "领导小组办公室", Role.LEADER, "领导小组", Role.ADMIN, "系统管理员");
    List<String> mismatches = new ArrayList<>();
    for (Role role : Role.values()) {
      if (role.user == null) {
        continue;
      }
      String page = roles.client(role).get("/").body();
      char letter = "PABIOLD".charAt(role.ordinal());
      cards.forEach((card, allowed) -> {
        if (page.contains(card) != (allowed.indexOf(letter) >= 0)) {
          mismatches.add(role + (page.contains(card) ? " sees " : " misses ") + card);
        }
      });
      if (!page.contains(">" + roleName.get(role) + "<")) {
        mismatches.add(role + " is not named " + roleName.get(role));
      }
    }
    assertThat(mismatches).isEmpty();
  }
}
