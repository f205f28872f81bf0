package org.servicestar.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.management.IncidentStatistics;
import org.camunda.bpm.engine.management.ProcessDefinitionStatistics;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.Resource;
import org.servicestar.audit.AuditTrail;
import org.springframework.stereotype.Service;

/**
 * The versions of every process and decision, as {@code /admin/diagrams} shows them: who deployed
 * each (Camunda's user operation log), when, through which door (the deployment's source), what runs
 * on it; and the two ways this page deploys — an upload and a rollback — as the signed-in administrator,
 * so the engine's own log names them too.
 */
@Service
class DiagramVersions {

  /** The deployment source of an upload on /admin/diagrams. */
  static final String UPLOAD_SOURCE = "管理页上传";
  /** The deployment source of a rollback on /admin/diagrams. */
  static final String ROLLBACK_SOURCE = "管理页回滚";
  /** What Camunda Modeler sends as {@code deployment-source}. */
  static final String MODELER_SOURCE = "Camunda Modeler";
  /** Versions listed per key, newest first. */
  static final int MAX_VERSIONS = 50;

  enum Kind {
    PROCESS("流程", "processes"), DECISION("决策", "decisions");

    final String label;
    final String path;

    Kind(String label, String path) {
      this.label = label;
      this.path = path;
    }

    public String label() {
      return label;
    }

    public String path() {
      return path;
    }
  }

  /** One key on the overview. */
  record KeySummary(Kind kind, String key, String name, int latestVersion, long versions, long running, long incidents) {
  }

  /** One version of a key: a process or decision definition and its deployment. */
  record Version(Kind kind, String key, String name, int version, String definitionId, String resourceName,
                 String deploymentId, String deploymentName, Date deployedAt, String deployedBy, String source, String door,
                 long running, long incidents, List<File> files) {
  }

  record File(String id, String name) {
    /** The name without its folder, as the download names it. */
    public String fileName() {
      return name.substring(name.lastIndexOf('/') + 1);
    }
  }

  /** A file an administrator uploads. */
  record Upload(String fileName, byte[] bytes) {
  }

  /** What a deployment from this page made: the deployment, and the definitions with their new versions. */
  record Deployed(String deploymentId, boolean created, List<String> versions) {
  }

  private final RepositoryService repository;
  private final ManagementService management;
  private final HistoryService history;
  private final IdentityService identity;
  private final AuditTrail audit;

  DiagramVersions(RepositoryService repository, ManagementService management, HistoryService history,
                  IdentityService identity, AuditTrail audit) {
    this.repository = repository;
    this.management = management;
    this.history = history;
    this.identity = identity;
    this.audit = audit;
  }

  /** The door a deployment came through, from its source, in Chinese. */
  static String door(String source) {
    if (source == null || source.isBlank()) {
      return "/engine-rest 或其他接口（未注明来源）";
    }
    return switch (source) {
      case DiagramDeployer.SOURCE -> "应用启动时部署（内置 bpmn/、forms/ 及部署目录）";
      case MODELER_SOURCE -> "Camunda Modeler（/engine-rest）";
      case UPLOAD_SOURCE -> "管理页上传";
      case ROLLBACK_SOURCE -> "管理页回滚";
      case "process application" -> "流程应用自动部署";
      default -> "/engine-rest（来源：" + source + "）";
    };
  }

  List<KeySummary> keys() {
    List<KeySummary> keys = new ArrayList<>();
    Map<String, List<ProcessDefinitionStatistics>> byKey = new LinkedHashMap<>();
    management.createProcessDefinitionStatisticsQuery().includeIncidents().list().stream()
        .sorted(Comparator.comparing(ProcessDefinition::getKey).thenComparing(ProcessDefinition::getVersion, Comparator.reverseOrder()))
        .forEach(s -> byKey.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(s));
    byKey.forEach((key, versions) -> {
      ProcessDefinitionStatistics latest = versions.get(0);
      keys.add(new KeySummary(Kind.PROCESS, key, nameOr(latest.getName(), key), latest.getVersion(), versions.size(),
          versions.stream().mapToLong(ProcessDefinitionStatistics::getInstances).sum(),
          versions.stream().mapToLong(DiagramVersions::incidents).sum()));
    });
    for (DecisionDefinition latest : repository.createDecisionDefinitionQuery().latestVersion().orderByDecisionDefinitionKey().asc().list()) {
      keys.add(new KeySummary(Kind.DECISION, latest.getKey(), nameOr(latest.getName(), latest.getKey()), latest.getVersion(),
          repository.createDecisionDefinitionQuery().decisionDefinitionKey(latest.getKey()).count(), 0, 0));
    }
    return keys;
  }

