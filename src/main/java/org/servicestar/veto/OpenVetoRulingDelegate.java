package org.servicestar.veto;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.springframework.stereotype.Component;

/**
 * A round of the ruling opens for the leading group's members of this moment, one task each. Without
 * members the round has no task and ends undecided: the office is asked to add members and open another.
 */
@Component("openVetoRulingDelegate")
class OpenVetoRulingDelegate implements JavaDelegate {

  private final VetoRulings rulings;
  private final IdentityAdministration identity;

  OpenVetoRulingDelegate(VetoRulings rulings, IdentityAdministration identity) {
    this.rulings = rulings;
    this.identity = identity;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> members = identity.membersOf(Groups.LEADING_GROUP).stream().map(User::getId).toList();
    rulings.openRound(vetoId(execution), members);
  }

  static long vetoId(DelegateExecution execution) {
    Object value = execution.getVariable(VetoRulingIds.Vars.VETO_ID);
    if (!(value instanceof Number number)) {
      throw new IllegalStateException("流程变量 " + VetoRulingIds.Vars.VETO_ID + " 须为否决记录的编号，收到的是 " + value);
    }
    return number.longValue();
  }
}
