package org.servicestar.veto;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.audit.AuditTrail;
import org.servicestar.engine.TaskAnswers;
import org.servicestar.unit.Unit;
import org.servicestar.veto.VetoRulingIds.Tasks;
import org.servicestar.veto.VetoRulingIds.Vars;
import org.servicestar.unit.UnitService;
import org.springframework.stereotype.Component;

/**
 * The people's steps of VetoRuling. On create: what the form shows and the answers it collects, as
 * local variables of the task's own execution (members rule side by side; none writes another's).
 * On complete: checks the answer (a refusal is shown in Tasklist; nothing is stored) and records it
 * through {@link VetoRulings}.
 */
@Component("vetoRulingTaskListener")
class VetoRulingTaskListener implements TaskListener {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

  private final VetoRecords records;
  private final VetoRulings rulings;
  private final VetoRulingSchedule schedule;
  private final UnitService units;
  private final Clock clock;

  VetoRulingTaskListener(VetoRecords records, VetoRulings rulings, VetoRulingSchedule schedule, UnitService units, Clock clock) {
    this.records = records;
    this.rulings = rulings;
    this.schedule = schedule;
    this.units = units;
    this.clock = clock;
  }

  @Override
  public void notify(DelegateTask task) {
    long vetoId = ((Number) task.getVariable(Vars.VETO_ID)).longValue();
    boolean create = EVENTNAME_CREATE.equals(task.getEventName());
    switch (task.getTaskDefinitionKey()) {
      case Tasks.RULE_ON_VETO -> {
        if (create) {
          describe(task, vetoId);
          VetoRulings.Round round = rulings.round(vetoId).orElseThrow();
          task.getExecution().setVariableLocal("ruleText", round.ruleValue().describe() + "（本轮成员 " + round.voterList().size() + " 人）");
          task.getExecution().setVariableLocal("closesText", WHEN.format(schedule.closesAt(vetoId).toInstant().atZone(clock.getZone())));
          task.getExecution().setVariableLocal(Vars.RULING, null);
          task.getExecution().setVariableLocal(Vars.REASON, null);
        } else {
          String ruling = TaskAnswers.oneOf(task, Vars.RULING, Set.of("CONFIRM", "ANNUL"), "请选择裁定：确认否决或撤销");
          String reason = TaskAnswers.required(task, Vars.REASON, "请写明裁定理由", VetoRulings.MAX_REASON);
          rulings.vote(vetoId, task.getAssignee(), "CONFIRM".equals(ruling), reason);
        }
      }
      case Tasks.REVIEW_UNDECIDED -> {
        if (create) {
          describe(task, vetoId);
          VetoRulings.State state = rulings.state(vetoId);
          task.getExecution().setVariableLocal("tallyText", state.round() == null ? "尚无表决"
              : "第 " + state.round().roundNo() + " 轮：成员 " + state.round().voterList().size() + " 人，确认 " + state.confirms()
                  + " 票、撤销 " + state.annuls() + " 票" + (state.notVoted().isEmpty() ? "" : "，未投票：" + String.join("、", state.notVoted())));
          task.getExecution().setVariableLocal(Vars.UNDECIDED_NOTE, null);
        } else {
          String note = TaskAnswers.required(task, Vars.UNDECIDED_NOTE, "请写明安排（如领导小组会议的时间）", VetoRulings.MAX_REASON);
          rulings.noteNewRound(vetoId, note, task.getAssignee() != null ? task.getAssignee() : AuditTrail.currentActor());
          // this task's execution is the process instance's: what the form showed is done with
          for (String shown : new String[] {"vetoText", "tallyText", Vars.UNDECIDED_NOTE}) {
            task.getExecution().removeVariableLocal(shown);
          }
        }
      }
      default -> throw new IllegalStateException("vetoRulingTaskListener is not meant for " + task.getTaskDefinitionKey());
    }
  }

  /** The record as the forms show it (markdown). */
  private void describe(DelegateTask task, long vetoId) {
    VetoRecord r = records.require(vetoId);
    String unit = units.byCode(r.unitCode()).map(Unit::name).orElse(r.unitCode());
    String text = "**单位：** " + unit + "（" + r.unitCode() + "）\n\n**条款：** 第" + r.clause() + "项 " + r.clauseInfo().title() + "——"
        + r.clauseInfo().text() + "\n\n**依据：** " + r.sourceType().label() + " " + r.sourceId()
        + (r.evidence() == null ? "" : "\n\n**事实与证据：** " + r.evidence()) + "\n\n**登记：** " + r.recordedBy() + "，"
        + WHEN.format(r.recordedAt());
    task.getExecution().setVariableLocal("vetoText", text);
  }
}
