package org.servicestar.interview;

/**
 * The ids of {@code bpmn/interview.bpmn} (约谈) that Java relies on (checked by ModelContractTest).
 * The case itself lives in the {@code interview_case} table; the process carries its number and unit.
 */
public final class InterviewIds {

  public static final String PROCESS = "Interview";

  /** Business-number prefix: {@code YT-{year}-{6 digits}} (约谈). */
  public static final String NUMBER_PREFIX = "YT";

  private InterviewIds() {
  }

  public static final class Tasks {
    public static final String HOLD = "Task_HoldInterview";
    public static final String CONFIRM = "Task_ConfirmCommitments";
    public static final String CHECK_FOLLOW_UP = "Task_CheckFollowUpMonth";
    public static final String ESCALATE_HOLD = "Task_EscalateHoldInterview";
    public static final String ESCALATE_CONFIRM = "Task_EscalateConfirmCommitments";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String DUE = "StartEvent_InterviewDue";
    public static final String HOLD_OVERDUE = "Event_HoldInterviewOverdue";
    public static final String CONFIRM_OVERDUE = "Event_ConfirmCommitmentsOverdue";
    public static final String FOLLOW_UP_MONTH_CLOSED = "Event_FollowUpMonthClosed";
    public static final String IMPROVED = "EndEvent_Improved";
    public static final String NOT_IMPROVED = "EndEvent_NotImproved";
    public static final String HOLD_ESCALATED = "EndEvent_HoldEscalated";
    public static final String CONFIRM_ESCALATED = "EndEvent_ConfirmEscalated";

    private Events() {
    }
  }

  public static final class Gateways {
    public static final String IMPROVED = "Gateway_Improved";

    private Gateways() {
    }
  }

  /** Process variables: the case's number and unit, what the forms ask, and the follow-up's routing flag. */
  public static final class Vars {
    // set when the case is opened
    public static final String NUMBER = "interviewNumber";
    public static final String UNIT_CODE = "unitCode";
    public static final String UNIT_NAME = "unitName";
    public static final String FLAG_TEXT = "flagText";
    /** The flagged month, {@code 2026-03}: the interview is held after it. */
    public static final String FLAG_MONTH = "flagMonth";
    public static final String DETAIL_LINK = "detailLink";
    // Task_HoldInterview
    public static final String HELD_ON = "interviewDate";
    public static final String PARTICIPANTS = "participants";
    public static final String CAUSES = "causes";
    public static final String COMMITMENTS = "commitments";
    // Task_ConfirmCommitments
    public static final String CONFIRMED = "commitmentsConfirmed";
    public static final String CONFIRMATION_NOTE = "confirmationNote";
    // set by the process
    public static final String FOLLOW_UP_MONTH = "followUpMonth";
    /** When Event_FollowUpMonthClosed fires: the day after the follow-up month ends, 01:00 in the app's zone. */
    public static final String FOLLOW_UP_CHECK_AT = "followUpCheckAt";
    public static final String IMPROVED = "improved";
    public static final String RESULT = "followUpResult";

    private Vars() {
    }
  }
}
