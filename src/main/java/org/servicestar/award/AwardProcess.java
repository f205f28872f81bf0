package org.servicestar.award;

import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.servicestar.award.AwardApprovalIds.Messages;
import org.servicestar.award.AwardApprovalIds.Vars;
import org.springframework.stereotype.Service;

/** The award approval's process, as the app's pages drive it. */
@Service
public class AwardProcess {

  private final RuntimeService runtime;

  AwardProcess(RuntimeService runtime) {
    this.runtime = runtime;
  }

  /**
   * A stored objection starts its verification: call it in the transaction that stored the
   * objection, so that both happen or neither. The number moves into the objection's own path as it
   * starts (ObjectionReceivedListener), so objections verified side by side keep their own.
   */
  public void objectionReceived(int year, String objectionNumber) {
    runtime.createMessageCorrelation(Messages.OBJECTION_RECEIVED)
        .processInstanceBusinessKey(AwardApprovalIds.businessKey(year))
        .setVariables(Map.of(Vars.OBJECTION_NUMBER, objectionNumber))
        .correlateWithResult();
  }
}
