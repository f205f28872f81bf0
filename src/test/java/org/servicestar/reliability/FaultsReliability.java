package org.servicestar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.servicestar.support.AppNode;
import org.servicestar.support.Polling;
import org.servicestar.support.WebClient;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Faults on the packaged app (issue 10): killed with SIGKILL under load and restarted, its
 * PostgreSQL stopped for 20 seconds under load, and two nodes on one database, one of them killed.
 * One PostgreSQL (zonky's binaries, a data folder of its own so it can be stopped and started
 * again on the same port) and the jar as child processes, configured only by the environment.
 * The scenarios run in order on the same database, so each also proves the previous one left
 * everything sound. Run by the {@code reliability} Maven profile (see docs/testing.md "Reliability tests").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsReliability {

  private static final String ADMIN_PASSWORD = "reliability-admin-1";
  private static final String PASSWORD = "reliability-user-1";
  private static final String UNIT = "rel-w1";
  private static final Duration START = Duration.ofMinutes(4);
  private static final DateTimeFormatter REST_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  private static final String NOT_SUBSTANTIATED = "{\"variables\":{\"substantiated\":{\"value\":false},"
      + "\"findings\":{\"value\":\"经核实不属实\"}}}";

  private final int pgPort = AppNode.freePort();
  private Path pgData;
  private EmbeddedPostgres postgres;
  private JdbcClient db;
  private AppNode a;
  private AppNode b;
  /** Complaint instances whose verification deadline fell due while node a was dead. */
  private final List<String> timersWhileDown = new ArrayList<>();

  @BeforeAll
  void databaseAndFirstNode() throws IOException {
    pgData = Files.createTempDirectory("servicestar-reliability-pg");
    startPostgres();
    Map<String, String> env = Map.of(
        "SPRING_PROFILES_ACTIVE", "postgres",
        "SERVICESTAR_DB_URL", "jdbc:postgresql://localhost:" + pgPort + "/postgres",
        "SERVICESTAR_DB_USER", "postgres",
        "SERVICESTAR_DB_PASSWORD", "postgres",
        "SERVICESTAR_DB_POOL_SIZE", "10",
        "SERVICESTAR_ADMIN_PASSWORD", ADMIN_PASSWORD,
        "SERVICESTAR_PUBLIC_URL", "http://localhost:8080",
        // A dead node's locked jobs are taken over after this; the default is 5 minutes.
        "CAMUNDA_BPM_JOBEXECUTION_LOCKTIMEINMILLIS", "15000",
        // Idle nodes look for due jobs every 2 s instead of up to every 60 s.
        "CAMUNDA_BPM_JOBEXECUTION_MAXWAIT", "2000");
    a = new AppNode("a", env).start(START);
    b = new AppNode("b", env);
    masterDataAndUsers();
  }

  @AfterAll
  void stopEverything() throws IOException {
    for (AppNode node : new AppNode[] {a, b}) {
      if (node != null) {
        node.kill();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(pgPort).start();
    db = JdbcClient.create(postgres.getPostgresDatabase());
  }

  /** A window, and an office user, an inspector and a leading-group member, made by the administrator. */
  private void masterDataAndUsers() {
    WebClient admin = a.client();
    assertThat(admin.login("admin", ADMIN_PASSWORD).headers().firstValue("Location").orElse("")).doesNotContain("error");
    String[][] units = {{"rel-dept", "可靠性测试局", "DEPARTMENT", ""}, {"rel-hall", "可靠性测试大厅", "HALL", "rel-dept"},
        {UNIT, "可靠性一号窗口", "WINDOW", "rel-hall"}};
    for (String[] unit : units) {
      HttpResponse<String> made = admin.postForm("/units", Map.of("code", unit[0], "name", unit[1], "type", unit[2],
          "parentCode", unit[3], "_csrf", admin.csrfOf("/units/new")));
      assertThat(made.statusCode()).as(made.body()).isEqualTo(302);
    }
    WebClient rest = a.client().basic("admin", ADMIN_PASSWORD);
    for (String[] user : new String[][] {{"rel-office", "competition-office"}, {"rel-inspector", "inspectors"}}) {
      HttpResponse<String> created = rest.postJson("/engine-rest/user/create", "{\"profile\":{\"id\":\"" + user[0]
          + "\",\"firstName\":\"可靠\",\"lastName\":\"" + user[0] + "\"},\"credentials\":{\"password\":\"" + PASSWORD + "\"}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(204);
      HttpResponse<String> member = rest.send(rest.request("/engine-rest/group/" + user[1] + "/members/" + user[0])
          .PUT(HttpRequest.BodyPublishers.noBody()));
      assertThat(member.statusCode()).as(member.body()).isEqualTo(204);
    }
  }

  private RatingLoad load(String prefix, List<AppNode> nodes, int threads) {
    return new RatingLoad(prefix, nodes, UNIT, "rel-office", PASSWORD, threads);
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void killedUnderLoadAndRestartedItLosesNothingAndCarriesOn() {
    TaskWorker worker = new TaskWorker(List.of(a), "rel-office", "rel-inspector", PASSWORD);
    RatingLoad load = load("crash", List.of(a), 3);
    Polling.until("ratings acknowledged and complaints waiting for verification", Duration.ofMinutes(3),
        // the worker's verifications done first: else it could take the waiting ones between this check and its close
        () -> load.acknowledged.size() >= 150 && worker.verificationsDone() && waitingForVerification().size() >= 4);
    worker.close();
    // Verification deadlines due in 3 s: they fall due while the node is dead.
    List<String> waiting = waitingForVerification();
    timersWhileDown.addAll(waiting.subList(0, 3));
    String due = ZonedDateTime.now().plusSeconds(3).format(REST_DATE);
    WebClient admin = a.client().basic("admin", ADMIN_PASSWORD);
    for (String instance : timersWhileDown) {
      HttpResponse<String> moved = admin.send(admin.request("/engine-rest/job/" + job(instance, "Timer_VerifyOverdue") + "/duedate")
          .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"duedate\":\"" + due + "\"}")));
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(204);
    }
    a.kill();
    int requestsAtKill = load.requests.get();
    Polling.until("the load has met the dead node", Duration.ofSeconds(30), () -> load.requests.get() > requestsAtKill + 3);
    load.close();
    Set<String> instancesAtKill = new HashSet<>(db.sql("select id_ from act_ru_execution where parent_id_ is null")
        .query(String.class).list());

    a.start(START);
    Tally ratings = tally(load, storedRatings("crash-%"));
    System.out.printf("[crash] %s%n", ratings);
    assertLoadAnsweredProperly(load, true);
    assertThat(worker.failures).as("task completions that failed, with their answers (the worker was alone)").isEmpty();
    ratings.assertExactlyOnce();
    for (String number : load.complaints) {
      assertThat(db.sql("select count(*) from complaint where number = ?").param(number).query(Long.class).single())
          .as("complaint " + number).isEqualTo(1);
      assertThat(db.sql("select count(*) from act_hi_procinst where business_key_ = ?").param(number).query(Long.class).single())
          .as("process of " + number).isEqualTo(1);
    }
    long survived = db.sql("select count(*) from act_hi_procinst where id_ in (:ids)").param("ids", instancesAtKill)
        .query(Long.class).single();
    System.out.printf("[crash] process instances at the kill %d, found after restart %d%n", instancesAtKill.size(), survived);
    assertThat(survived).isEqualTo(instancesAtKill.size());

    Polling.until("the deadlines that fell due while the node was dead have fired", Duration.ofMinutes(2),
        () -> timersWhileDown.stream().allMatch(i -> ran(i, "Task_EscalateVerify") == 1));
    long deadlinesRun = timersWhileDown.stream().mapToLong(i -> ran(i, "Timer_VerifyOverdue")).sum();
    long escalationsRun = timersWhileDown.stream().mapToLong(i -> ran(i, "Task_EscalateVerify")).sum();
    for (String instance : timersWhileDown) {
      assertThat(ran(instance, "Timer_VerifyOverdue")).isEqualTo(1);
      // The instance goes on: the inspector verifies it now, and it moves to the reply.
      WebClient inspector = a.client().basic("rel-inspector", PASSWORD);
      HttpResponse<String> done = inspector.postJson("/engine-rest/task/" + task(instance, "Task_VerifyComplaint") + "/complete",
          NOT_SUBSTANTIATED);
      assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
      assertThat(db.sql("select count(*) from act_ru_task where proc_inst_id_ = ? and task_def_key_ = 'Task_ReplyComplainant'")
          .param(instance).query(Long.class).single()).isEqualTo(1);
    }
    System.out.printf("[crash] load: %s; tasks done by people: %d (failed %d); process instances at the kill %d, %d there after"
            + " restart; %s; deadlines due while down %d: the deadline ran %d times, the escalation %d times%n",
        load.summary(), worker.completed.get(), worker.failures.size(), instancesAtKill.size(), survived, ratings,
        timersWhileDown.size(), deadlinesRun, escalationsRun);
  }

  @Test
  @Order(2)
  void aDatabaseOutageOfTwentySecondsAnswers503AndTheAppRecoversByItself() throws IOException {
    RatingLoad load = load("outage", List.of(a), 3);
    Polling.until("ratings acknowledged before the outage", Duration.ofMinutes(1), () -> load.acknowledged.size() >= 40);
    WebClient officeBrowser = a.client();
    officeBrowser.login("rel-office", PASSWORD);
    WebClient inspectorRest = a.client().basic("rel-inspector", PASSWORD);

    postgres.close();
    long down = System.nanoTime();
    System.out.println("[outage] PostgreSQL stopped");
    // A browser, an engine-rest client and a load balancer's probe, while the ratings keep coming.
    CompletableFuture<HttpResponse<String>> page = CompletableFuture.supplyAsync(() -> officeBrowser.send(
        officeBrowser.request("/units").timeout(RatingLoad.HANG).header("Accept", "text/html").GET()));
    CompletableFuture<HttpResponse<String>> api = CompletableFuture.supplyAsync(() -> inspectorRest.send(
        inspectorRest.request("/engine-rest/task").timeout(RatingLoad.HANG).header("Accept", "application/json").GET()));
    CompletableFuture<HttpResponse<String>> health = CompletableFuture.supplyAsync(() -> a.client().send(
        a.client().request("/actuator/health").timeout(RatingLoad.HANG).GET()));
    Polling.until("twenty seconds of outage with requests answered 503", Duration.ofMinutes(1),
        () -> System.nanoTime() - down >= Duration.ofSeconds(20).toNanos() && load.unavailable.get() >= 5
            && page.isDone() && api.isDone() && health.isDone());
    startPostgres();
    long up = System.nanoTime();
    System.out.println("[outage] PostgreSQL started again");
    int okBefore = load.ok.get();
    Polling.until("ratings acknowledged again", Duration.ofMinutes(1), () -> load.ok.get() >= okBefore + 20);
    long recovered = (load.firstOkAfter(up) - up) / 1_000_000;
    load.close();

    assertThat(health.join().statusCode()).as(health.join().body()).isEqualTo(503);
    assertThat(health.join().body()).contains("DOWN");
    assertThat(page.join().statusCode()).isEqualTo(503);
    assertThat(page.join().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.join().body()).contains("服务暂时不可用").contains("数据库暂时不可用").doesNotContain("Exception");
    assertThat(api.join().statusCode()).isEqualTo(503);
    assertThat(api.join().headers().firstValue("Retry-After")).isPresent();
    assertThat(api.join().body()).contains("数据库暂时不可用").doesNotContain("Exception");
    Tally ratings = tally(load, storedRatings("outage-%"));
    System.out.printf("[outage] PostgreSQL stopped for %d ms under load: %s; health, a page and /engine-rest answered 503"
        + " during it; 2xx again %d ms after the database was back; %s%n",
        (up - down) / 1_000_000, load.summary(), recovered, ratings);
    // The node stayed up: with the database gone it must still answer every request (503), never drop one.
    assertLoadAnsweredProperly(load, false);
    ratings.assertExactlyOnce();
    assertThat(a.client().get("/actuator/health").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void twoNodesShareTheWorkEveryTimerRunsOnceAndOneNodeKilledTheOtherCarriesOn() throws SQLException {
    b.start(START);
    TaskWorker triage = new TaskWorker(List.of(a, b), "rel-office", null, PASSWORD);
    RatingLoad load = load("cluster", List.of(a, b), 4);
    Set<String> before = new HashSet<>(waitingForVerification());
    Polling.until("load on both nodes and new complaints waiting for verification", Duration.ofMinutes(3),
        () -> load.acknowledged.size() >= 100 && waitingForVerification().stream().filter(i -> !before.contains(i)).count() >= 8);
    triage.close();

    // A task completed on one node is gone on the other.
    String instance = waitingForVerification().get(0);
    String taskId = task(instance, "Task_VerifyComplaint");
    assertThat(a.client().basic("rel-inspector", PASSWORD).postJson("/engine-rest/task/" + taskId + "/complete", NOT_SUBSTANTIATED)
        .statusCode()).isEqualTo(204);
    WebClient inspectorOnB = b.client().basic("rel-inspector", PASSWORD);
    assertThat(inspectorOnB.getJson("/engine-rest/task/" + taskId).statusCode()).isEqualTo(404);
    HttpResponse<String> late = inspectorOnB.postJson("/engine-rest/task/" + taskId + "/complete", NOT_SUBSTANTIATED);
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("该任务已不存在");

    // Every verification deadline of the waiting complaints due now, half moved through each node.
    List<String> instances = waitingForVerification();
    List<String> jobs = new ArrayList<>();
    for (String i : instances) {
      jobs.add(job(i, "Timer_VerifyReminder"));
      jobs.add(job(i, "Timer_VerifyOverdue"));
    }
    // Both nodes' job executors lock timers; their transactions then wait for the rows the test holds.
    Map<String, Long> owners;
    try (Connection holder = postgres.getPostgresDatabase().getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement hold = holder.prepareStatement("select id_ from act_ru_execution where proc_inst_id_ = any (?) for update")) {
        hold.setArray(1, holder.createArrayOf("varchar", instances.toArray()));
        hold.executeQuery().close();
      }
      moveDue(jobs);
      Polling.until("timers locked by both nodes", Duration.ofMinutes(1), () -> lockOwners(jobs).size() >= 2);
      owners = lockOwners(jobs);
      a.kill();
      holder.rollback();
    }
    load.sendTo(List.of(b));
    int okAtKill = load.ok.get();

    Polling.until("every timer fired, the dead node's locked ones after their lock expired", Duration.ofMinutes(2),
        () -> instances.stream().allMatch(i -> ran(i, "Task_EscalateVerify") == 1 && ran(i, "Task_RemindVerify") == 1));
    Polling.until("node b still taking ratings", Duration.ofMinutes(1), () -> load.ok.get() > okAtKill + 20);
    load.close();
    for (String i : instances) {
      assertThat(ran(i, "Timer_VerifyReminder")).as("reminder of " + i).isEqualTo(1);
      assertThat(ran(i, "Timer_VerifyOverdue")).as("deadline of " + i).isEqualTo(1);
      assertThat(ran(i, "Task_RemindVerify")).as("reminder mail of " + i).isEqualTo(1);
      assertThat(ran(i, "Task_EscalateVerify")).as("escalation of " + i).isEqualTo(1);
    }
    // The timers of the crash still ran once, after everything since.
    for (String i : timersWhileDown) {
      assertThat(ran(i, "Task_EscalateVerify")).isEqualTo(1);
    }
    assertThat(triage.failures).as("task completions that failed, with their answers (the worker was alone)").isEmpty();
    assertLoadAnsweredProperly(load, true);
    HttpResponse<String> carriesOn = inspectorOnB.postJson("/engine-rest/task/" + task(instances.get(0), "Task_VerifyComplaint")
        + "/complete", NOT_SUBSTANTIATED);
    assertThat(carriesOn.statusCode()).as(carriesOn.body()).isEqualTo(204);
    Tally ratings = tally(load, storedRatings("cluster-%"));
    Map<String, Long> everyRating = storedRatings("%");
    long timersRun = instances.stream().mapToLong(i -> ran(i, "Timer_VerifyReminder") + ran(i, "Timer_VerifyOverdue")).sum();
    System.out.printf("[two nodes] load on a and b: %s; triage done on both: %d (failed %d); timers moved due: %d on %d instances;"
            + " locked per job executor when a was killed: %s; timers run %d (reminder mails %d, escalations %d),"
            + " a's after its lock expired; b took %d more ratings after a died; %s; all scenarios: %d ratings stored, %d of"
            + " them more than once%n",
        load.summary(), triage.completed.get(), triage.failures.size(), jobs.size(), instances.size(), owners.values(), timersRun,
        instances.stream().mapToLong(i -> ran(i, "Task_RemindVerify")).sum(),
        instances.stream().mapToLong(i -> ran(i, "Task_EscalateVerify")).sum(), load.ok.get() - okAtKill, ratings,
        everyRating.size(), everyRating.values().stream().filter(n -> n != 1).count());
    ratings.assertExactlyOnce();
    assertThat(everyRating.values()).allMatch(n -> n == 1);
  }

  /**
   * Sessions live in the database (issue 22): a person logged in through node a, with Tasklist open on a
   * task's form and one of our forms' CSRF token in hand, goes on through node b when a is killed, with the
   * same cookies (a load balancer without sticky sessions): no new login, and both the Tasklist completion
   * (Camunda's XSRF header) and our form's POST (Spring Security's token) are accepted. Over HTTP as Tasklist's
   * own calls go, without a browser (the same requests, cookies and headers; a browser would add two minutes).
   */
  @Test
  @Order(4)
  void aUserLoggedInThroughADeadNodeKeepsWorkingThroughTheOtherOneWithTheSameCookies() {
    for (AppNode node : new AppNode[] {a, b}) {
      if (!node.alive()) {
        node.start(START);
      }
    }
    // Through node a: logged in and Tasklist open. The office enters a bad review (a paper form), which becomes
    // a complaint whose triage waits for it in Tasklist.
    WebClient onA = a.client().loginToTasklist("rel-office", PASSWORD);
    HttpResponse<String> review = onA.postJson("/api/ratings", "{\"unitCode\":\"" + UNIT + "\",\"level\":2,"
        + "\"channel\":\"FORM\",\"comment\":\"会话测试差评\",\"clientRef\":\"session-review-1\"}");
    assertThat(review.statusCode()).as(review.body()).isBetween(200, 201);
    String complaint = review.body().replaceAll(".*\"complaintNumber\":\"([^\"]+)\".*", "$1");
    Polling.until("the complaint's triage task", Duration.ofMinutes(1), () -> db.sql("select count(*) from act_ru_task t"
        + " join act_ru_execution e on e.id_ = t.proc_inst_id_ where e.business_key_ = ? and t.task_def_key_ = 'Task_TriageComplaint'")
        .param(complaint).query(Long.class).single() == 1);
    String taskId = db.sql("select t.id_ from act_ru_task t join act_ru_execution e on e.id_ = t.proc_inst_id_"
        + " where e.business_key_ = ? and t.task_def_key_ = 'Task_TriageComplaint'").param(complaint).query(String.class).single();

    // Still on a: Tasklist open on the task's form, and our logout form's CSRF token taken.
    String api = "/camunda/api/engine/engine/default/task/" + taskId;
    assertThat(onA.getJson(api + "/form-variables").statusCode()).isEqualTo(200);
    String csrf = onA.csrfOf("/logout");
    String session = onA.cookie("JSESSIONID");
    assertThat(onA.cookie("XSRF-TOKEN")).as("Tasklist's XSRF cookie").isNotNull();
    a.kill();

    // Through node b, the same cookies and tokens.
    WebClient onB = onA.on(b.port());
    HttpResponse<String> page = onB.get("/");
    assertThat(page.statusCode()).as("our start page without a new login: " + page.headers().map()).isEqualTo(200);
    HttpResponse<String> form = onB.getJson(api + "/form-variables");
    assertThat(form.statusCode()).as("Tasklist's form on b: " + form.body()).isEqualTo(200);
    HttpResponse<String> done = onB.postJson(api + "/submit-form", "{\"variables\":{\"triageOutcome\":{\"value\":\"ACCEPT\","
        + "\"type\":\"String\"}}}");
    assertThat(done.statusCode()).as("Tasklist's completion on b: " + done.body()).isEqualTo(204);
    assertThat(db.sql("select count(*) from act_ru_task where id_ = ?").param(taskId).query(Long.class).single()).isZero();
    assertThat(onB.cookie("JSESSIONID")).as("the same session").isEqualTo(session);
    HttpResponse<String> out = onB.postForm("/logout", Map.of("_csrf", csrf));
    assertThat(out.headers().firstValue("Location").orElse("")).as("our form's POST with a's CSRF token: " + out.statusCode())
        .contains("/login?logout");
    String sessionId = new String(java.util.Base64.getDecoder().decode(session), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(db.sql("select count(*) from spring_session where session_id = ?").param(sessionId).query(Long.class).single())
        .as("the session ended by the logout").isZero();
    System.out.printf("[sessions] rel-office logged in through a, Tasklist's form and our CSRF token taken there; a killed;"
        + " through b with the same cookies: start page 200, the form 200, submit-form %d, logout with a's token %d%n",
        done.statusCode(), out.statusCode());
  }

  // ---------------------------------------------------------------------------------------------

  /** The jobs due now, half of them moved through each node's REST API. */
  private void moveDue(List<String> jobs) {
    String now = ZonedDateTime.now().format(REST_DATE);
    for (int j = 0; j < jobs.size(); j++) {
      WebClient admin = (j % 2 == 0 ? a : b).client().basic("admin", ADMIN_PASSWORD);
      HttpResponse<String> moved = admin.send(admin.request("/engine-rest/job/" + jobs.get(j) + "/duedate")
          .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"duedate\":\"" + now + "\"}")));
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(204);
    }
  }

  /** How many of the jobs each job executor (lock owner) holds. */
  private Map<String, Long> lockOwners(List<String> jobs) {
    return db.sql("select lock_owner_, count(*) from act_ru_job where id_ in (:ids) and lock_owner_ is not null group by lock_owner_")
        .param("ids", jobs).query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** What the database holds of the ratings a load sent, counted from its rows (the printed figures come from here). */
  private record Tally(int acknowledged, long storedOnce, List<String> lost, List<String> storedMoreThanOnce) {

    void assertExactlyOnce() {
      assertThat(lost).as("acknowledged but not stored").isEmpty();
      assertThat(storedMoreThanOnce).as("stored more than once").isEmpty();
    }

    @Override
    public String toString() {
      return "ratings acknowledged " + acknowledged + ", of them stored once " + storedOnce + ", lost " + lost.size()
          + ", stored more than once (acknowledged or not) " + storedMoreThanOnce.size();
    }
  }

  private static Tally tally(RatingLoad load, Map<String, Long> stored) {
    Set<String> acknowledged = Set.copyOf(load.acknowledged);
    return new Tally(acknowledged.size(), acknowledged.stream().filter(ref -> stored.getOrDefault(ref, 0L) == 1).count(),
        acknowledged.stream().filter(ref -> !stored.containsKey(ref)).sorted().toList(),
        stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList());
  }

  /**
   * Every request got a proper answer, or none only while its node was dead: a refused or cut connection
   * while the node was up is a failure, as is a hang, an unexpected status or a 503 without its Retry-After
   * and Chinese message. With the database up, no 503 at all.
   */
  private static void assertLoadAnsweredProperly(RatingLoad load, boolean databaseUp) {
    assertThat(load.unreachableWhileUp()).as("requests without an answer while their node was up").isEmpty();
    assertThat(load.hangs.get()).as("requests that hung for %s", RatingLoad.HANG).isZero();
    assertThat(load.otherStatuses).as(load.otherExamples.toString()).isEmpty();
    assertThat(load.badUnavailable.get()).as(load.otherExamples.toString()).isZero();
    if (databaseUp) {
      assertThat(load.unavailable.get()).as("503 while the database was up, the first: " + load.firstUnavailable).isZero();
    }
  }

  private Map<String, Long> storedRatings(String like) {
    return db.sql("select client_ref, count(*) as n from rating where client_ref like ? group by client_ref").param(like)
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private List<String> waitingForVerification() {
    return db.sql("select proc_inst_id_ from act_ru_task where task_def_key_ = 'Task_VerifyComplaint' order by create_time_")
        .query(String.class).list();
  }

  private String job(String instance, String activity) {
    return db.sql("select j.id_ from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_"
        + " where j.process_instance_id_ = ? and d.act_id_ = ?").params(instance, activity).query(String.class).single();
  }

  private String task(String instance, String taskKey) {
    return db.sql("select id_ from act_ru_task where proc_inst_id_ = ? and task_def_key_ = ?").params(instance, taskKey)
        .query(String.class).single();
  }

  /** How often an activity of the instance ran to its end (history is written in the same transaction). */
  private long ran(String instance, String activity) {
    return db.sql("select count(*) from act_hi_actinst where proc_inst_id_ = ? and act_id_ = ? and end_time_ is not null")
        .params(instance, activity).query(Long.class).single();
  }
}
