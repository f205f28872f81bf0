package org.servicestar.complaint;

import java.util.Set;

import org.servicestar.engine.DecisionReads;

/** The ids of bpmn/complaint-handling.bpmn that Java relies on (checked by ModelContractTest). */
public final class ComplaintHandlingIds {

  public static final String PROCESS = "ComplaintHandling";

  private ComplaintHandlingIds() {
  }

  public static final class Tasks {
    public static final String TRIAGE = "Task_TriageComplaint";
    public static final String VERIFY = "Task_VerifyComplaint";
    public static final String REPLY = "Task_ReplyComplainant";
    public static final String RETURN_VISIT = "Task_ReturnVisit";
    /** A real-name bad review that was not substantiated: 100 % return visit after the reply. */
    public static final String RETURN_VISIT_ANSWERED = "Task_ReturnVisitAnswered";
    public static final String REVIEW_APPEAL = "Task_ReviewAppeal";
    public static final String REVIEW_DISSATISFACTION = "Task_ReviewDissatisfaction";
    public static final String CHECK_VETO = "Task_CheckVeto";
    public static final String RECTIFICATION = "CallActivity_Rectification";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String RECEIVED = "StartEvent_ComplaintReceived";
    public static final String APPEAL_RECEIVED = "StartEvent_AppealReceived";
    public static final String CLOSED = "EndEvent_ComplaintClosed";
    public static final String ANSWERED = "EndEvent_ComplaintAnswered";
    public static final String REJECTED = "EndEvent_ComplaintRejected";
    public static final String MERGED = "EndEvent_ComplaintMerged";

    private Events() {
    }
  }

  public static final class Decisions {
    public static final String VETO_CHECK = "VetoCheck";
    /** Task_CheckVeto hands it the verification's answers and maps its one output to {@link Vars#VETO_CLAUSE} (singleEntry). */
    public static final DecisionReads VETO_CHECK_READS = new DecisionReads(VETO_CHECK,
        Set.of(Vars.CATEGORY, Vars.SEVERITY, Vars.SAFETY_ACCIDENT, Vars.SERIOUS_IMAGE_HARM), Set.of(), true);

    private Decisions() {
    }
  }

  public static final class Messages {
    public static final String APPEALED = "ComplaintAppealed";

    private Messages() {
    }
  }

  /** Process variables: ids and routing flags only; the complaint itself lives in the complaint table. */
  public static final class Vars {
    public static final String NUMBER = "complaintNumber";
    public static final String UNIT_CODE = "unitCode";
    public static final String UNIT_NAME = "unitName";
    public static final String CHANNEL = "channel";
    /** The channel in Chinese, for the triage form (read-only there). */
    public static final String CHANNEL_LABEL = "channelLabel";
    public static final String CONTENT = "content";
    public static final String VERIFY_DAYS = "verifyDays";
    public static final String TRIAGE_OUTCOME = "triageOutcome";
    public static final String REJECT_REASON = "rejectReason";
    public static final String MERGE_INTO = "mergeInto";
    public static final String NEW_UNIT_CODE = "newUnitCode";
    public static final String SUBSTANTIATED = "substantiated";
    public static final String CATEGORY = "category";
    public static final String SEVERITY = "severity";
    public static final String FINDINGS = "findings";
    public static final String SAFETY_ACCIDENT = "safetyAccident";
    public static final String SERIOUS_IMAGE_HARM = "seriousImageHarm";
    public static final String VETO_CLAUSE = "vetoClause";
    public static final String REPLY = "reply";
    public static final String SATISFACTION = "satisfaction";
    public static final String CAUSE_IN_UNITS_HANDS = "causeInUnitsHands";
    public static final String REOPEN_COUNT = "reopenCount";
    public static final String APPEAL_REASON = "appealReason";
    public static final String APPEAL_UPHELD = "appealUpheld";
    public static final String APPEAL_FINDINGS = "appealFindings";
    public static final String APPELLANT_BADGE = "appellantBadge";
    public static final String DETAIL_LINK = "detailLink";
    public static final String REAL_NAME_REVIEW = "realNameReview";
    /** The staff member a bad review named ({@code staffBadge} on POST /api/ratings), shown read-only on triage and verification. */
    public static final String NAMED_STAFF = "namedStaff";

    private Vars() {
    }
  }
}
