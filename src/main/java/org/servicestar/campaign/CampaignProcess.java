package org.servicestar.campaign;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.CompetitionCampaignIds.Messages;
import org.servicestar.campaign.CompetitionCampaignIds.Vars;
import org.servicestar.engine.TaskAnswers;
import org.servicestar.web.InvalidInputException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Running a year's campaign: start it, move it on to its next phase early, suspend and resume it.
 * The process does the rest on its dates.
 */
@Service
public class CampaignProcess {

  private final CampaignService campaigns;
  private final RuntimeService runtime;
  private final AuditTrail audit;

  CampaignProcess(CampaignService campaigns, RuntimeService runtime, AuditTrail audit) {
    this.campaigns = campaigns;
    this.runtime = runtime;
    this.audit = audit;
  }

  /** Creates the campaign and starts its process, together or not at all. */
  @Transactional
  public Campaign start(CampaignService.CampaignDraft draft) {
    Campaign campaign = campaigns.create(draft);
    startFor(campaign);
    return campaigns.ofYear(draft.year()).orElseThrow();
  }

  /** Starts the process of a campaign that was set up without one (before it ran as a process). */
  @Transactional
  public Campaign startExisting(int year) {
    Campaign campaign = require(year);
    if (campaign.processInstanceId() != null) {
      throw InvalidInputException.of("year", year + " 年的竞赛活动已经在进行");
    }
    startFor(campaign);
    return require(year);
  }

  private void startFor(Campaign campaign) {
    try {
      runtime.startProcessInstanceByKey(CompetitionCampaignIds.PROCESS, campaign.code(),
          Map.of(Vars.YEAR, campaign.campaignYear(), Vars.NAME, campaign.name()));
    } catch (TaskAnswers.Refused e) {
      throw InvalidInputException.of("process", e.getMessage());
    }
  }

  /** The longest reason for ending a phase early. */
  public static final int REASON_MAX = 2000;

  /**
   * The office moves the campaign on: mobilisation → competition, or competition → assessment, for a reason
   * (required, kept in the activity log and on the instance as {@code advanceReason}).
   */
  @Transactional
  public void advance(int year, String reason) {
    String why = checkedReason(reason);
    Campaign campaign = running(year);
    if (!campaign.phase().advanceable()) {
      throw InvalidInputException.of("phase", "当前阶段（" + campaign.phase().label() + "）不能提前结束");
    }
    runtime.createMessageCorrelation(Messages.PHASE_ADVANCED).processInstanceBusinessKey(campaign.code())
        .setVariable(Vars.ADVANCE_REASON, why).correlate();
    audit.record("CAMPAIGN_ADVANCED", campaign.code(), "提前结束" + campaign.phase().label() + "阶段。理由：" + why);
  }

  /** The reason for ending a phase early: required, at most {@link #REASON_MAX} characters; refused naming the field. */
  public static String checkedReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw InvalidInputException.of("reason", "请填写提前结束本阶段的理由（reason）");
    }
    if (reason.strip().length() > REASON_MAX) {
      throw InvalidInputException.of("reason", "理由最多 " + REASON_MAX + " 字");
    }
    return reason.strip();
  }

  /** Suspends the campaign and the inspections it called: no task can be completed, no timer fires, nothing is lost. */
  @Transactional
  public void suspend(int year) {
    Campaign campaign = running(year);
    if (campaign.suspended()) {
      throw InvalidInputException.of("suspended", "活动已经暂停");
    }
    for (String id : instanceTree(campaign.processInstanceId())) {
      runtime.updateProcessInstanceSuspensionState().byProcessInstanceId(id).suspend();
    }
    campaigns.markSuspended(year, true);
  }

  /** Resumes a suspended campaign; timers that fell due meanwhile fire now, once. */
  @Transactional
  public void resume(int year) {
    Campaign campaign = running(year);
    if (!campaign.suspended()) {
      throw InvalidInputException.of("suspended", "活动没有暂停");
    }
    for (String id : instanceTree(campaign.processInstanceId())) {
      runtime.updateProcessInstanceSuspensionState().byProcessInstanceId(id).activate();
    }
    campaigns.markSuspended(year, false);
  }

  public boolean isRunning(Campaign campaign) {
    return campaign.processInstanceId() != null && runtime.createProcessInstanceQuery()
        .processInstanceId(campaign.processInstanceId()).count() > 0;
  }

  /** The campaign's instance and every instance it called (the inspections), depth first. */
  private List<String> instanceTree(String rootId) {
    List<String> ids = new java.util.ArrayList<>(List.of(rootId));
    for (ProcessInstance child : runtime.createProcessInstanceQuery().superProcessInstanceId(rootId).list()) {
      ids.addAll(instanceTree(child.getId()));
    }
    return ids;
  }

  private Campaign running(int year) {
    Campaign campaign = require(year);
    if (!isRunning(campaign)) {
      throw InvalidInputException.of("year", year + " 年的竞赛活动没有在进行");
    }
    return campaign;
  }

  private Campaign require(int year) {
    return campaigns.ofYear(year).orElseThrow(() -> InvalidInputException.of("year", "没有 " + year + " 年的竞赛活动"));
  }
}
