package org.servicestar.evaluation;

/** The ids of bpmn/staff-evaluation.bpmn that Java relies on (checked by ModelContractTest). */
public final class StaffEvaluationIds {

  public static final String PROCESS = "StaffEvaluation";

  /** Business-number prefix: {@code PY-{year}-{6 digits}} (评议). */
  public static final String NUMBER_PREFIX = "PY";

  private StaffEvaluationIds() {
  }

  public static final class Tasks {
    /** Multi-instance, one per party member: self-assessment and peer scores. */
    public static final String SELF_AND_PEER = "Task_SelfAndPeerAssessment";
    /** Multi-instance, one per party member: the responsible leader's review and score. */
    public static final String LEADER_REVIEW_STAFF = "Task_LeaderReviewStaff";
    public static final String LEADER_REVIEW_UNIT = "Task_LeaderReviewUnit";
    public static final String CLOSE_ROUND = "Task_CloseEvaluationRound";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String OPENED = "StartEvent_EvaluationOpened";
    public static final String COMPLETED = "EndEvent_EvaluationCompleted";

    private Events() {
    }
  }

  /** Process variables: ids only; texts and scores live in the evaluation tables. */
  public static final class Vars {
    public static final String NUMBER = "evaluationNumber";
    public static final String UNIT_CODE = "unitCode";
    public static final String UNIT_NAME = "unitName";
    public static final String CAMPAIGN_YEAR = "campaignYear";
    /** The collection of the multi-instance tasks: the party members' badge numbers. */
    public static final String STAFF_BADGES = "staffBadges";
    /** Element variable of the multi-instance tasks. */
    public static final String STAFF_BADGE = "staffBadge";
    /** Task-local, set when a task is created: who the task is about, and the colleagues to score. */
    public static final String STAFF_NAME = "staffName";
    public static final String COLLEAGUES = "colleagues";
    // form fields
    public static final String SELF_ASSESSMENT = "selfAssessment";
    public static final String PEER_SCORES = "peerScores";
    public static final String LEADER_REVIEW = "leaderReview";
    public static final String LEADER_SCORE = "leaderScore";
    public static final String UNIT_REVIEW = "unitReview";
    public static final String UNIT_SCORE = "unitScore";

    private Vars() {
    }
  }
}
