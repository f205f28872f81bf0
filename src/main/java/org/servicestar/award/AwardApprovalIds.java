package org.servicestar.award;

/** The ids of {@code bpmn/award-approval.bpmn} that Java relies on (checked by ModelContractTest). */
public final class AwardApprovalIds {

  public static final String PROCESS = "AwardApproval";

  private AwardApprovalIds() {
  }

  public static String businessKey(int year) {
    return "award-" + year;
  }

  public static final class Tasks {
    public static final String BUILD_NOMINEES = "Task_BuildNominees";
    public static final String PREPARE_NOMINATIONS = "Task_PrepareNominations";
    public static final String OPEN_VOTE = "Task_OpenVote";
    public static final String APPROVE_AWARDS = "Task_ApproveAwards";
    public static final String COUNT_VOTES = "Task_CountVotes";
    public static final String OPEN_PUBLICITY = "Task_OpenPublicity";
    public static final String VERIFY_OBJECTION = "Task_VerifyObjection";
    public static final String FINALIZE_AWARDS = "Task_FinalizeAwards";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String STARTED = "StartEvent_AwardApprovalStarted";
    public static final String VOTE_REMINDER = "Event_VoteReminder";
    public static final String VOTE_CLOSES = "Event_VoteCloses";
    public static final String PUBLICITY_ENDS = "Event_PublicityEnds";
    public static final String OBJECTION_RECEIVED = "StartEvent_ObjectionReceived";
    public static final String PUBLISHED = "EndEvent_AwardsPublished";

    private Events() {
    }
  }

  public static final class Messages {
    /** An objection during publicity (correlated by the business key award-{year}). */
    public static final String OBJECTION_RECEIVED = "ObjectionReceived";

    private Messages() {
    }
  }

  public static final class Vars {
    public static final String YEAR = "campaignYear";
    public static final String VOTER = "voter";
    public static final String VOTERS = "voters";
    public static final String OBJECTION_NUMBER = "objectionNumber";

    private Vars() {
    }
  }
}
