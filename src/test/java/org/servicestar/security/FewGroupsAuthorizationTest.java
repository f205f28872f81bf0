package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.junit.jupiter.api.Test;
import org.servicestar.support.SpringAppTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine checks authorizations with {@link FewGroupsAuthorizationPlugin}'s manager: a user's few
 * groups go into the check as they are, without reading every group id of ACT_RU_AUTHORIZATION first.
 * That a unit lead still sees and completes only their own unit's tasks is SecurityTest's.
 */
@SpringAppTest
class FewGroupsAuthorizationTest {

  @Autowired
  ProcessEngine engine;

  @Test
  void theEngineOpensTheManagerThatKeepsFewGroupsAsTheyAre() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    Object manager = configuration.getSessionFactories().get(AuthorizationManager.class).openSession();
    assertThat(manager).isInstanceOf(FewGroupsAuthorizationPlugin.FewGroupsAuthorizationManager.class);
    assertThat(((AuthorizationManager) manager).filterAuthenticatedGroupIds(Arrays.asList("unit-a", null, "inspectors", "unit-a")))
        .containsExactly("unit-a", "inspectors");
    assertThat(((AuthorizationManager) manager).filterAuthenticatedGroupIds(List.of())).isEmpty();
  }
}