  /** The newest versions of a key, newest first; empty when the key is unknown. */
  List<Version> versions(Kind kind, String key) {
    List<Version> versions = new ArrayList<>();
    if (kind == Kind.PROCESS) {
      Map<String, ProcessDefinitionStatistics> stats = new LinkedHashMap<>();
      for (ProcessDefinitionStatistics s : management.createProcessDefinitionStatisticsQuery().includeIncidents().list()) {
        if (s.getKey().equals(key)) {
          stats.put(s.getId(), s);
        }
      }
      for (ProcessDefinition d : repository.createProcessDefinitionQuery().processDefinitionKey(key).orderByProcessDefinitionVersion()
          .desc().listPage(0, MAX_VERSIONS)) {
        ProcessDefinitionStatistics s = stats.get(d.getId());
        versions.add(version(kind, key, d.getName(), d.getVersion(), d.getId(), d.getResourceName(), d.getDeploymentId(),
            s == null ? 0 : s.getInstances(), s == null ? 0 : incidents(s)));
      }
    } else {
      for (DecisionDefinition d : repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).orderByDecisionDefinitionVersion()
          .desc().listPage(0, MAX_VERSIONS)) {
        versions.add(version(kind, key, d.getName(), d.getVersion(), d.getId(), d.getResourceName(), d.getDeploymentId(), 0, 0));
      }
    }
    return versions;
  }

  /** One version of a key, or empty. */
  Optional<Version> version(Kind kind, String key, int version) {
    if (kind == Kind.PROCESS) {
      ProcessDefinition d = repository.createProcessDefinitionQuery().processDefinitionKey(key).processDefinitionVersion(version)
          .singleResult();
      if (d == null) {
        return Optional.empty();
      }
      ProcessDefinitionStatistics s = management.createProcessDefinitionStatisticsQuery().includeIncidents().list().stream()
          .filter(x -> x.getId().equals(d.getId())).findFirst().orElse(null);
      return Optional.of(version(kind, key, d.getName(), d.getVersion(), d.getId(), d.getResourceName(), d.getDeploymentId(),
          s == null ? 0 : s.getInstances(), s == null ? 0 : incidents(s)));
    }
    DecisionDefinition d = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).decisionDefinitionVersion(version)
        .singleResult();
    return d == null ? Optional.empty()
        : Optional.of(version(kind, key, d.getName(), d.getVersion(), d.getId(), d.getResourceName(), d.getDeploymentId(), 0, 0));
  }

  /** The version just before this one (the highest lower version number), or empty for the first. */
  Optional<Version> previous(Version version) {
    for (int v = version.version() - 1; v >= 1; v--) {
      Optional<Version> found = version(version.kind(), version.key(), v);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Version version(Kind kind, String key, String name, int number, String definitionId, String resourceName,
                          String deploymentId, long running, long incidents) {
    Deployment deployment = repository.createDeploymentQuery().deploymentId(deploymentId).singleResult();
    List<File> files = repository.getDeploymentResources(deploymentId).stream().map(r -> new File(r.getId(), r.getName()))
        .sorted(Comparator.comparing(File::name)).toList();
    String source = deployment == null ? null : deployment.getSource();
    return new Version(kind, key, nameOr(name, key), number, definitionId, resourceName, deploymentId,
        deployment == null ? null : deployment.getName(), deployment == null ? null : deployment.getDeploymentTime(),
        deployedBy(deploymentId), source, door(source), running, incidents, files);
  }

  /** Who deployed: Camunda logs the authenticated user of every deployment (Modeler, /engine-rest, this page). */
  private String deployedBy(String deploymentId) {
    return history.createUserOperationLogQuery().deploymentId(deploymentId).entityType(EntityTypes.DEPLOYMENT)
        .operationType(UserOperationLogEntry.OPERATION_TYPE_CREATE).listPage(0, 1).stream()
        .map(UserOperationLogEntry::getUserId).filter(u -> u != null && !u.isBlank()).findFirst()
        .orElse("系统（无登录用户）");
  }

  private static long incidents(ProcessDefinitionStatistics s) {
    return s.getIncidentStatistics().stream().mapToLong(IncidentStatistics::getIncidentCount).sum();
  }

  private static String nameOr(String name, String key) {
    return name == null || name.isBlank() ? key : name;
  }

  /** The deployment's files by name, in order. */
  Map<String, byte[]> files(String deploymentId) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Resource r : repository.getDeploymentResources(deploymentId).stream().sorted(Comparator.comparing(Resource::getName)).toList()) {
      files.put(r.getName(), bytes(deploymentId, r.getId()));
    }
    return files;
  }

  Optional<Deployment> deployment(String deploymentId) {
    return Optional.ofNullable(repository.createDeploymentQuery().deploymentId(deploymentId).singleResult());
  }

  /** One file of a deployment: its name and content, or empty. */
  Optional<Map.Entry<String, byte[]>> file(String deploymentId, String resourceId) {
    return repository.getDeploymentResources(deploymentId).stream().filter(r -> r.getId().equals(resourceId)).findFirst()
        .map(r -> Map.entry(r.getName(), bytes(deploymentId, r.getId())));
  }

  /** Every file of a deployment in one zip, under their resource names (bpmn/…, forms/…), to open in Modeler. */
  byte[] zip(String deploymentId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> file : files(deploymentId).entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private byte[] bytes(String deploymentId, String resourceId) {
    try (InputStream in = repository.getResourceAsStreamById(deploymentId, resourceId)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deploys uploaded .bpmn, .dmn and .form files as one deployment (source {@value #UPLOAD_SOURCE}),
   * named as the start-up deployer names its own ({@code bpmn/x.bpmn}); an upload identical to the last
   * one of that name makes no new version. A refusal (a parse error, the app's contract check) is
   * rethrown as {@link DeploymentRefused} with its message, and audited either way.
   */
  Deployed upload(List<Upload> uploads) {
    List<String> errors = new ArrayList<>();
    Map<String, byte[]> resources = new LinkedHashMap<>();
    for (Upload upload : uploads) {
      String file = upload.fileName() == null ? "" : upload.fileName().replace('\\', '/');
      file = file.substring(file.lastIndexOf('/') + 1).strip();
      if (file.isEmpty() && upload.bytes().length == 0) {
        continue;
      }
      if (file.isEmpty() || file.length() > 200 || !plainText(file) || file.startsWith(".")) {
        errors.add("文件名无效：" + abbreviate(file));
      } else if (!(file.endsWith(".bpmn") || file.endsWith(".dmn") || file.endsWith(".form") || file.endsWith(".html"))) {
        errors.add("只能上传 .bpmn、.dmn、.form 文件（以及流程引用的 .html 表单）：" + abbreviate(file));
      } else if (upload.bytes().length == 0) {
        errors.add("文件是空的：" + file);
      } else {
        String name = (file.endsWith(".form") || file.endsWith(".html") ? "forms/" : "bpmn/") + file;
        if (resources.put(name, upload.bytes()) != null) {
          errors.add("同名文件上传了两次：" + file);
        }
      }
    }
    if (resources.isEmpty()) {
      errors.add("请选择要部署的文件（.bpmn、.dmn 或 .form）。");
    }
    if (!errors.isEmpty()) {
      throw new DiagramActionRefused(String.join("；", errors));
    }
    String name = resources.keySet().stream().filter(n -> n.startsWith("bpmn/")).findFirst().orElse(resources.keySet().iterator().next());
    String previous = repository.createDeploymentQuery().deploymentName(name).deploymentSource(UPLOAD_SOURCE).orderByDeploymentTime()
        .desc().listPage(0, 1).stream().findFirst().map(Deployment::getId).orElse(null);
    DeploymentBuilder builder = repository.createDeployment().name(name).source(UPLOAD_SOURCE).enableDuplicateFiltering(false);
    resources.forEach((resource, bytes) -> builder.addInputStream(resource, new java.io.ByteArrayInputStream(bytes)));
    String files = String.join("、", resources.keySet());
    DeploymentWithDefinitions deployed;
    try {
      deployed = asEngineUser(builder::deployWithResult);
    } catch (ProcessEngineException e) {
      String reason = refusal(e);
      audit.record("DIAGRAM_UPLOAD_REFUSED", name, "上传 " + files + " 被拒绝：" + reason);
      throw new DeploymentRefused(reason, e);
    }
    boolean created = !deployed.getId().equals(previous);
    List<String> versions = versionsOf(deployed);
    audit.record("DIAGRAM_UPLOAD", name, created ? "上传 " + files + "，部署 " + deployed.getId() + "：" + String.join("、", versions)
        : "上传 " + files + "：与上次上传的内容相同，未产生新版本");
    return new Deployed(deployed.getId(), created, versions);
  }

  /**
   * Deploys the files of the chosen version's deployment (the diagram with its forms, and anything
   * else deployed with it) as a new deployment of the same name: the chosen content becomes the latest
   * version. Running instances stay where they are (that is migration's job).
   */
  Deployed rollback(Version chosen) {
    Version latest = versions(chosen.kind(), chosen.key()).get(0);
    if (latest.version() == chosen.version()) {
      throw new DiagramActionRefused("版本 " + chosen.version() + " 已是最新版本，无需回滚。");
    }
    DeploymentBuilder builder = repository.createDeployment().nameFromDeployment(chosen.deploymentId()).source(ROLLBACK_SOURCE)
        .addDeploymentResources(chosen.deploymentId());
    DeploymentWithDefinitions deployed;
    try {
      deployed = asEngineUser(builder::deployWithResult);
    } catch (ProcessEngineException e) {
      String reason = refusal(e);
      audit.record("DIAGRAM_ROLLBACK_REFUSED", chosen.key(), "回滚到版本 " + chosen.version() + " 被拒绝：" + reason);
      throw new DeploymentRefused(reason, e);
    }
    List<String> versions = versionsOf(deployed);
    audit.record("DIAGRAM_ROLLBACK", chosen.key(), "回滚：以版本 " + chosen.version() + "（部署 " + chosen.deploymentId()
        + "）的文件重新部署为 " + String.join("、", versions) + "，部署 " + deployed.getId() + "；原最新版本 " + latest.version());
    return new Deployed(deployed.getId(), true, versions);
  }

  private static List<String> versionsOf(DeploymentWithDefinitions deployed) {
    List<String> versions = new ArrayList<>();
    Optional.ofNullable(deployed.getDeployedProcessDefinitions()).orElse(List.of())
        .forEach(d -> versions.add(d.getKey() + " 版本 " + d.getVersion()));
    Optional.ofNullable(deployed.getDeployedDecisionDefinitions()).orElse(List.of())
        .forEach(d -> versions.add(d.getKey() + " 版本 " + d.getVersion()));
    return versions;
  }

  /**
   * Runs engine work as the signed-in administrator (with their Camunda groups), so the engine's user
   * operation log names them; the app's pages otherwise call the engine as itself.
   */
  <T> T asEngineUser(Supplier<T> work) {
    String user = AuditTrail.currentActor();
    if ("system".equals(user) || identity.getCurrentAuthentication() != null) {
      return work.get();
    }
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    identity.setAuthentication(user, groups);
    try {
      return work.get();
    } finally {
      identity.clearAuthentication();
    }
  }

  /** A refused deployment's reason for the administrator: the app's own (Chinese) message, or the engine's with where it is. */
  static String refusal(ProcessEngineException e) {
    if (e instanceof ParseException parse && parse.getResorceReports() != null && !parse.getResorceReports().isEmpty()) {
      List<String> problems = new ArrayList<>();
      parse.getResorceReports().forEach(report -> report.getErrors().forEach(p -> problems.add("文件 " + report.getResourceName()
          + (p.getLine() > 0 ? " 第 " + p.getLine() + " 行" : "")
          + (p.getMainElementId() != null ? "（元素 " + p.getMainElementId() + "）" : "") + "：" + p.getMessage())));
      if (!problems.isEmpty()) {
        return "文件无法解析。" + String.join("；", problems);
      }
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 3000 ? message.substring(0, 3000) + "…" : message;
  }

  /** A file name a person could have typed: no control characters, no bidi overrides that disguise it. */
  private static boolean plainText(String text) {
    return text.codePoints().noneMatch(c -> Character.isISOControl(c) || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069);
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "…";
  }

  /** The engine refused a deployment from this page; the message is what the administrator reads. */
  static final class DeploymentRefused extends RuntimeException {
    DeploymentRefused(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
