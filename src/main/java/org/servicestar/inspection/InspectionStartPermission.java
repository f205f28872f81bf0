package org.servicestar.inspection;

import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Inspectors start unannounced inspections (明查暗访) from Tasklist at any time (issue 5): they may
 * create instances of Inspection — and of no other process. The office may already start any.
 */
@Component
class InspectionStartPermission implements ApplicationRunner {

  private final IdentityAdministration identity;

  InspectionStartPermission(IdentityAdministration identity) {
    this.identity = identity;
  }

  @Override
  public void run(ApplicationArguments args) {
    try {
      grant();
    } catch (RuntimeException concurrentStart) {
      // Another node granted the same at the same moment: the unique authorization is there now.
      grant();
    }
  }

  private void grant() {
    identity.grant(Groups.INSPECTORS, Resources.PROCESS_DEFINITION, InspectionIds.PROCESS, Permissions.CREATE_INSTANCE);
    identity.grant(Groups.INSPECTORS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);
  }
}
