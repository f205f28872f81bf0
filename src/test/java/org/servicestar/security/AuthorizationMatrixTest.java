package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.HostileInputTest.Endpoint;
import org.servicestar.security.Roles.Role;
import org.servicestar.support.SpringAppTest;
import org.servicestar.support.WebClient;
import org.servicestar.unit.UnitService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Least privilege: every role × every endpoint of the app (from the handler mapping: a new one
 * without a row fails), Camunda's webapps and key /engine-rest resources, and the open tasks of
 * unit A's records → allowed or denied as DESIGN.md's roles say. Paths name unit A's records
 * (unit sx-a, its complaint and rectification), so unit B's lead must be refused where A's is let in.
 *
 * <p>Allowed means the door opened (any answer but 401, 403 or the login page). POSTs are tried
 * only by the roles that must be refused (with well-formed input, so the refusal is the
 * authorization's); HostileInputTest sends them as a permitted role.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

  // Columns: P anonymous (the citizen's pages), A lead of unit A, B lead of unit B, I inspector,
  // O office, L leading group, D administrator. A letter means allowed.
  private static final String ALL = "PABIOLD";
  private static final String USERS = "ABIOLD";
  private static final String COMPETITION = "ABIOLD";
  private static final String OVERSEE = "IOLD";
  private static final String MANAGE = "OD";
  private static final String ADMIN = "D";
  private static final String UNIT_A = "AIOLD";

  static final Map<String, String> MATRIX = new LinkedHashMap<>();

  static {
    row(ALL, "GET /login", "GET /api/units", "POST /api/ratings", "POST /api/ratings/batch", "POST /api/complaints",
        "GET /commitments", "GET /rate/{unitCode}", "POST /rate/{unitCode}", "GET /rate/{unitCode}/thanks",
        "GET /rate/{unitCode}/qr.png", "GET /rate/{unitCode}/card", "GET /publicity/{year:\\d{4}}",
        "POST /publicity/{year:\\d{4}}/objections", "GET /publicity/{year:\\d{4}}/objections",
        "GET /publicity/{year:\\d{4}}/objections/{number}", "GET /results/{year:\\d{4}}", "GET /results/{year:\\d{4}}.xlsx",
        "GET /results/{year:\\d{4}}/certificates/{certificateNo:[A-Za-z0-9_-]{1,32}}.pdf");
    row(USERS, "GET /", "GET /logout", "GET /camunda/app/tasklist/default/", "GET /camunda/api/engine/engine/default/task",
        "GET /engine-rest/task", "GET /reports/jobs/{id}", "GET /reports/jobs/{id}.json", "GET /reports/jobs/{id}/file");
    row(COMPETITION, "GET /dashboard", "GET /dashboard/ranking", "GET /dashboard/satisfaction", "GET /dashboard/rectifications",
        "GET /complaints", "GET /rectifications", "GET /inspections", "GET /inspections/{number}",
        "GET /inspections/{number:JC-\\d{4}-\\d{6}}/{position:\\d+}", "GET /contests", "GET /contests/{id}",
        "GET /evaluations", "GET /evaluations/{number}", "GET /sentiments", "GET /sentiments/{number}", "GET /interviews", "GET /scores/{year}", "GET /scores/{year}/staff",
        "GET /scores/{year}/staff/{badge}", "GET /reports");
    row(UNIT_A, "GET /complaints/{number}", "GET /rectifications/{number}", "GET /rectifications/{number}/evidence/{id}",
        "GET /interviews/{number}", "GET /interviews/{number}/evidence/{id}",
        "GET /scores/{year}/units/{unitCode}", "GET /reports/export/{kind}.xlsx");
    row("AO", "POST /complaints/{number}/appeal");
    row("A", "POST /rectifications/{number}/evidence");
    // The phone page works unit A's open 整改落实: its candidates only (the office reassigns in Tasklist).
    row("A", "GET /rectifications/{number}/rectify", "POST /rectifications/{number}/rectify");
    row(OVERSEE, "GET /units", "GET /units/{code}", "GET /staff", "GET /staff/{badgeNo}", "GET /campaigns", "GET /campaigns/{year}",
        "GET /campaigns/{year}/inspection-sheet", "GET /campaigns/{year}/scoring-rules", "GET /awards/{year}", "GET /ratings",
        "GET /vetoes", "GET /scores/{year}/run", "GET /scores/{year}/run.json",
        "GET /reports/{year:\\d{4}}");
    row(MANAGE, "GET /units/new", "POST /units", "POST /units/{code}", "POST /units/{code}/active", "POST /units/{code}/leads",
        "POST /units/{code}/leads/{userId}/remove", "GET /staff/new", "POST /staff", "POST /staff/{badgeNo}", "GET /import",
        "POST /import/units", "POST /import/staff", "GET /campaigns/new", "POST /campaigns",
        "POST /campaigns/{year}/advance", "POST /campaigns/{year}/{action:start|suspend|resume}", "POST /campaigns/{year}/inspection-sheet",
        "POST /campaigns/{year}/inspection-sheet/reset", "POST /campaigns/{year}/scoring-rules", "GET /contests/new",
        "POST /contests", "POST /contests/{id}", "POST /contests/{id}/results", "POST /contests/{id}/results/{resultId}",
        "POST /contests/{id}/results/{resultId}/remove", "POST /contests/{id}/import", "POST /evaluations", "POST /sentiments",
        "POST /interviews/{number}/evidence",
        "POST /ratings/{id}/exclude", "GET /ratings/devices", "POST /ratings/devices", "POST /ratings/devices/{id}/revoke",
        "GET /ratings/entry", "POST /ratings/entry", "GET /ratings/import", "POST /ratings/import", "POST /scores/{year}/recompute");
    // The leading group rules on vetoes in Tasklist (VetoRuling); the office files one by hand.
    row(OVERSEE, "GET /vetoes/{id}", "GET /vetoes/{id}/evidence/{fileId}");
    row(MANAGE, "GET /vetoes/new", "POST /vetoes");
    row(ADMIN, "GET /admin", "GET /admin/calendar", "POST /admin/calendar", "GET /admin/mail",
        "GET /admin/diagrams", "POST /admin/diagrams/upload", "GET /admin/diagrams/processes/{key}", "GET /admin/diagrams/decisions/{key}",
        "GET /admin/diagrams/processes/{key}/versions/{version}/diff", "GET /admin/diagrams/decisions/{key}/versions/{version}/diff",
        "POST /admin/diagrams/processes/{key}/versions/{version}/rollback", "POST /admin/diagrams/decisions/{key}/versions/{version}/rollback",
        "GET /admin/diagrams/deployments/{deploymentId}.zip", "GET /admin/diagrams/deployments/{deploymentId}/files/{resourceId}",
        "GET /admin/diagrams/processes/{key}/migration", "POST /admin/diagrams/processes/{key}/migration",
        "GET /admin/diagrams/processes/{key}/migrations/{batchId}", "GET /admin/diagrams/processes/{key}/migrations/{batchId}.json",
        "GET /camunda/app/cockpit/default/", "GET /camunda/app/admin/default/",
        "GET /camunda/api/cockpit/plugin/base/default/process-definition/statistics", "POST /engine-rest/group/create");
    // Every notification channel's messages (GET /admin/mail above redirects here).
    row(ADMIN, "GET /admin/messages", "POST /admin/messages/{id}/retry");
  }

  /** Who sees and may claim a task, by DESIGN.md's group of its task definition: the group, the office (全部待办), administrators. */
  static final Map<String, String> TASK_GROUP_ROLE = Map.ofEntries(
      Map.entry("competition-office", "O"), Map.entry("inspectors", "I"), Map.entry("leading-group", "L"),
      Map.entry("unit-" + Roles.UNIT_A, "A"));

  private static void row(String allowed, String... endpoints) {
    for (String endpoint : endpoints) {
      if (MATRIX.put(endpoint, allowed) != null) {
        throw new IllegalStateException("two rows for " + endpoint);
      }
    }
  }

  @LocalServerPort
  int port;
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mapping;
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
  @Autowired
  TaskService taskService;
  @Autowired
  org.springframework.jdbc.core.simple.JdbcClient jdbc;

  /** A 约谈 case of unit A (the monthly check opens them; here one row is enough for the doors). */
  static final String INTERVIEW_OF_A = "YT-2071-900001";

  private Roles roles;
  private final Map<Role, WebClient> browsers = new EnumMap<>(Role.class);
  private final Map<Role, WebClient> basics = new EnumMap<>(Role.class);

  @BeforeAll
  void people() {
    roles = Roles.ensure(port, units, unitGroups, identity, complaints, runtime, ledger);
    if (jdbc.sql("select count(*) from interview_case where number = ?").param(INTERVIEW_OF_A).query(Long.class).single() == 0) {
      jdbc.sql("insert into interview_case (number, unit_code, unit_name, flag_year, flag_month, status, opened_at) "
          + "values (?, ?, '矩阵窗口', 2071, 3, 'AWAITING_INTERVIEW', current_timestamp)").params(INTERVIEW_OF_A, Roles.UNIT_A).update();
    }
    for (Role role : Role.values()) {
      browsers.put(role, roles.client(role));
      basics.put(role, role.user == null ? new WebClient(port) : new WebClient(port).basic(role.user, role.password()));
      if (role.user != null) {
        browsers.get(role).get("/camunda/app/tasklist/default/");
      }
    }
  }

  private static char letter(Role role) {
    return "PABIOLD".charAt(role.ordinal());
  }

  @Test
  void everyRoleReachesExactlyWhatItsRoleAllows() {
    Set<String> mapped = HostileInputTest.endpoints(mapping).stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
    Set<String> withoutRow = new TreeSet<>(mapped);
    withoutRow.removeAll(MATRIX.keySet());
    Set<String> stale = MATRIX.keySet().stream().filter(k -> !k.contains("/camunda/") && !k.contains("/engine-rest/"))
        .filter(k -> !mapped.contains(k)).collect(Collectors.toCollection(TreeSet::new));
    assertThat(withoutRow).as("endpoints without a row in the matrix").isEmpty();
    assertThat(stale).as("rows for endpoints that no longer exist").isEmpty();

    List<String> mismatches = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format("%-78s %s%n", "role × endpoint (✓ allowed, · denied, - not tried)", "P A B I O L D"));
    int requests = 0;
    for (Map.Entry<String, String> row : MATRIX.entrySet()) {
      String method = row.getKey().substring(0, row.getKey().indexOf(' '));
      String pattern = row.getKey().substring(method.length() + 1);
      StringBuilder cells = new StringBuilder();
      for (Role role : Role.values()) {
        boolean expected = row.getValue().indexOf(letter(role)) >= 0;
        if (method.equals("POST") && expected) {
          cells.append("- ");
          continue;
        }
        HttpResponse<String> response = call(role, method, pattern);
        requests++;
        boolean allowed = allowed(response);
        cells.append(allowed ? "✓ " : "· ");
        if (allowed != expected) {
          mismatches.add(row.getKey() + " as " + role + ": expected " + (expected ? "allowed" : "denied") + ", got "
              + response.statusCode() + " " + response.headers().firstValue("Location").orElse(""));
        }
      }
      table.append(String.format("%-78s %s%n", row.getKey(), cells.toString().strip()));
    }
    System.out.print(table);
    System.out.printf("Authorization matrix: %d endpoints × %d roles, %d requests, %d mismatches%n", MATRIX.size(),
        Role.values().length, requests, mismatches.size());
    mismatches.forEach(m -> System.out.println("  MISMATCH " + m));
    assertThat(mismatches).isEmpty();
  }

  @Test
  void theTasksOfUnitAsRecordsAreSeenAndClaimedOnlyByTheirGroup() {
    List<Task> open = taskService.createTaskQuery().processInstanceBusinessKeyIn(
        roles.recordsOfA.get("complaint"), roles.recordsOfA.get("rectification")).list();
    open.addAll(taskService.createTaskQuery().taskCandidateGroup("unit-" + Roles.UNIT_A).list());
    assertThat(open).extracting(Task::getTaskDefinitionKey).contains("Task_Rectify");
    List<String> mismatches = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format("%-40s %s%n", "task (see: Tasklist API and /engine-rest)", "P A B I O L D"));
    for (Task task : open.stream().collect(Collectors.toMap(Task::getId, t -> t, (a, b) -> a)).values()) {
      String group = taskService.getIdentityLinksForTask(task.getId()).stream().map(l -> l.getGroupId())
          .filter(g -> g != null).findFirst().orElseThrow();
      String expectedRoles = TASK_GROUP_ROLE.getOrDefault(group, "") + "OD";
      StringBuilder cells = new StringBuilder();
      for (Role role : Role.values()) {
        boolean expected = expectedRoles.indexOf(letter(role)) >= 0;
        // Camunda answers 404 for a task the user may not read, as if it did not exist.
        boolean viaTasklist = browsers.get(role).getJson("/camunda/api/engine/engine/default/task/" + task.getId()).statusCode() == 200;
        boolean viaRest = basics.get(role).getJson("/engine-rest/task/" + task.getId()).statusCode() == 200;
        cells.append(viaTasklist && viaRest ? "✓ " : !viaTasklist && !viaRest ? "· " : "? ");
        if (viaTasklist != expected || viaRest != expected) {
          mismatches.add(task.getTaskDefinitionKey() + " (" + group + ") as " + role + ": expected " + (expected ? "visible" : "hidden")
              + ", Tasklist " + viaTasklist + ", /engine-rest " + viaRest);
        }
      }
      table.append(String.format("%-40s %s%n", task.getTaskDefinitionKey() + " (" + group + ")", cells.toString().strip()));
    }
    System.out.print(table);
    mismatches.forEach(m -> System.out.println("  MISMATCH " + m));
    assertThat(mismatches).isEmpty();

    Task rectify = open.stream().filter(t -> t.getTaskDefinitionKey().equals("Task_Rectify")).findFirst().orElseThrow();
    for (Role role : List.of(Role.LEAD_B, Role.INSPECTOR, Role.LEADER)) {
      HttpResponse<String> claim = basics.get(role).postJson("/engine-rest/task/" + rectify.getId() + "/claim",
          "{\"userId\": \"" + role.user + "\"}");
      assertThat(claim.statusCode()).as(role + " claims unit A's task").isIn(403, 404);
    }
    HttpResponse<String> own = basics.get(Role.LEAD_A).postJson("/engine-rest/task/" + rectify.getId() + "/claim",
        "{\"userId\": \"" + Role.LEAD_A.user + "\"}");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(204);
    assertThat(basics.get(Role.LEAD_A).postJson("/engine-rest/task/" + rectify.getId() + "/unclaim", "{}").statusCode()).isEqualTo(204);
  }

  private HttpResponse<String> call(Role role, String method, String pattern) {
    boolean rest = pattern.startsWith("/engine-rest/");
    WebClient client = rest ? basics.get(role) : browsers.get(role);
    String path = HostileInputTest.fill(pattern, v -> sample(pattern, v));
    if (method.equals("GET")) {
      String query = pattern.startsWith("/reports/export") ? "?year=2071&unit=" + Roles.UNIT_A : "";
      return client.getJson(path + query);
    }
    if (rest || pattern.startsWith("/api/") || pattern.contains("/objections")) {
      return client.postJson(path, "{\"id\": \"sx-matrix-group\", \"name\": \"x\"}");
    }
    // A well-formed form with the browser's CSRF token, so only the authorization can refuse it.
    HttpRequest.Builder request = client.request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-CSRF-TOKEN", client.csrfOf("/login"))
        .POST(HttpRequest.BodyPublishers.ofString(WELL_FORMED));
    return client.send(request);
  }

  /** Every parameter any form takes, with a value of its type (Spring ignores the ones a handler does not take). */
  private static final String WELL_FORMED = "version=1&active=false&name=x&code=sx-zz&type=WINDOW&userId=sx-zz&badgeNo=sx-zz"
      + "&unitCode=sx-a&year=2071&reason=x&note=x&level=3&channel=FORM&content=x&kind=RANKING&title=x&comment=x";

  private String sample(String pattern, String variable) {
    return switch (variable) {
      case "code", "unitCode" -> Roles.UNIT_A;
      case "year" -> "2071";
      case "id", "resultId", "fileId", "badge", "badgeNo" -> "999999";
      case "kind" -> "results";
      case "number" -> pattern.startsWith("/complaints") ? roles.recordsOfA.get("complaint")
          : pattern.startsWith("/rectifications") ? roles.recordsOfA.get("rectification")
          : pattern.startsWith("/interviews") ? INTERVIEW_OF_A : "x";
      default -> "x";
    };
  }

  private static boolean allowed(HttpResponse<String> response) {
    int status = response.statusCode();
    return status != 401 && status != 403 && status != 429
        && !(status == 302 && response.headers().firstValue("Location").orElse("").endsWith("/login"));
  }
}
