package org.servicestar.security;

import java.util.List;

import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;

/**
 * The group {@code unit-{unitCode}} of a unit's leads and what it may do: work in Tasklist on its
 * own unit's tasks (candidate-group tasks grant themselves) and nothing else.
 */
@Service
public class UnitGroups {

  private final IdentityAdministration identity;
  private final TasklistFilters filters;

  UnitGroups(IdentityAdministration identity, TasklistFilters filters) {
    this.identity = identity;
    this.filters = filters;
  }

  public void ensure(String unitCode, String unitName) {
    String groupId = Groups.ofUnit(unitCode);
    identity.ensureGroup(groupId, unitName + " 负责人", IdentityAdministration.WORKFLOW);
    identity.grant(groupId, Resources.APPLICATION, IdentityBootstrap.TASKLIST, Permissions.ACCESS);
    filters.grantUnitFilter(groupId);
  }

  public List<User> leadsOf(String unitCode) {
    return identity.membersOf(Groups.ofUnit(unitCode));
  }

  /** Makes an existing user a lead of the unit; false when there is no such user. */
  public boolean addLead(String unitCode, String userId) {
    if (!identity.userExists(userId)) {
      return false;
    }
    identity.ensureMembership(userId, Groups.ofUnit(unitCode));
    return true;
  }

  /** Creates a lead account (first login with this password) and adds it to the unit. */
  public void createLead(String unitCode, String userId, String name, String password) {
    createLead(unitCode, userId, name, password, null);
  }

  /** As above, with the e-mail address the lead's task notifications go to. */
  public void createLead(String unitCode, String userId, String name, String password, String email) {
    identity.ensureUser(userId, name, "", password, email);
    identity.ensureMembership(userId, Groups.ofUnit(unitCode));
  }

  public void removeLead(String unitCode, String userId) {
    identity.removeMembership(userId, Groups.ofUnit(unitCode));
  }
}
