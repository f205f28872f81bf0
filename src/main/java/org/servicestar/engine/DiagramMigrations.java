package org.servicestar.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.batch.BatchStatistics;
import org.camunda.bpm.engine.batch.history.HistoricBatch;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.engine.DiagramVersions.Version;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves running instances of one version of a process to another with Camunda's migration API:
 * a plan that maps equal activities (same id), checked first — the plan itself, where the instances
 * stand, and each instance tried for real in a transaction that is rolled back — then run as a batch.
 */
@Service
class DiagramMigrations {

  /** Instances checked (and migrated) per run: each is tried in its own rolled-back transaction. */
  static final int MAX_INSTANCES = 200;

  /** Why something cannot be migrated: where (activity id and name) and why, in Chinese. */
  record Problem(String activityId, String activityName, String reason) {
    public String where() {
      return activityId == null ? "流程实例" : "活动 " + activityId + (activityName == null || activityName.isBlank() ? "" : "（" + activityName + "）");
    }
  }

  /** An activity where instances of the source version stand, and whether the plan takes them along. */
  record Standing(String activityId, String activityName, int instances, String targetActivityId) {
    public boolean mapped() {
      return targetActivityId != null;
    }
  }

  record InstanceCheck(String instanceId, String businessKey, List<Problem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  record Check(Version source, Version target, boolean planValid, List<Problem> planProblems, List<Standing> standing,
               List<InstanceCheck> instances, long total) {
    public List<String> migratable() {
      return instances.stream().filter(InstanceCheck::ok).map(InstanceCheck::instanceId).toList();
    }

    public long failing() {
      return instances.stream().filter(i -> !i.ok()).count();
    }

    public boolean ok() {
      return planValid && failing() == 0 && total > 0;
    }
  }

  /** A migration batch's progress, as the page and its JSON show it. */
  record Progress(String batchId, String status, int total, int done, int failed, List<String> errors) {
  }

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final ManagementService management;
  private final HistoryService history;
  private final DiagramVersions versions;
  private final AuditTrail audit;
  private final TransactionTemplate trial;

  DiagramMigrations(RepositoryService repository, RuntimeService runtime, ManagementService management, HistoryService history,
                    DiagramVersions versions, AuditTrail audit, PlatformTransactionManager transactions) {
    this.repository = repository;
    this.runtime = runtime;
    this.management = management;
    this.history = history;
    this.versions = versions;
    this.audit = audit;
    this.trial = new TransactionTemplate(transactions);
    this.trial.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
  }

  /** The plan from {@code source} to {@code target}: equal activities mapped by id; event triggers kept (timers keep their due dates). */
  private MigrationPlan plan(Version source, Version target) {
    return runtime.createMigrationPlan(source.definitionId(), target.definitionId()).mapEqualActivities().build();
  }

  Check check(Version source, Version target) {
    if (source.version() == target.version()) {
      throw new DiagramActionRefused("源版本和目标版本相同，请选择另一个目标版本。");
    }
    BpmnModelInstance sourceModel = repository.getBpmnModelInstance(source.definitionId());
    BpmnModelInstance targetModel = repository.getBpmnModelInstance(target.definitionId());
    List<Problem> planProblems = new ArrayList<>();
    MigrationPlan plan = null;
    try {
      plan = plan(source, target);
    } catch (MigrationPlanValidationException e) {
      e.getValidationReport().getInstructionReports().forEach(report -> report.getFailures().forEach(f -> planProblems.add(
          problem(report.getMigrationInstruction().getSourceActivityId(), sourceModel, f))));
      e.getValidationReport().getVariableReports().forEach((name, report) -> report.getFailures().forEach(f -> planProblems.add(
          new Problem(null, null, "变量 " + name + "：" + MigrationReasons.chinese(f)))));
      if (planProblems.isEmpty()) {
        planProblems.add(new Problem(null, null, MigrationReasons.chinese(e.getMessage())));
      }
    }
    Map<String, String> mapping = new LinkedHashMap<>();
    if (plan != null) {
      for (MigrationInstruction instruction : plan.getInstructions()) {
        mapping.put(instruction.getSourceActivityId(), instruction.getTargetActivityId());
      }
    }
    List<Standing> standing = new ArrayList<>();
    for (ActivityStatistics s : management.createActivityStatisticsQuery(source.definitionId()).list()) {
      if (s.getInstances() > 0) {
        standing.add(new Standing(s.getId(), name(sourceModel, s.getId()), s.getInstances(),
            plan == null ? null : mapping.get(s.getId())));
      }
    }
    long total = runtime.createProcessInstanceQuery().processDefinitionId(source.definitionId()).count();
    List<InstanceCheck> instances = new ArrayList<>();
    if (plan != null) {
      for (ProcessInstance instance : runtime.createProcessInstanceQuery().processDefinitionId(source.definitionId())
          .orderByProcessInstanceId().asc().listPage(0, MAX_INSTANCES)) {
        instances.add(new InstanceCheck(instance.getId(), instance.getBusinessKey(), tryOut(plan, instance.getId(), sourceModel)));
      }
    }
    return new Check(source, target, plan != null, planProblems, standing, instances, total);
  }

  /** Migrates one instance for real in a new transaction that is always rolled back: what would fail, in Chinese. */
  private List<Problem> tryOut(MigrationPlan plan, String instanceId, BpmnModelInstance sourceModel) {
    List<Problem> problems = new ArrayList<>();
    trial.executeWithoutResult(status -> {
      try {
        runtime.newMigration(plan).processInstanceIds(instanceId).execute();
      } catch (MigratingProcessInstanceValidationException e) {
        MigratingProcessInstanceValidationReport report = e.getValidationReport();
        report.getFailures().forEach(f -> problems.add(new Problem(null, null, MigrationReasons.chinese(f))));
        report.getActivityInstanceReports().forEach(r -> r.getFailures().forEach(f -> problems.add(problem(r.getSourceScopeId(), sourceModel, f))));
        report.getTransitionInstanceReports().forEach(r -> r.getFailures().forEach(f -> problems.add(problem(r.getSourceScopeId(), sourceModel, f))));
        if (problems.isEmpty()) {
          problems.add(new Problem(null, null, MigrationReasons.chinese(e.getMessage())));
        }
      } catch (ProcessEngineException e) {
        problems.add(new Problem(null, null, MigrationReasons.chinese(e.getMessage())));
      } finally {
        status.setRollbackOnly();
      }
    });
    return problems;
  }

  private static Problem problem(String activityId, BpmnModelInstance model, String failure) {
    return new Problem(activityId, name(model, activityId), MigrationReasons.chinese(failure));
  }

  private static String name(BpmnModelInstance model, String activityId) {
    if (activityId == null) {
      return null;
    }
    // An activity instance of a multi-instance body is reported as "id#multiInstanceBody".
    String id = activityId.replace("#multiInstanceBody", "");
    ModelElementInstance element = model.getModelElementById(id);
    return element instanceof FlowElement flow ? flow.getName() : null;
  }

  /**
   * Checks again and migrates, as one batch, the instances that passed (at most {@value #MAX_INSTANCES});
   * empty when none can be migrated.
   */
  Optional<Batch> migrate(Version source, Version target) {
    Check check = check(source, target);
    List<String> ids = check.migratable();
    if (ids.isEmpty()) {
      audit.record("MIGRATION_REFUSED", source.key(), "版本 " + source.version() + " → " + target.version() + "：没有可迁移的实例（共 "
          + check.total() + " 个运行中，" + check.failing() + " 个未通过检查）");
      return Optional.empty();
    }
    MigrationPlan plan = plan(source, target);
    Batch batch = versions.asEngineUser(() -> runtime.newMigration(plan).processInstanceIds(ids).executeAsync());
    audit.record("MIGRATION_STARTED", source.key(), "版本 " + source.version() + " → " + target.version() + "：迁移 " + ids.size()
        + " 个实例（批次 " + batch.getId() + "）" + (check.failing() > 0 ? "，" + check.failing() + " 个未通过检查的留在原版本" : "")
        + (check.total() > ids.size() + check.failing() ? "，另有 " + (check.total() - ids.size() - check.failing()) + " 个本次未检查" : ""));
    return Optional.of(batch);
  }

  /** The batch's progress: running (with counts), done, or failed (jobs out of retries, with their messages). */
  Optional<Progress> progress(String batchId) {
    BatchStatistics stats = management.createBatchStatisticsQuery().batchId(batchId).singleResult();
    if (stats != null && !Batch.TYPE_PROCESS_INSTANCE_MIGRATION.equals(stats.getType())) {
      return Optional.empty();
    }
    if (stats != null) {
      int total = stats.getTotalJobs();
      int remaining = stats.getRemainingJobs();
      int failed = stats.getFailedJobs();
      List<String> errors = new ArrayList<>();
      if (failed > 0 && stats.getBatchJobDefinitionId() != null) {
        for (Job job : management.createJobQuery().jobDefinitionId(stats.getBatchJobDefinitionId()).withException().noRetriesLeft()
            .listPage(0, 10)) {
          errors.add(MigrationReasons.chinese(firstLine(job.getExceptionMessage())));
        }
      }
      boolean stuck = failed > 0 && remaining <= failed;
      return Optional.of(new Progress(batchId, stuck ? "FAILED" : "RUNNING", total, total - remaining, failed, errors));
    }
    HistoricBatch done = history.createHistoricBatchQuery().batchId(batchId).singleResult();
    if (done == null || !Batch.TYPE_PROCESS_INSTANCE_MIGRATION.equals(done.getType())) {
      return Optional.empty();
    }
    return Optional.of(new Progress(batchId, done.getEndTime() == null ? "RUNNING" : "DONE", done.getTotalJobs(),
        done.getEndTime() == null ? 0 : done.getTotalJobs(), 0, List.of()));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
