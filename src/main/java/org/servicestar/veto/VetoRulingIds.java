package org.servicestar.veto;

/** The ids of {@code bpmn/veto-ruling.bpmn} that Java relies on (checked by ModelContractTest). */
public final class VetoRulingIds {

  public static final String PROCESS = "VetoRuling";

  private VetoRulingIds() {
  }

  /** One ruling process per veto record: {@code veto-{id}}. */
  public static String businessKey(long vetoId) {
    return "veto-" + vetoId;
  }

  public static final class Tasks {
    public static final String OPEN_RULING = "Task_OpenRuling";
    /** One per leading-group member of the round (multi-instance, assignee = the member). */
    public static final String RULE_ON_VETO = "Task_RuleOnVeto";
    public static final String REMIND_MEMBERS = "Task_RemindMembers";
    public static final String COUNT_RULING = "Task_CountRuling";
    /** No majority either way: the office arranges a new round. */
    public static final String REVIEW_UNDECIDED = "Task_ReviewUndecided";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String STARTED = "StartEvent_VetoRulingStarted";
    public static final String RULING_REMINDER = "Event_RulingReminder";
    public static final String RULING_CLOSES = "Event_RulingCloses";
    public static final String CONFIRMED = "EndEvent_VetoConfirmed";
    public static final String ANNULLED = "EndEvent_VetoAnnulled";

    private Events() {
    }
  }

  public static final class Vars {
    public static final String VETO_ID = "vetoId";
    public static final String VOTER = "voter";
    /** Set by Task_CountRuling: CONFIRMED, ANNULLED or UNDECIDED. */
    public static final String OUTCOME = "rulingOutcome";
    /** The member's answers on Task_RuleOnVeto: CONFIRM or ANNUL, and the reason. */
    public static final String RULING = "vetoRuling";
    public static final String REASON = "vetoRulingReason";
    /** The office's note on Task_ReviewUndecided. */
    public static final String UNDECIDED_NOTE = "undecidedNote";

    private Vars() {
    }
  }
}
