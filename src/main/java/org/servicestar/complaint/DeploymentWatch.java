package org.servicestar.complaint;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Tells the app about every deployment, whatever door it came through (Modeler and /engine-rest, the
 * deployment folder and start-up, an administrator's page): a command interceptor of the engine publishes
 * {@link Deployed} inside the deployment's transaction, so listeners with
 * {@code @TransactionalEventListener} hear of it once it has committed ({@link ComplaintStartRetry}), and
 * not at all when it was refused or rolled back. The Spring Boot starter hands every
 * {@code ProcessEnginePlugin} bean to the engine.
 */
@Component
class DeploymentWatch extends AbstractProcessEnginePlugin {

  /** A deployment was made (it may have been filtered as a duplicate and made no new version). */
  record Deployed() {
  }

  private final ApplicationEventPublisher events;

  DeploymentWatch(ApplicationEventPublisher events) {
    this.events = events;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = configuration.getCustomPostCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostCommandInterceptorsTxRequired());
    interceptors.add(new AfterDeploy(events));
    configuration.setCustomPostCommandInterceptorsTxRequired(interceptors);
  }

  /** Inside the transaction and the command context, after the command: only a deployment that did not throw. */
  static final class AfterDeploy extends CommandInterceptor {

    private final ApplicationEventPublisher events;

    AfterDeploy(ApplicationEventPublisher events) {
      this.events = events;
    }

    @Override
    public <T> T execute(Command<T> command) {
      T result = next.execute(command);
      if (command instanceof DeployCmd) {
        events.publishEvent(new Deployed());
      }
      return result;
    }
  }
}
