package org.servicestar.engine;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.repository.DeploymentBuilderImpl;
import org.servicestar.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every deployment, through any door — Modeler and {@code /engine-rest}, an upload on {@code /admin},
 * the deployment folder and start-up ({@link DiagramDeployer}) — ends in the engine's {@link DeployCmd}.
 * This plugin's interceptor sees it before the engine stores anything:
 * <ol>
 *   <li>{@link FormsFollowDiagrams} completes it (forms for a diagram deployed alone, the processes
 *       of a form deployed alone); a deployment holding a diagram with forms is then deployed as a
 *       whole when anything in it changed (Modeler's "changed only" would drop the unchanged forms);</li>
 *   <li>{@link DiagramContract} checks it against what the Java code relies on, with the beans of the
 *       Spring context and what is deployed already. A problem with a process or decision the app
 *       knows refuses the deployment ({@link DeploymentRefused}: 400 on {@code /engine-rest}, every
 *       problem listed in Chinese) and is written to the audit trail; problems with a new key are
 *       warnings, logged and audited, and the deployment goes ahead.</li>
 * </ol>
 */
@Component
@Order(3) // after TaskConflicts and CaseIntegrity: deployments are none of theirs
class DeploymentContract extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(DeploymentContract.class);

  static final String REFUSED = "DEPLOYMENT_REFUSED";
  static final String WARNINGS = "DEPLOYMENT_WARNINGS";

  private final ApplicationContext context;
  private final ObjectProvider<KnownGroups> groups;
  private final ObjectProvider<AuditTrail> audit;
  private final ObjectProvider<PlatformTransactionManager> transactions;
  private volatile DiagramContract contract;

  DeploymentContract(ApplicationContext context, ObjectProvider<KnownGroups> groups, ObjectProvider<AuditTrail> audit,
                     ObjectProvider<PlatformTransactionManager> transactions) {
    this.context = context;
    this.groups = groups;
    this.audit = audit;
    this.transactions = transactions;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    interceptors.add(new Guard(configuration));
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  /** The app's contract: its ids classes, the beans of the context, the known groups and its own diagrams. */
  DiagramContract contract() {
    DiagramContract c = contract;
    if (c == null) {
      c = new DiagramContract(DiagramContract.idsClasses(), context::containsBean, groups.getObject(), DiagramDeployer.collect());
      contract = c;
    }
    return c;
  }

  /** A deployment about to be stored, completed and checked. */
  private record Prepared(FormsFollowDiagrams.Attachments attachments, DiagramContract.Result result, boolean keepTogether,
                          Set<String> resourceNames) {
  }

  final class Guard extends CommandInterceptor {

    private final ProcessEngineConfigurationImpl configuration;

    Guard(ProcessEngineConfigurationImpl configuration) {
      this.configuration = configuration;
    }

    @Override
    public <T> T execute(Command<T> command) {
      DeploymentBuilderImpl builder = command instanceof DeployCmd deploy ? builderOf(deploy) : null;
      if (builder == null) {
        return next.execute(command);
      }
      Prepared prepared = configuration.getCommandExecutorTxRequired()
          .execute(commandContext -> commandContext.runWithoutAuthorization(() -> prepare(builder, commandContext)));
      String name = builder.getDeployment().getName();
      DiagramContract.Result result = prepared.result();
      if (result.refused()) {
        DeploymentRefused refused = new DeploymentRefused(name, result.errors());
        log.warn("{}", refused.getMessage());
        record(REFUSED, result.known(), who() + "部署的 " + prepared.resourceNames() + " 被拒绝：\n" + lines(result.errors()));
        throw refused;
      }
      prepared.attachments().resources().forEach((file, bytes) -> builder.addInputStream(file, new ByteArrayInputStream(bytes)));
      if (prepared.keepTogether() && builder.isDuplicateFilterEnabled() && builder.isDeployChangedOnly()) {
        builder.enableDuplicateFiltering(false);
      }
      T deployed = next.execute(command);
      prepared.attachments().notes().forEach(note -> log.info("部署「{}」：{}", name, note));
      if (!result.warnings().isEmpty()) {
        log.warn("部署「{}」已接受（{} 不是系统已知的流程或决策表），但有 {} 个问题：\n{}", name, result.unknown(), result.warnings().size(),
            lines(result.warnings()));
        record(WARNINGS, result.unknown(), who() + "部署的 " + prepared.resourceNames() + " 已接受，但有问题：\n" + lines(result.warnings()));
      }
      return deployed;
    }

    private Prepared prepare(DeploymentBuilderImpl builder, CommandContext commandContext) {
      Map<String, byte[]> resources = resources(builder, commandContext);
      boolean fromStartUp = DiagramDeployer.SOURCE.equals(builder.getDeployment().getSource());
      FormsFollowDiagrams.Attachments attachments = FormsFollowDiagrams.complete(resources, !fromStartUp, commandContext);
      Map<String, byte[]> all = new TreeMap<>(resources);
      all.putAll(attachments.resources());
      DiagramContract contract = contract();
      DiagramContract.Result result = contract.check(all, new DeployedNow(commandContext, contract));
      boolean keepTogether = all.keySet().stream().anyMatch(DiagramContract::isBpmn) && all.keySet().stream().anyMatch(n -> n.endsWith(".form"));
      return new Prepared(attachments, result, keepTogether, all.keySet());
    }

    private String who() {
      Authentication authentication = configuration.getIdentityService().getCurrentAuthentication();
      return authentication == null || authentication.getUserId() == null ? "" : authentication.getUserId() + " ";
    }
  }

  /** What a deployment holds: its own resources and those it takes over from earlier deployments. */
  static Map<String, byte[]> resources(DeploymentBuilderImpl builder, CommandContext commandContext) {
    Map<String, byte[]> resources = new TreeMap<>();
    DeploymentEntity deployment = builder.getDeployment();
    if (deployment.getResources() != null) {
      deployment.getResources().forEach((name, resource) -> resources.put(name, resource.getBytes()));
    }
    List<ResourceEntity> taken = new ArrayList<>();
    for (String deploymentId : builder.getDeployments()) {
      taken.addAll(commandContext.getResourceManager().findResourcesByDeploymentId(deploymentId));
    }
    builder.getDeploymentResourcesById().forEach((deploymentId, ids) ->
        taken.addAll(commandContext.getResourceManager().findResourceByDeploymentIdAndResourceIds(deploymentId, ids.toArray(String[]::new))));
    builder.getDeploymentResourcesByName().forEach((deploymentId, names) ->
        taken.addAll(commandContext.getResourceManager().findResourceByDeploymentIdAndResourceNames(deploymentId, names.toArray(String[]::new))));
    taken.forEach(resource -> resources.putIfAbsent(resource.getName(), resource.getBytes()));
    return resources;
  }

  /** The {@code deploymentBuilder} of the command (the engine offers no getter), or null. */
  private static DeploymentBuilderImpl builderOf(DeployCmd command) {
    try {
      Field field = DeployCmd.class.getDeclaredField("deploymentBuilder");
      field.setAccessible(true);
      return (DeploymentBuilderImpl) field.get(command);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.error("Cannot read the deployment of {}: deployments are not checked", command, e);
      return null;
    }
  }

  /** Writes to the audit trail in a transaction of its own: a refusal rolls the caller's back. */
  private void record(String action, Set<String> keys, String detail) {
    try {
      AuditTrail trail = audit.getIfAvailable();
      PlatformTransactionManager manager = transactions.getIfAvailable();
      if (trail == null) {
        return;
      }
      String subject = keys.isEmpty() ? "deployment" : String.join(",", keys);
      String shortSubject = subject.length() > 200 ? subject.substring(0, 200) : subject;
      if (manager == null) {
        trail.record(action, shortSubject, detail);
        return;
      }
      TransactionTemplate template = new TransactionTemplate(manager);
      template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
      template.executeWithoutResult(status -> trail.record(action, shortSubject, detail));
    } catch (RuntimeException e) {
      log.error("Cannot write {} to the audit trail", action, e);
    }
  }

  private static String lines(List<DiagramContract.Problem> problems) {
    return problems.stream().map(Object::toString).collect(Collectors.joining("\n"));
  }

  /**
   * What is deployed, read in the deployment's command context without authorization checks; the
   * app's own processes and decisions count as deployed (start-up deploys them all, one by one).
   */
  private record DeployedNow(CommandContext commandContext, DiagramContract contract) implements DiagramContract.Deployed {
    @Override
    public boolean process(String key) {
      return contract.ships(key) || commandContext.getProcessDefinitionManager().findLatestProcessDefinitionByKey(key) != null;
    }

    @Override
    public boolean decision(String key) {
      return contract.ships(key) || commandContext.getDecisionDefinitionManager().findLatestDecisionDefinitionByKey(key) != null;
    }

    @Override
    public boolean form(String id) {
      return commandContext.getCamundaFormDefinitionManager().findLatestDefinitionByKey(id) != null;
    }
  }
}
