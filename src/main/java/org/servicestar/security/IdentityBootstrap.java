package org.servicestar.security;

import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At every start-up: the fixed groups with their least privileges, the role filters of Tasklist and
 * the first administrator. Idempotent, so every node of a cluster runs it.
 */
@Component
@Order(10)
class IdentityBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);
  static final String TASKLIST = "tasklist";

  private final IdentityAdministration identity;
  private final TasklistFilters filters;
  private final AdminProperties admin;

  IdentityBootstrap(IdentityAdministration identity, TasklistFilters filters, AdminProperties admin) {
    this.identity = identity;
    this.filters = filters;
    this.admin = admin;
  }

  @Override
  public void run(ApplicationArguments args) {
    Retry.onceOnConflict(this::bootstrap);
  }

  private void bootstrap() {
    for (String[] group : Groups.FIXED) {
      identity.ensureGroup(group[0], group[1],
          Groups.ADMIN.equals(group[0]) ? IdentityAdministration.SYSTEM : IdentityAdministration.WORKFLOW);
    }
    identity.grantEverythingToAdmins();
    for (String group : new String[] {Groups.LEADING_GROUP, Groups.OFFICE, Groups.INSPECTORS}) {
      identity.grant(group, Resources.APPLICATION, TASKLIST, Permissions.ACCESS);
      // Tasklist shows the diagram of a task's process and the names of users and groups.
      identity.grant(group, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ);
      identity.grant(group, Resources.USER, Authorization.ANY, Permissions.READ);
      identity.grant(group, Resources.GROUP, Authorization.ANY, Permissions.READ);
    }
    // The office runs the year: it starts processes from Tasklist and oversees every open task.
    identity.grant(Groups.OFFICE, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.CREATE_INSTANCE);
    identity.grant(Groups.OFFICE, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);
    identity.grant(Groups.OFFICE, Resources.TASK, Authorization.ANY, Permissions.READ);
    // ...and edits tasks: due dates, candidates, assignment, delegation (CaseIntegrity keeps completion
    // with the task's own workers and variables with the process).
    identity.grant(Groups.OFFICE, Resources.TASK, Authorization.ANY, Permissions.UPDATE);
    int moved = identity.workInsteadOfUpdateOnTasks();
    if (moved > 0) {
      log.info("Candidates and assignees of {} open tasks now have TASK_WORK instead of UPDATE", moved);
    }
    filters.ensureFilters();

    if (identity.ensureUser(admin.username(), "系统", "管理员", admin.password())) {
      log.info("Created administrator '{}'", admin.username());
    }
    identity.ensureMembership(admin.username(), Groups.ADMIN);
  }
}
