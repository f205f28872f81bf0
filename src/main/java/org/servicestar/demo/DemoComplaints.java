package org.servicestar.demo;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.servicestar.calendar.Workdays;
import org.servicestar.complaint.ComplaintHandlingIds;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.rectification.RectificationLedger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Complaints of the demo year taken through ComplaintHandling and Rectification by the demo users:
 * the older ones closed along the usual paths (rectified, answered as not substantiated, returned
 * once then accepted, rejected), the latest ones left in every state a complaint can be in. A
 * closed one is played on its days from the day of its rating ({@link Steps}); an open one now.
 */
@Component
class DemoComplaints {

  /** Where a complaint's story ends. The first four close it; the rest leave it open (or ended) in that state. */
  enum Story {
    CLOSED_RECTIFIED, CLOSED_ANSWERED, CLOSED_RETURNED_ONCE, REJECTED,
    RECEIVED, VERIFYING, NOT_SUBSTANTIATED, RECTIFYING, RECTIFYING_RETURNED, RECTIFICATION_OVERDUE, ACCEPTANCE_PENDING,
    RETURN_VISIT, LEADING_GROUP, MERGED;

    static final List<Story> CLOSING = List.of(CLOSED_RECTIFIED, CLOSED_ANSWERED, CLOSED_RECTIFIED, CLOSED_RETURNED_ONCE,
        CLOSED_ANSWERED, CLOSED_RECTIFIED, REJECTED, CLOSED_ANSWERED, CLOSED_RECTIFIED, CLOSED_ANSWERED);
    static final List<Story> OPEN = List.of(RECEIVED, VERIFYING, NOT_SUBSTANTIATED, RECTIFYING, RECTIFYING_RETURNED,
        RECTIFICATION_OVERDUE, ACCEPTANCE_PENDING, RETURN_VISIT, LEADING_GROUP, MERGED, RECEIVED, RECTIFYING);

    boolean closes() {
      return CLOSING.contains(this);
    }
  }

  /** A complaint and the day it came in. */
  record Received(String number, LocalDateTime at) {
  }

  /**
   * Stories for complaints in time order: the last ones (as many as {@link Story#OPEN} has) take the
   * open states, the others close in a fixed rotation.
   */
  static List<Story> storiesFor(int count) {
    List<Story> stories = new ArrayList<>(count);
    int open = Math.min(count, Story.OPEN.size());
    for (int i = 0; i < count - open; i++) {
      stories.add(Story.CLOSING.get(i % Story.CLOSING.size()));
    }
    stories.addAll(Story.OPEN.subList(0, open));
    return stories;
  }

  private static final String[] OFFICE = {"office1", "office2"};
  private static final String[] INSPECTORS = {"inspector1", "inspector2", "inspector3"};
  private static final String[][] FINDINGS = {
      {"ATTITUDE", "LOW", "经调取监控和询问当事人，窗口人员解释不耐心，属实"},
      {"OVERDUE", "MEDIUM", "核对办件系统，超出承诺时限 2 个工作日，属实"},
      {"ENVIRONMENT", "LOW", "现场查看，等候区座椅不足、指引不清，属实"},
      {"DISCIPLINE", "LOW", "工作时间离岗 20 分钟，未按规定挂牌，属实"}};

  private final DemoActors actors;
  private final RuntimeService runtime;
  private final JdbcClient jdbc;
  private final Workdays workdays;
  private final DemoClock clock;
  private final RectificationLedger ledger;

  DemoComplaints(DemoActors actors, RuntimeService runtime, JdbcClient jdbc, Workdays workdays, DemoClock clock,
                 RectificationLedger ledger) {
    this.actors = actors;
    this.runtime = runtime;
    this.jdbc = jdbc;
    this.workdays = workdays;
    this.clock = clock;
    this.ledger = ledger;
  }

  /** Plays each complaint's story; returns how many reached each. */
  Map<Story, Integer> play(List<Received> complaints) {
    List<Story> stories = storiesFor(complaints.size());
    Map<Story, Integer> counts = new java.util.EnumMap<>(Story.class);
    for (int i = 0; i < complaints.size(); i++) {
      Received c = complaints.get(i);
      Story story = stories.get(i);
      // A merge needs an earlier complaint about the same thing: the one before it.
      play(c, story, i, i > 0 ? complaints.get(i - 1).number() : null, new Steps(c, story.closes()));
      counts.merge(story, 1, Integer::sum);
    }
    return counts;
  }

