package org.servicestar.interview;

/**
 * The ids of {@code bpmn/interview-check.bpmn}: after each month closes, the windows flagged for a
 * talk get their {@link InterviewIds#PROCESS} case (checked by ModelContractTest).
 */
public final class InterviewCheckIds {

  public static final String PROCESS = "InterviewCheck";

  private InterviewCheckIds() {
  }

  public static final class Tasks {
    public static final String OPEN_INTERVIEWS = "Task_OpenInterviews";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String MONTH_CLOSED = "StartEvent_MonthClosed";
    public static final String CHECKED = "EndEvent_MonthChecked";

    private Events() {
    }
  }

  public static final class Vars {
    /** The month checked, {@code 2026-03}. */
    public static final String MONTH = "checkedMonth";
    /** The numbers of the cases opened by this run. */
    public static final String OPENED = "openedInterviews";

    private Vars() {
    }
  }
}
