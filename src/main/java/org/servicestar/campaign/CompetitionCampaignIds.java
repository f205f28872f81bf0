package org.servicestar.campaign;

/** The ids of {@code bpmn/competition-campaign.bpmn} that Java relies on (checked by ModelContractTest). */
public final class CompetitionCampaignIds {

  public static final String PROCESS = "CompetitionCampaign";

  private CompetitionCampaignIds() {
  }

  public static final class Tasks {
    public static final String REGISTER = "Task_RegisterCampaign";
    public static final String MOBILISATION = "SubProcess_Mobilisation";
    public static final String UNIT_PLAN = "SubProcess_UnitPlan";
    public static final String SUBMIT_PLAN = "Task_SubmitPlan";
    public static final String REVIEW_PLAN = "Task_ReviewPlan";
    public static final String FLAG_MISSING_PLANS = "Task_FlagMissingPlans";
    public static final String COMPETITION = "SubProcess_Competition";
    public static final String PUBLISH_COMMITMENTS = "Task_PublishCommitments";
    public static final String CENTRALIZED_INSPECTIONS = "CallActivity_CentralizedInspections";
    public static final String COMPUTE_SCORES = "Task_ComputeScores";
    public static final String REVIEW_RESULTS = "Task_ReviewResults";
    public static final String AWARD_APPROVAL = "CallActivity_AwardApproval";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String STARTED = "StartEvent_CampaignStarted";
    public static final String MOBILISATION_ENDS = "Event_MobilisationEnds";
    public static final String MOBILISATION_ADVANCED = "Event_MobilisationAdvanced";
    public static final String COMPETITION_ENDS = "Event_CompetitionEnds";
    public static final String COMPETITION_ADVANCED = "Event_CompetitionAdvanced";
    public static final String ASSESSMENT_STARTS = "Event_AssessmentStarts";
    public static final String ASSESSMENT_ADVANCED = "Event_AssessmentAdvanced";
    public static final String CLOSED = "EndEvent_CampaignClosed";

    private Events() {
    }
  }

  public static final class Messages {
    /** The office moves the campaign on to its next phase before the phase's end date. */
    public static final String PHASE_ADVANCED = "CampaignPhaseAdvanced";

    private Messages() {
    }
  }

  /** Process variables: ids, routing flags and what the forms show; plans and scores live in tables. */
  public static final class Vars {
    public static final String YEAR = "campaignYear";
    public static final String NAME = "campaignName";
    /** Why the office ended the last phase early (message CampaignPhaseAdvanced), also in the activity log. */
    public static final String ADVANCE_REASON = "advanceReason";
    public static final String UNIT_CODE = "unitCode";
    public static final String UNIT_NAME = "unitName";
    public static final String SELF_INSPECTION = "selfInspection";
    public static final String GOOD_PRACTICE = "goodPractice";
    public static final String PROBLEMS = "problems";
    public static final String PLAN_TEXT = "planText";
    public static final String PLAN_APPROVED = "planApproved";
    public static final String REVIEW_COMMENT = "reviewComment";
    public static final String RESULTS_CONFIRMED = "resultsConfirmed";
    public static final String RESULTS_COMMENT = "resultsComment";
    public static final String SCORED_UNITS = "scoredUnits";
    public static final String PARTICIPANT_CODES = "participantCodes";

    private Vars() {
    }
  }
}
