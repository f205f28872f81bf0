package org.servicestar.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;

/**
 * Users, groups and their Camunda authorizations, the one place that writes them. Every method is
 * idempotent: it runs at every start-up of every node and on every unit change.
 */
@Service
public class IdentityAdministration {

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;

  IdentityAdministration(IdentityService identityService, AuthorizationService authorizationService) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
  }

  /** Creates the group if missing (or renames it); {@code type} is Camunda's WORKFLOW or SYSTEM. */
  public void ensureGroup(String groupId, String name, String type) {
    Group group = identityService.createGroupQuery().groupId(groupId).singleResult();
    if (group == null) {
      group = identityService.newGroup(groupId);
    } else if (name.equals(group.getName()) && type.equals(group.getType())) {
      return;
    }
    group.setName(name);
    group.setType(type);
    identityService.saveGroup(group);
  }

  /** Creates the user with this password if missing; an existing user's password is left alone. */
  public boolean ensureUser(String userId, String firstName, String lastName, String password) {
    return ensureUser(userId, firstName, lastName, password, null);
  }

  /** As above, with the e-mail address notifications go to (may be null). */
  public boolean ensureUser(String userId, String firstName, String lastName, String password, String email) {
    if (identityService.createUserQuery().userId(userId).count() > 0) {
      return false;
    }
    User user = identityService.newUser(userId);
    user.setFirstName(firstName);
    user.setLastName(lastName);
    user.setPassword(password);
    user.setEmail(email == null || email.isBlank() ? null : email.trim());
    identityService.saveUser(user);
    return true;
  }

  public void ensureMembership(String userId, String groupId) {
    if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
      identityService.createMembership(userId, groupId);
    }
  }

  public void removeMembership(String userId, String groupId) {
    identityService.deleteMembership(userId, groupId);
  }

  public List<User> membersOf(String groupId) {
    return identityService.createUserQuery().memberOfGroup(groupId).orderByUserId().asc().list();
  }

  public boolean userExists(String userId) {
    return identityService.createUserQuery().userId(userId).count() > 0;
  }

  /** Grants the permissions to the group on the resource (id or "*"), adding to what it has. */
  public void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizationService.createAuthorizationQuery()
        .authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(groupId)
        .resourceType(resource)
        .resourceId(resourceId)
        .singleResult();
    Authorization authorization = existing != null ? existing : authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
    if (existing == null) {
      authorization.setGroupId(groupId);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    } else if (Arrays.stream(permissions).allMatch(existing::isPermissionGranted)) {
      return;
    }
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizationService.saveAuthorization(authorization);
  }

  /**
   * The grants the engine gave a task's candidates and assignee before it granted TASK_WORK
   * (CaseIntegrity) carried UPDATE: they become TASK_WORK, so an open task of an older version is
   * worked like a new one. The grants on every task ("*") are roles' and stay.
   */
  public int workInsteadOfUpdateOnTasks() {
    int moved = 0;
    for (Authorization authorization : authorizationService.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .resourceType(Resources.TASK).hasPermission(Permissions.UPDATE).list()) {
      if (Authorization.ANY.equals(authorization.getResourceId())) {
        continue;
      }
      authorization.removePermission(Permissions.UPDATE);
      authorization.addPermission(Permissions.TASK_WORK);
      authorizationService.saveAuthorization(authorization);
      moved++;
    }
    return moved;
  }

  /** Administrators may do everything, on every resource (as Camunda's own admin set-up grants). */
  public void grantEverythingToAdmins() {
    for (Resources resource : Resources.values()) {
      grant(Groups.ADMIN, resource, Authorization.ANY, Permissions.ALL);
    }
  }

  /** Camunda's group types: SYSTEM for administrators, WORKFLOW for the people who work in Tasklist. */
  public static final String SYSTEM = org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_SYSTEM;
  public static final String WORKFLOW = org.camunda.bpm.engine.authorization.Groups.GROUP_TYPE_WORKFLOW;
}