  private void play(Received c, Story story, int n, String previous, Steps s) {
    String pid = jdbc.sql("select process_instance_id from complaint where number = ?").param(c.number()).query(String.class).single();
    String office = OFFICE[n % OFFICE.length];
    String inspector = INSPECTORS[n % INSPECTORS.length];
    String[] finding = FINDINGS[n % FINDINGS.length];
    if (story == Story.RECEIVED) {
      return;
    }
    if (story == Story.REJECTED) {
      triage(s, pid, office, Map.of(ComplaintHandlingIds.Vars.TRIAGE_OUTCOME, "REJECT",
          ComplaintHandlingIds.Vars.REJECT_REASON, "反映的是上级部门的政策规定，不属于窗口服务范围，已告知咨询渠道"));
      return;
    }
    if (story == Story.MERGED) {
      triage(s, pid, office, Map.of(ComplaintHandlingIds.Vars.TRIAGE_OUTCOME, "MERGE", ComplaintHandlingIds.Vars.MERGE_INTO, previous));
      return;
    }
    triage(s, pid, office, Map.of(ComplaintHandlingIds.Vars.TRIAGE_OUTCOME, "ACCEPT"));
    if (story == Story.VERIFYING) {
      return;
    }
    boolean substantiated = story != Story.CLOSED_ANSWERED && story != Story.NOT_SUBSTANTIATED;
    Map<String, Object> verdict = new HashMap<>(Map.of(ComplaintHandlingIds.Vars.SUBSTANTIATED, substantiated,
        ComplaintHandlingIds.Vars.FINDINGS, substantiated ? finding[2] : "调阅监控和办件记录，窗口按规定办理，所反映情况不属实"));
    if (substantiated) {
      verdict.put(ComplaintHandlingIds.Vars.CATEGORY, finding[0]);
      verdict.put(ComplaintHandlingIds.Vars.SEVERITY, finding[1]);
    }
    complete(s, inspector, pid, ComplaintHandlingIds.Tasks.VERIFY, verdict);
    if (story == Story.NOT_SUBSTANTIATED) {
      return;
    }
    if (!substantiated) {
      complete(s, office, pid, ComplaintHandlingIds.Tasks.REPLY, Map.of(ComplaintHandlingIds.Vars.REPLY,
          "经核实，窗口按规定办理，感谢您的监督；如有疑问请致电 12345。"));
      // A real-name reviewer is called back; an anonymous one is not.
      if (actors.openTask(pid, ComplaintHandlingIds.Tasks.RETURN_VISIT_ANSWERED) != null) {
        complete(s, office, pid, ComplaintHandlingIds.Tasks.RETURN_VISIT_ANSWERED, Map.of(ComplaintHandlingIds.Vars.SATISFACTION,
            "BASICALLY_SATISFIED", "returnVisitNote", "电话回访，表示理解"));
      }
      return;
    }
    String rectification = rectificationOf(pid);
    String unitLead = "lead-" + runtime.getVariable(pid, ComplaintHandlingIds.Vars.UNIT_CODE);
    switch (story) {
      case RECTIFYING -> {
        return;
      }
      case RECTIFICATION_OVERDUE -> {
        overdue(rectification);
        return;
      }
      case RECTIFYING_RETURNED -> {
        rectify(s, unitLead, rectification);
        accept(s, inspector, rectification, false);
        return;
      }
      case ACCEPTANCE_PENDING -> {
        rectify(s, unitLead, rectification);
        return;
      }
      case CLOSED_RETURNED_ONCE -> {
        rectify(s, unitLead, rectification);
        accept(s, inspector, rectification, false);
        rectify(s, unitLead, rectification);
        accept(s, inspector, rectification, true);
      }
      default -> {
        rectify(s, unitLead, rectification);
        accept(s, inspector, rectification, true);
      }
    }
    if (story == Story.RETURN_VISIT) {
      return;
    }
    if (story == Story.LEADING_GROUP) {
      // Dissatisfied: the unit rectifies again, and when the complainant is still dissatisfied the leading group takes it up.
      returnVisit(s, office, pid, "DISSATISFIED");
      String again = rectificationOf(pid);
      rectify(s, unitLead, again);
      accept(s, inspector, again, true);
      returnVisit(s, office, pid, "DISSATISFIED");
      return;
    }
    returnVisit(s, office, pid, n % 5 == 0 ? "BASICALLY_SATISFIED" : "SATISFIED");
  }

  private void triage(Steps s, String pid, String office, Map<String, Object> answers) {
    complete(s, office, pid, ComplaintHandlingIds.Tasks.TRIAGE, answers);
  }

