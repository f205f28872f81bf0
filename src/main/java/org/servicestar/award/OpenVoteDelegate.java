package org.servicestar.award;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.servicestar.engine.TaskAnswers;
import org.servicestar.security.Groups;
import org.servicestar.security.IdentityAdministration;
import org.springframework.stereotype.Component;

/** The vote opens for the leading group's members of this moment, one task each. */
@Component("openVoteDelegate")
class OpenVoteDelegate implements JavaDelegate {

  private final Awards awards;
  private final IdentityAdministration identity;

  OpenVoteDelegate(Awards awards, IdentityAdministration identity) {
    this.awards = awards;
    this.identity = identity;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> members = identity.membersOf(Groups.LEADING_GROUP).stream().map(User::getId).toList();
    if (members.isEmpty()) {
      throw TaskAnswers.refusal("领导小组（leading-group）没有成员，无法表决：请先在 Camunda Admin 中添加成员");
    }
    awards.openVote(BuildNomineesDelegate.year(execution), members);
  }
}
