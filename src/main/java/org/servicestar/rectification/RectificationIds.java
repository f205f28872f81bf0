package org.servicestar.rectification;

import java.util.Set;

import org.servicestar.engine.DecisionReads;

/**
 * The ids of {@code bpmn/rectification.bpmn} and {@code bpmn/rectification-deadline.dmn} that Java
 * and callers rely on (checked against the files by ModelContractTest).
 *
 * <p>A caller (a call activity) passes {@link Vars#UNIT_CODE}, {@link Vars#SOURCE_TYPE},
 * {@link Vars#SOURCE_ID}, {@link Vars#PROBLEM} and {@link Vars#SEVERITY}, and gets back
 * {@link Vars#NUMBER} once the rectification is accepted.
 */
public final class RectificationIds {

  public static final String PROCESS = "Rectification";

  private RectificationIds() {
  }

  public static final class Tasks {
    public static final String OPEN = "Task_OpenRectification";
    public static final String DECIDE_DEADLINE = "Task_DecideDeadline";
    public static final String SET_DUE_DATE = "Task_SetDueDate";
    public static final String RECTIFY = "Task_Rectify";
    public static final String APPROVE_EXTENSION = "Task_ApproveExtension";
    public static final String SET_EXTENDED_DUE_DATE = "Task_SetExtendedDueDate";
    public static final String WATCH_DEADLINE = "Task_WatchDeadline";
    public static final String REMIND_BEFORE_DUE = "Task_RemindBeforeDue";
    public static final String REMIND_ON_DUE_DAY = "Task_RemindOnDueDay";
    public static final String ESCALATE_OVERDUE = "Task_EscalateOverdue";
    public static final String RULE_ON_OVERDUE = "Task_RuleOnOverdue";
    public static final String SET_JUSTIFIED_DUE_DATE = "Task_SetJustifiedDueDate";
    public static final String RECORD_OVERDUE_VETO = "Task_RecordOverdueVeto";
    public static final String ACCEPT = "Task_AcceptRectification";
    public static final String SET_REWORK_DUE_DATE = "Task_SetReworkDueDate";
    public static final String RECORD_RETURN_VETO = "Task_RecordReturnVeto";
    public static final String RECTIFY_WITHIN_DEADLINE = "SubProcess_Rectify";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String REQUESTED = "StartEvent_RectificationRequested";
    public static final String REMIND_BEFORE_DUE = "Event_RemindBeforeDue";
    public static final String REMIND_ON_DUE_DAY = "Event_RemindOnDueDay";
    public static final String DUE_DATE_REACHED = "Event_DueDateReached";
    public static final String DUE_DATE_CHANGED = "Event_DueDateChanged";
    public static final String OVERDUE = "Event_RectificationOverdue";
    public static final String SUBMITTED = "EndEvent_RectificationSubmitted";
    public static final String ACCEPTED = "EndEvent_RectificationAccepted";
    public static final String OVERDUE_JUSTIFIED = "EndEvent_OverdueJustified";
    public static final String OVERDUE_VETO_RECORDED = "EndEvent_OverdueVetoRecorded";

    private Events() {
    }
  }

  public static final class Decisions {
    public static final String DEADLINE = "RectificationDeadline";
    /** Task_DecideDeadline hands it the source and severity and maps its one output to {@link Vars#DEADLINE_DAYS} (singleEntry). */
    public static final DecisionReads DEADLINE_READS = new DecisionReads(DEADLINE, Set.of(Vars.SOURCE_TYPE, Vars.SEVERITY), Set.of(), true);

    private Decisions() {
    }
  }

  /** Process variables: ids, routing flags and deadlines; the record itself lives in the rectification table. */
  public static final class Vars {
    // in (from the caller)
    public static final String UNIT_CODE = "unitCode";
    public static final String SOURCE_TYPE = "sourceType";
    public static final String SOURCE_ID = "sourceId";
    public static final String PROBLEM = "problem";
    public static final String SEVERITY = "severity";
    // set by the process
    public static final String NUMBER = "rectificationNumber";
    public static final String DEADLINE_DAYS = "deadlineDays";
    public static final String DUE_DATE = "dueDate";
    public static final String DUE_DATE_TEXT = "dueDateText";
    public static final String RETURN_COUNT = "returnCount";
    /** Input parameter of the setDueDateDelegate tasks: the due date to set. */
    public static final String NEW_DUE_DATE = "newDueDate";
    /** Input parameter of Task_WatchDeadline: the due date its timers were set for. */
    public static final String WATCHED_DUE_DATE = "watchedDueDate";
    // Task_Rectify
    public static final String EXTENSION_REQUESTED = "extensionRequested";
    public static final String CAUSE = "rectificationCause";
    public static final String MEASURES = "rectificationMeasures";
    public static final String COMPLETED_ON = "rectificationCompletedOn";
    public static final String EVIDENCE_NOTE = "evidenceNote";
    public static final String EXTENSION_REASON = "extensionReason";
    public static final String REQUESTED_DUE_DATE = "requestedDueDate";
    // Task_ApproveExtension
    public static final String EXTENSION_GRANTED = "extensionGranted";
    public static final String GRANTED_DUE_DATE = "grantedDueDate";
    public static final String EXTENSION_COMMENT = "extensionComment";
    // Task_AcceptRectification
    public static final String ACCEPTED = "rectificationAccepted";
    public static final String ACCEPTANCE_COMMENT = "acceptanceComment";
    public static final String REWORK_DUE_DATE = "reworkDueDate";
    // Task_RuleOnOverdue
    public static final String OVERDUE_JUSTIFIED = "overdueJustified";
    public static final String OVERDUE_RULING_REASON = "overdueRulingReason";
    public static final String JUSTIFIED_DUE_DATE = "justifiedDueDate";

    private Vars() {
    }
  }
}