  private void returnVisit(Steps s, String office, String pid, String satisfaction) {
    complete(s, office, pid, ComplaintHandlingIds.Tasks.RETURN_VISIT, Map.of(ComplaintHandlingIds.Vars.SATISFACTION, satisfaction,
        ComplaintHandlingIds.Vars.CAUSE_IN_UNITS_HANDS, true, "returnVisitNote", "电话回访"));
  }

  private void rectify(Steps s, String unitLead, String rectification) {
    complete(s, unitLead, rectification, RectificationIds.Tasks.RECTIFY, Map.of(RectificationIds.Vars.EXTENSION_REQUESTED, false,
        RectificationIds.Vars.CAUSE, "服务意识不强，岗位制度执行不严",
        RectificationIds.Vars.MEASURES, "召开窗口例会通报，组织服务规范培训，负责人每日巡查",
        RectificationIds.Vars.COMPLETED_ON, s.nextDay().toString(),
        RectificationIds.Vars.EVIDENCE_NOTE, "培训签到表和巡查记录已存档"));
  }

  private void accept(Steps s, String inspector, String rectification, boolean accepted) {
    Map<String, Object> answers = new HashMap<>(Map.of(RectificationIds.Vars.ACCEPTED, accepted,
        RectificationIds.Vars.ACCEPTANCE_COMMENT, accepted ? "现场复查，整改到位" : "整改措施不具体，未见培训记录，请补充后重新提交"));
    if (!accepted) {
      answers.put(RectificationIds.Vars.REWORK_DUE_DATE, workdays.plusWorkingDays(s.nextDay(), 5).toString());
    }
    complete(s, inspector, rectification, RectificationIds.Tasks.ACCEPT, answers);
  }

  /**
   * A rectification whose due date has passed: the deadline is moved back (the ledger and the
   * timeline say so); the deadline watch restarts for it and its timers, now due, escalate it to the leading
   * group as soon as the job executor runs them.
   */
  private void overdue(String rectification) {
    LocalDate due = workdays.plusWorkingDays(workdays.today(), -3);
    Date dueAt = Date.from(due.atTime(17, 30).atZone(Workdays.ZONE).toInstant());
    runtime.setVariable(rectification, RectificationIds.Vars.DUE_DATE, dueAt);
    Task task = actors.openTask(rectification, RectificationIds.Tasks.RECTIFY);
    task.setDueDate(dueAt);
    actors.tasks().saveTask(task);
    // Through the ledger, so that its due date and the timeline's latest 到期 stay the same.
    ledger.dueDateSet(rectification, dueAt, null, "system", "演示数据：到期日提前，模拟逾期");
  }

  private void complete(Steps s, String user, String pid, String taskKey, Map<String, Object> answers) {
    Task task = actors.openTask(pid, taskKey);
    if (task == null) {
      throw new IllegalStateException("demo: no open " + taskKey + " in " + pid);
    }
    s.run(() -> actors.complete(user, task, answers));
  }

  private String rectificationOf(String complaintPid) {
    ProcessInstance sub = runtime.createProcessInstanceQuery().superProcessInstanceId(complaintPid).active().singleResult();
    if (sub == null) {
      throw new IllegalStateException("demo: no rectification called by " + complaintPid);
    }
    return sub.getId();
  }

  /**
   * When a complaint's steps happen. A closing one's story is over, so it is played on its days: a
   * working day a step after it came in, each step under the demo clock, so that the complaint's
   * timeline, its rectifications' ledger and timelines (due dates included) and the engine's history
   * tell the same dates. An open one is played now: its timers must stay ahead of it.
   */
  private final class Steps {

    private final Received complaint;
    private final boolean past;
    private int n;

    Steps(Received complaint, boolean past) {
      this.complaint = complaint;
      this.past = past;
    }

    /** The day of the next step. */
    LocalDate nextDay() {
      return past ? at(complaint.at().toLocalDate(), n + 1, complaint.at()).toLocalDate() : workdays.today();
    }

    void run(Runnable work) {
      if (!past) {
        work.run();
        return;
      }
      n++;
      clock.at(at(complaint.at().toLocalDate(), n, complaint.at()), work);
    }
  }

  /** The {@code n}th working day after {@code day}, at the complaint's time of day plus a quarter hour a step. */
  private LocalDateTime at(LocalDate day, int n, LocalDateTime received) {
    return workdays.plusWorkingDays(day, n).atTime(received.toLocalTime()).plusMinutes(15L * n);
  }
}
