package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.servicestar.engine.DiagramDeployer;
import org.servicestar.support.Benchmarks;
import org.servicestar.support.Benchmarks.Goal;
import org.servicestar.support.Fixtures;
import org.servicestar.support.StatementPlans;
import org.servicestar.support.WebClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 9, goal 4: a unit lead's Tasklist with a city's open tasks in the database. The lead opens
 * 本单位待办 (candidate groups = the lead's groups, assigned tasks included), as Tasklist does: the
 * first page of 15, newest first, and the count, with Camunda's authorization checks on — through the
 * Java API as the lead ({@code FilterService}, what {@code /engine-rest/filter/{id}/list} calls) and
 * through the REST API with the lead's basic auth. p50 and p95 with only the lead's unit's 50 tasks in
 * the database, then with 100 000 open tasks across 2 000 units' groups (a province: {@code -Dbenchmark.tasks=1000000}, 20 000 units), in the same run.
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TasklistBenchmark</pre>
 * {@code -Dbenchmark.plans=true} prints the statements with their values and PostgreSQL's plans of them
 * (small and large); {@code -Dbenchmark.stale=true} measures the large case before any ANALYZE.
 *
 * <p>The lead's tasks come from the engine (a one-task process with candidate group
 * {@code unit-${unitCode}}). The other units' tasks are copies of an engine-made one — its execution,
 * task, candidate-group link and the authorization the engine grants the group on it — written with
 * INSERT … SELECT, and so are the other units' groups with their Tasklist and filter grants: making
 * 100 000 through the engine takes most of an hour on this machine, and the rows are the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "logging.level.org.servicestar.notification=warn")
@ActiveProfiles({"test", "postgres"})
class TasklistBenchmark {

