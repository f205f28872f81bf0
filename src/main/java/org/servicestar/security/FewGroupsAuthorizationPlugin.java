package org.servicestar.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.stereotype.Component;

/**
 * Before every authorization check the engine narrows the user's groups to those that appear in an
 * authorization, reading {@code SELECT DISTINCT GROUP_ID_ FROM ACT_RU_AUTHORIZATION} — the whole table,
 * once per command. The engine grants each candidate group of an open task on that task, so the table
 * grows with the open tasks: with a city's 100 000 of them this one statement made a unit lead's
 * Tasklist six times slower and read millions of rows while complaints were worked (TasklistBenchmark,
 * ComplaintLifecycleBenchmark; camunda-bpm-platform issue 5485). Narrowing only shortens the
 * {@code GROUP_ID_ IN (…)} list — a group without authorizations matches nothing there — so for the
 * few groups our users have, this passes them through unchanged (as CIB seven's
 * {@code authGroupFilterThreshold} does) and keeps the engine's narrowing for many.
 */
@Component
class FewGroupsAuthorizationPlugin extends AbstractProcessEnginePlugin {

  /** Up to this many groups go into the authorization query as they are. */
  static final int FEW_GROUPS = 50;

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<SessionFactory> factories = configuration.getCustomSessionFactories() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomSessionFactories());
    // Registered after the engine's own, so it replaces the factory of AuthorizationManager sessions.
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class;
      }

      @Override
      public Session openSession() {
        return new FewGroupsAuthorizationManager();
      }
    });
    configuration.setCustomSessionFactories(factories);
  }

  static final class FewGroupsAuthorizationManager extends AuthorizationManager {

    @Override
    public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
      if (authenticatedGroupIds == null || authenticatedGroupIds.size() > FEW_GROUPS) {
        return super.filterAuthenticatedGroupIds(authenticatedGroupIds);
      }
      return authenticatedGroupIds.stream().filter(Objects::nonNull).distinct().collect(Collectors.toCollection(ArrayList::new));
    }
  }
}
