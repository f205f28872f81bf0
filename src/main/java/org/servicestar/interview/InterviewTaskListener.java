package org.servicestar.interview;

import static org.servicestar.interview.InterviewIds.Tasks;
import static org.servicestar.interview.InterviewIds.Vars;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.audit.AuditTrail;
import org.servicestar.engine.TaskAnswers;
import org.springframework.stereotype.Component;

/**
 * Checks and records what the office and the window's leads enter on completing their 约谈 tasks (a
 * refusal keeps the task open with nothing stored): the interview (date not in the future and after
 * the flagged month, participants, causes, commitments, at least one file on the case page), and the
 * leads' confirmation of the commitments, which fixes the follow-up month.
 */
@Component("interviewTaskListener")
class InterviewTaskListener implements TaskListener {

  static final int MAX_PARTICIPANTS = 1000;
  static final int MAX_TEXT = 4000;
  static final int MAX_NOTE = 1000;

  private final Interviews interviews;
  private final Clock clock;

  InterviewTaskListener(Interviews interviews, Clock clock) {
    this.interviews = interviews;
    this.clock = clock;
  }

  @Override
  public void notify(DelegateTask task) {
    String number = (String) task.getVariable(Vars.NUMBER);
    String actor = task.getAssignee() != null ? task.getAssignee() : AuditTrail.currentActor();
    switch (task.getTaskDefinitionKey()) {
      case Tasks.HOLD -> hold(task, number, actor);
      case Tasks.CONFIRM -> confirm(task, number, actor);
      default -> throw new IllegalStateException("interviewTaskListener is not meant for " + task.getTaskDefinitionKey());
    }
  }

  private void hold(DelegateTask task, String number, String actor) {
    LocalDate on = date(task.getVariable(Vars.HELD_ON));
    if (on == null) {
      throw TaskAnswers.refusal("请填写约谈日期（年-月-日）");
    }
    if (on.isAfter(LocalDate.now(clock))) {
      throw TaskAnswers.refusal("约谈日期不能晚于今天（" + LocalDate.now(clock) + "）");
    }
    Object flagged = task.getVariable(Vars.FLAG_MONTH);
    if (flagged instanceof String month) {
      LocalDate earliest = YearMonth.parse(month).plusMonths(1).atDay(1);
      if (on.isBefore(earliest)) {
        throw TaskAnswers.refusal("约谈日期不能早于 " + earliest + "（" + month + " 月末位确定之后）");
      }
    }
    String participants = TaskAnswers.required(task, Vars.PARTICIPANTS, "请填写参加人员", MAX_PARTICIPANTS);
    String causes = TaskAnswers.required(task, Vars.CAUSES, "请填写连续末位的原因", MAX_TEXT);
    String commitments = TaskAnswers.required(task, Vars.COMMITMENTS, "请填写单位的整改承诺", MAX_TEXT);
    if (!interviews.hasEvidence(number)) {
      throw TaskAnswers.refusal("请先在约谈页面 /interviews/" + number + " 上传约谈记录（照片或 PDF，至少一个文件），再提交");
    }
    interviews.held(number, on, participants, causes, commitments, actor);
  }

  private void confirm(DelegateTask task, String number, String actor) {
    if (!TaskAnswers.yesOrNo(task, Vars.CONFIRMED, "请勾选“确认以上整改承诺”") ) {
      throw TaskAnswers.refusal("请勾选“确认以上整改承诺”；对记录有异议的，请在说明中写明并联系领导小组办公室");
    }
    String note = TaskAnswers.optional(task, Vars.CONFIRMATION_NOTE, "说明", MAX_NOTE);
    YearMonth followUp = interviews.confirmed(number, note, actor);
    task.getExecution().getProcessInstance().setVariable(Vars.FOLLOW_UP_MONTH, followUp.toString());
    task.getExecution().getProcessInstance().setVariable(Vars.FOLLOW_UP_CHECK_AT, checkAt(followUp, clock.getZone()));
  }

  /**
   * When the follow-up month's ranking is checked: the day after the month has ended, at 01:00 in the
   * app's zone, so that ratings imported on its last day count (for May 2026: June 2, 01:00).
   */
  static Date checkAt(YearMonth followUp, ZoneId zone) {
    return Date.from(followUp.plusMonths(1).atDay(2).atTime(1, 0).atZone(zone).toInstant());
  }

  /** A form-js date ("2026-04-10"), or a date sent through the REST API. */
  private LocalDate date(Object value) {
    if (value instanceof Date d) {
      return d.toInstant().atZone(clock.getZone()).toLocalDate();
    }
    if (value instanceof String text && !text.isBlank()) {
      try {
        return LocalDate.parse(text.strip().length() > 10 ? text.strip().substring(0, 10) : text.strip());
      } catch (DateTimeParseException e) {
        throw TaskAnswers.refusal("约谈日期的格式应为 年-月-日，例如 2026-04-10");
      }
    }
    return null;
  }
}