  private static final int TASKS = Integer.getInteger("benchmark.tasks", 100_000);
  /** 50 open tasks a unit, as the lead's own: a city's 2 000 units by default, a province's 20 000 with {@code -Dbenchmark.tasks=1000000}. */
  private static final int UNITS = TASKS / 50;
  private static final int PER_UNIT = TASKS / UNITS;
  private static final int SAMPLES = Integer.getInteger("benchmark.samples", 200);
  /** {@code -Dbenchmark.stale}: no ANALYZE after the copy and autovacuum off, the planner's statistics still those of 50 tasks. */
  private static final boolean STALE = Boolean.getBoolean("benchmark.stale");
  private static final String LEAD = "bm-lead";
  private static final String PASSWORD = "benchmark-secret-1";
  private static final String UNIT = "bmu00000";
  private static final EmbeddedPostgres POSTGRES = Benchmarks.startPostgres();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    Benchmarks.use(POSTGRES, registry);
  }

  @AfterAll
  static void stop() {
    Benchmarks.stop(POSTGRES);
  }

  @LocalServerPort
  int port;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  DiagramDeployer deployer;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService tasks;
  @Autowired
  FilterService filters;
  @Autowired
  IdentityService identity;
  @Autowired
  ProcessEngine engine;
  StatementPlans plans;

  @Test
  void theUnitFilterWithACitysOpenTasks() {
    unitGroups.ensure(UNIT, "基准窗口");
    unitGroups.createLead(UNIT, LEAD, "窗口负责人", PASSWORD);
    deployer.deployAll(Fixtures.deployFolder());
    for (int i = 0; i < PER_UNIT; i++) {
      runtime.startProcessInstanceByKey("FixtureUnitTask", "bm-" + i, Map.of("unitCode", UNIT));
    }
    String filterId = filters.createFilterQuery().filterName(TasklistFilters.UNIT_FILTER).list().stream()
        .filter(f -> f.getOwner() == null).map(Filter::getId).findFirst().orElseThrow();
    WebClient rest = new WebClient(port).basic(LEAD, PASSWORD);
    jdbc.execute("analyze");
    double[][] small = {measure(() -> javaApi(filterId)), measure(() -> rest(rest, filterId))};
    assertThat(javaApi(filterId)).hasSize(15);
    String smallPlans = plans(filterId);
    if (STALE) {
      // statistics as they were with the unit's 50 tasks, until autovacuum would have analysed
      jdbc.execute("alter system set autovacuum = off");
      jdbc.execute("select pg_reload_conf()");
    }

    long t = System.nanoTime();
    otherUnits();
    double copySeconds = (System.nanoTime() - t) / 1e9;
    long open = jdbc.queryForObject("select count(*) from act_ru_task", Long.class);
    assertThat(open).isEqualTo((long) PER_UNIT * UNITS);
    assertThat(tasks.createTaskQuery().taskCandidateGroup("unit-bmu00001").count()).isEqualTo(PER_UNIT);
    if (!STALE) {
      jdbc.execute("vacuum analyze");
    }
    Benchmarks.resetStatements(jdbc);
    double[][] large = {measure(() -> javaApi(filterId)), measure(() -> rest(rest, filterId))};
    List<Task> page = javaApi(filterId);
    assertThat(page).hasSize(15).allMatch(task -> task.getProcessDefinitionId().startsWith("FixtureUnitTask"));
    String largePlans = plans(filterId);

    System.out.println(String.format(Locale.ROOT, """

        ===== A unit lead's Tasklist (本单位待办: first page of 15 + count), PostgreSQL 17 (embedded), this machine =====
        small: only the lead's unit's %d open tasks; large: %,d open tasks across %,d units' groups (copied in %.1f s)%s
        %d samples each after 20 warm-ups, authorization checks on
                               small p50   small p95   large p50   large p95   p95 ratio
        Java API (FilterService) %8.1f ms %8.1f ms %8.1f ms %8.1f ms %8.2f
        REST /engine-rest/filter %8.1f ms %8.1f ms %8.1f ms %8.1f ms %8.2f
        goal4 unit lead's Tasklist: p95 %.1f ms with %,d open tasks vs %.1f ms with %d, ratio %.2f; REST p95 ratio %.2f
        %s%s=====================================================================================================
        """, PER_UNIT, open, UNITS, copySeconds, STALE ? ", statistics stale (not analysed after the copy)" : "", SAMPLES,
        small[0][0], small[0][1], large[0][0], large[0][1], large[0][1] / small[0][1],
        small[1][0], small[1][1], large[1][0], large[1][1], large[1][1] / small[1][1],
        large[0][1], open, small[0][1], PER_UNIT, large[0][1] / small[0][1], large[1][1] / small[1][1],
        Benchmarks.topStatements(jdbc), smallPlans + largePlans));
    Benchmarks.result("goal4 unit lead's Tasklist, p95 large / small", large[0][1] / small[0][1], 2, Goal.AT_MOST, 2);
  }

  /** {@code -Dbenchmark.plans}: the plans of the Java API's statements ("" without the option). */
  private String plans(String filterId) {
    if (!StatementPlans.ENABLED) {
      return "";
    }
    long open = jdbc.queryForObject("select count(*) from act_ru_task", Long.class);
    if (plans == null) {
      plans = StatementPlans.attach(engine);
    }
    return "======== plans with " + open + " open tasks ========\n"
        + StatementPlans.explain(jdbc, plans.capture(() -> javaApi(filterId)));
  }

  /** Tasklist's two calls for the filter, as the lead: the first page, newest first, and the count. */
  private List<Task> javaApi(String filterId) {
    identity.setAuthentication(LEAD, List.of(Groups.ofUnit(UNIT)));
    try {
      List<Task> page = filters.listPage(filterId, tasks.createTaskQuery().orderByTaskCreateTime().desc(), 0, 15);
      assertThat(filters.count(filterId)).isEqualTo(PER_UNIT);
      return page;
    } finally {
      identity.clearAuthentication();
    }
  }

  private static Object rest(WebClient rest, String filterId) {
    String body = "{\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}";
    HttpResponse<String> list = rest.postJson("/engine-rest/filter/" + filterId + "/list?firstResult=0&maxResults=15", body);
    HttpResponse<String> count = rest.postJson("/engine-rest/filter/" + filterId + "/count", body);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(count.body()).contains("\"count\":" + PER_UNIT);
    return list;
  }

  /** {p50, p95} in ms. */
  private static double[] measure(Supplier<?> call) {
    for (int i = 0; i < 20; i++) {
      call.get();
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      millis.add(Benchmarks.millis(call::get));
    }
    return new double[] {Benchmarks.percentile(millis, 50), Benchmarks.percentile(millis, 95)};
  }

  /**
   * Units bmu00001…bmu19999 (a province; a city stops at bmu01999): their groups with the grants {@link UnitGroups#ensure} gives, and
   * {@value #PER_UNIT} open tasks each, copied from the lead's unit's engine-made rows.
   */
  private void otherUnits() {
    String group = Groups.ofUnit(UNIT);
    String unitOf = "'unit-bmu' || lpad(cast(1 + (g - 1) % " + (UNITS - 1) + " as varchar), 5, '0')";
    copy("act_id_group", "id_ = '" + group + "'", UNITS - 1, Map.of("id_", "'unit-bmu' || lpad(cast(g as varchar), 5, '0')"));
    // the group's grants (Tasklist, the filter), not those on the lead's tasks (resource type 7)
    copy("act_ru_authorization", "group_id_ = '" + group + "' and resource_type_ <> 7", UNITS - 1, Map.of(
        "id_", "'bma-g' || g || '-' || id_", "group_id_", "'unit-bmu' || lpad(cast(g as varchar), 5, '0')"));
    String templateTask = jdbc.queryForObject("select min(id_) from act_ru_task", String.class);
    String templateExecution = jdbc.queryForObject("select execution_id_ from act_ru_task where id_ = ?", String.class, templateTask);
    int count = TASKS - PER_UNIT;
    copy("act_ru_execution", "id_ = '" + templateExecution + "'", count, Map.of(
        "id_", "'bmx-' || g", "proc_inst_id_", "'bmx-' || g", "root_proc_inst_id_", "'bmx-' || g", "business_key_", "'bmk-' || g"));
    copy("act_ru_task", "id_ = '" + templateTask + "'", count, Map.of(
        "id_", "'bmt-' || g", "execution_id_", "'bmx-' || g", "proc_inst_id_", "'bmx-' || g",
        "create_time_", "create_time_ - g * interval '1 minute'"));
    copy("act_ru_identitylink", "task_id_ = '" + templateTask + "'", count, Map.of(
        "id_", "'bmi-' || g", "task_id_", "'bmt-' || g", "group_id_", unitOf));
    copy("act_ru_authorization", "resource_id_ = '" + templateTask + "'", count, Map.of(
        "id_", "'bma-t' || g", "resource_id_", "'bmt-' || g", "group_id_", unitOf));
  }

  /** Inserts {@code times} copies of the rows matching {@code where}, with the overridden columns computed from {@code g}. */
  private void copy(String table, String where, int times, Map<String, String> overrides) {
    List<String> columns = jdbc.queryForList(
        "select column_name from information_schema.columns where table_name = ? order by ordinal_position", String.class, table);
    String select = String.join(", ", columns.stream().map(c -> overrides.getOrDefault(c, c)).toList());
    int rows = jdbc.update("insert into " + table + " (" + String.join(", ", columns) + ") select " + select + " from " + table
        + ", generate_series(1, " + times + ") g where " + where);
    assertThat(rows).as(table).isPositive();
  }
}
