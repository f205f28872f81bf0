package org.servicestar.complaint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.servicestar.security.UnitGroups;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Drives complaints through the Java API the way people do in Tasklist (find the task, claim it,
 * complete it, as the user, with Camunda's authorization checks on), along the substantiated path:
 * triage, verify, rectify, accept, return visit. And drives the engine floor the same way: a bare
 * process with as many user tasks ({@code benchmark/engine-floor.bpmn}), the same answers, no app logic.
 * For the benchmarks only.
 */
final class ComplaintDriver {

  static final String FLOOR_PROCESS = "BenchmarkFloor";
  private static final String FLOOR_GROUP = "benchmark-floor";
  private static final String PASSWORD = "benchmark-secret-1";
  private static final String[][] FINDINGS = {
      {"ATTITUDE", "MEDIUM", "经调取监控和询问当事人，窗口人员解释不耐心，属实"},
      {"OVERDUE", "LOW", "核对办件系统，超出承诺时限 2 个工作日，属实"},
      {"ENVIRONMENT", "LOW", "现场查看，等候区座椅不足、指引不清，属实"},
      {"DISCIPLINE", "LOW", "工作时间离岗 20 分钟，未按规定挂牌，属实"}};

  private final ComplaintService complaints;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final IdentityService identity;
  private final String prefix;
  private final List<String> units = new ArrayList<>();
  private final Map<String, List<String>> groupsOf = new HashMap<>();
  /** Milliseconds spent per step ("complaint: Task_…", "floor: start" …) since the last {@link #resetTimings}. */
  private final Map<String, Double> stepMillis = new LinkedHashMap<>();
  private int next;

  /** Units {@code {prefix}w01…}, with a lead each, two office members and three inspectors, all with e-mail. */
  ComplaintDriver(ApplicationContext context, String prefix, int unitCount) {
    this.complaints = context.getBean(ComplaintService.class);
    this.runtime = context.getBean(RuntimeService.class);
    this.tasks = context.getBean(TaskService.class);
    this.identity = context.getBean(IdentityService.class);
    this.prefix = prefix;
    UnitService unitService = context.getBean(UnitService.class);
    UnitGroups unitGroups = context.getBean(UnitGroups.class);
    IdentityAdministration admin = context.getBean(IdentityAdministration.class);
    unitService.create(new UnitService.UnitDraft(prefix + "dept", "基准测试局", UnitType.DEPARTMENT, null));
    unitService.create(new UnitService.UnitDraft(prefix + "hall", "基准测试大厅", UnitType.HALL, prefix + "dept"));
    for (int i = 1; i <= unitCount; i++) {
      String code = String.format("%sw%02d", prefix, i);
      unitService.create(new UnitService.UnitDraft(code, "基准窗口" + i, UnitType.WINDOW, prefix + "hall"));
      unitGroups.createLead(code, "lead-" + code, "窗口负责人", PASSWORD, "lead-" + code + "@bench.local");
      units.add(code);
    }
    user(admin, prefix + "office1", Groups.OFFICE, true);
    user(admin, prefix + "office2", Groups.OFFICE, true);
    for (int i = 1; i <= 3; i++) {
      user(admin, prefix + "inspector" + i, Groups.INSPECTORS, true);
    }
    // The floor's people: members of its candidate group without an address, so it writes no mail.
    admin.ensureGroup(FLOOR_GROUP, "基准空流程", IdentityAdministration.WORKFLOW);
    user(admin, prefix + "floor", FLOOR_GROUP, false);
    context.getBean(RepositoryService.class).createDeployment().name("benchmark-floor")
        .addClasspathResource("benchmark/engine-floor.bpmn").deploy();
  }

  private void user(IdentityAdministration admin, String id, String group, boolean withMail) {
    admin.ensureUser(id, "基准", id, PASSWORD, withMail ? id + "@bench.local" : null);
    admin.ensureMembership(id, group);
  }

  /** One complaint from the public API's service to closure; returns its number. */
  String complaint() {
    int n = next++;
    String unit = units.get(n % units.size());
    String[] finding = FINDINGS[n % FINDINGS.length];
    String office = prefix + "office" + (1 + n % 2);
    String inspector = prefix + "inspector" + (1 + n % 3);
    String number = timed("complaint: submit (intake, register)", () -> complaints.submit(new ComplaintService.Submission(unit,
        "ONLINE", "窗口人员态度生硬，材料一次次让补", "张先生", "13800000000", prefix + "c" + n)).number());
    for (Step step : steps(finding)) {
      String user = switch (step.who) {
        case OFFICE -> office;
        case INSPECTOR -> inspector;
        case LEAD -> "lead-" + unit;
      };
      timed("complaint: " + step.taskKey, () -> work(user, step, number, Groups.ofUnit(unit)));
    }
    return number;
  }

  /** One instance of the floor process, with the same answers given by the same number of people. */
  String floor() {
    int n = next++;
    String key = prefix + "f" + n;
    String unit = units.get(n % units.size());
    String[] finding = FINDINGS[n % FINDINGS.length];
    Map<String, Object> vars = complaints.processVariables(key, new org.servicestar.unit.Unit(0, unit, unit, UnitType.WINDOW,
        null, null, true, 0), "ONLINE", "窗口人员态度生硬，材料一次次让补");
    timed("floor: start", () -> runtime.startProcessInstanceByKey(FLOOR_PROCESS, key, vars));
    List<Step> steps = steps(finding);
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      Step floorStep = new Step(s.who, "Task_Floor" + (i + 1), s.answers, s.byGroup);
      timed("floor: " + floorStep.taskKey + " (as " + s.taskKey + ")", () -> work(prefix + "floor", floorStep, key, FLOOR_GROUP));
    }
    return key;
  }

  /** Where the time of a complaint and of a floor instance went, step by step (the find, claim and complete of each task). */
  String timings() {
    StringBuilder report = new StringBuilder();
    stepMillis.forEach((step, ms) -> report.append(String.format(java.util.Locale.ROOT, "  %-58s %10.0f ms%n", step, ms)));
    return report.toString();
  }

  void resetTimings() {
    stepMillis.clear();
  }

  private <T> T timed(String step, java.util.function.Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      stepMillis.merge(step, (System.nanoTime() - start) / 1e6, Double::sum);
    }
  }

  private void timed(String step, Runnable work) {
    timed(step, () -> {
      work.run();
      return null;
    });
  }

  private enum Who { OFFICE, INSPECTOR, LEAD }

  /** A task: who does it, its key, the answers; byGroup = found in the group's list (the unit's rectification) rather than by number. */
  private record Step(Who who, String taskKey, Map<String, Object> answers, boolean byGroup) {
  }

  private static List<Step> steps(String[] finding) {
    return List.of(
        new Step(Who.OFFICE, ComplaintHandlingIds.Tasks.TRIAGE, Map.of(ComplaintHandlingIds.Vars.TRIAGE_OUTCOME, "ACCEPT"), false),
        new Step(Who.INSPECTOR, ComplaintHandlingIds.Tasks.VERIFY, Map.of(ComplaintHandlingIds.Vars.SUBSTANTIATED, true,
            ComplaintHandlingIds.Vars.CATEGORY, finding[0], ComplaintHandlingIds.Vars.SEVERITY, finding[1],
            ComplaintHandlingIds.Vars.FINDINGS, finding[2]), false),
        new Step(Who.LEAD, RectificationIds.Tasks.RECTIFY, Map.of(RectificationIds.Vars.EXTENSION_REQUESTED, false,
            RectificationIds.Vars.CAUSE, "服务意识不强，岗位制度执行不严",
            RectificationIds.Vars.MEASURES, "召开窗口例会通报，组织服务规范培训，负责人每日巡查",
            RectificationIds.Vars.COMPLETED_ON, "2026-11-27"), true),
        new Step(Who.INSPECTOR, RectificationIds.Tasks.ACCEPT, Map.of(RectificationIds.Vars.ACCEPTED, true,
            RectificationIds.Vars.ACCEPTANCE_COMMENT, "现场复查，整改到位"), true),
        new Step(Who.OFFICE, ComplaintHandlingIds.Tasks.RETURN_VISIT, Map.of(ComplaintHandlingIds.Vars.SATISFACTION, "SATISFIED",
            ComplaintHandlingIds.Vars.CAUSE_IN_UNITS_HANDS, false, "returnVisitNote", "电话回访，表示满意"), false));
  }

  /**
   * As the user, with their groups: finds the task in their list (by the complaint's number, or for
   * the rectification's steps the oldest of that kind in the group's list), claims and completes it.
   */
  private void work(String user, Step step, String businessKey, String group) {
    List<String> groups = groupsOf.computeIfAbsent(user,
        u -> identity.createGroupQuery().groupMember(u).list().stream().map(g -> g.getId()).toList());
    identity.setAuthentication(user, groups);
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
    try {
      TaskQuery query = tasks.createTaskQuery().taskDefinitionKey(step.taskKey);
      query = step.byGroup && step.who == Who.LEAD
          ? query.taskCandidateGroup(group).orderByTaskCreateTime().asc()
          : step.byGroup ? query.taskUnassigned().orderByTaskCreateTime().asc() : query.processInstanceBusinessKey(businessKey);
      List<Task> found = query.listPage(0, 1);
      if (found.isEmpty()) {
        throw new IllegalStateException("no " + step.taskKey + " for " + user + " (" + businessKey + ")");
      }
      Task task = found.get(0);
      tasks.claim(task.getId(), user);
      tasks.complete(task.getId(), step.answers);
    } finally {
      identity.clearAuthentication();
      SecurityContextHolder.clearContext();
    }
  }
}
