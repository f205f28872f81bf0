package org.servicestar.campaign;

import java.time.Clock;
import java.time.LocalDateTime;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.servicestar.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps the campaign row's phase in step with its process (execution listeners in the diagram). */
@Component("campaignPhases")
public class CampaignPhases {

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final Clock clock;

  CampaignPhases(JdbcClient jdbc, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.audit = audit;
  }

  public void enter(DelegateExecution execution, String phase) {
    CampaignPhase entered = CampaignPhase.valueOf(phase);
    int year = ((Number) execution.getVariable(CompetitionCampaignIds.Vars.YEAR)).intValue();
    jdbc.sql("update campaign set status = ?, phase_changed_at = ? where campaign_year = ?")
        .params(entered.name(), LocalDateTime.now(clock), year).update();
    audit.record("CAMPAIGN_PHASE", Campaign.codeOf(year), "进入阶段：" + entered.label());
  }
}
