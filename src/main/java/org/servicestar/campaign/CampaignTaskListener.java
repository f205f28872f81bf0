package org.servicestar.campaign;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.CompetitionCampaignIds.Tasks;
import org.servicestar.campaign.CompetitionCampaignIds.Vars;
import org.servicestar.engine.TaskAnswers;
import org.springframework.stereotype.Component;

/**
 * When a person completes a task of the campaign: checks what they entered (a refusal is shown in
 * Tasklist and nothing moves on) and records it — the plan in its table, the results review in the
 * audit trail.
 */
@Component("campaignTaskListener")
class CampaignTaskListener implements TaskListener {

  private final CampaignPlans plans;
  private final AuditTrail audit;

  CampaignTaskListener(CampaignPlans plans, AuditTrail audit) {
    this.plans = plans;
    this.audit = audit;
  }

  @Override
  public void notify(DelegateTask task) {
    int year = ((Number) task.getVariable(Vars.YEAR)).intValue();
    String actor = task.getAssignee() != null ? task.getAssignee() : AuditTrail.currentActor();
    switch (task.getTaskDefinitionKey()) {
      case Tasks.SUBMIT_PLAN -> plans.submit(year, unitCode(task), actor,
          TaskAnswers.required(task, Vars.SELF_INSPECTION, "请填写自查情况", 4000),
          TaskAnswers.required(task, Vars.GOOD_PRACTICE, "请填写好的做法", 4000),
          TaskAnswers.required(task, Vars.PROBLEMS, "请填写存在的问题", 4000),
          TaskAnswers.required(task, Vars.PLAN_TEXT, "请填写实施方案", 4000)); // a String variable is stored in varchar(4000)
      case Tasks.REVIEW_PLAN -> {
        boolean approved = TaskAnswers.yesOrNo(task, Vars.PLAN_APPROVED, "请选择审核结论：通过或退回修改");
        String comment = approved ? TaskAnswers.optional(task, Vars.REVIEW_COMMENT, "审核意见", 2000)
            : TaskAnswers.required(task, Vars.REVIEW_COMMENT, "退回时请填写审核意见，说明需要修改什么", 2000);
        plans.review(year, unitCode(task), actor, approved, comment);
      }
      case Tasks.REVIEW_RESULTS -> {
        boolean confirmed = TaskAnswers.yesOrNo(task, Vars.RESULTS_CONFIRMED, "请选择审核结论：结果无误或重新计算");
        String comment = confirmed ? TaskAnswers.optional(task, Vars.RESULTS_COMMENT, "说明", 2000)
            : TaskAnswers.required(task, Vars.RESULTS_COMMENT, "重新计算时请说明原因", 2000);
        audit.record(confirmed ? "RESULTS_CONFIRMED" : "RESULTS_RECOMPUTE", Campaign.codeOf(year),
            (confirmed ? "确认考评结果" : "要求重新计算") + "（" + actor + "）" + (comment == null ? "" : "：" + comment));
      }
      default -> throw new IllegalStateException("campaignTaskListener is not meant for " + task.getTaskDefinitionKey());
    }
  }

  private static String unitCode(DelegateTask task) {
    return (String) task.getVariable(Vars.UNIT_CODE);
  }
}
