package org.servicestar.sentiment;

/** The ids of bpmn/public-opinion.bpmn that Java relies on (checked by ModelContractTest). */
public final class PublicOpinionIds {

  public static final String PROCESS = "PublicOpinion";

  /** Business-number prefix: {@code YQ-{year}-{6 digits}} (舆情). */
  public static final String NUMBER_PREFIX = "YQ";

  private PublicOpinionIds() {
  }

  public static final class Tasks {
    public static final String RESPOND = "Task_RespondToOpinion";
    public static final String RECTIFICATION = "CallActivity_Rectification";
    public static final String RECORD_OUTCOME = "Task_RecordOpinionOutcome";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String RECORDED = "StartEvent_NegativeOpinionRecorded";
    public static final String HANDLED = "EndEvent_OpinionHandled";

    private Events() {
    }
  }

  /** Process variables: ids and what the Rectification call needs; the record lives in the sentiment table. */
  public static final class Vars {
    public static final String NUMBER = "sentimentNumber";
    public static final String UNIT_CODE = "unitCode";
    public static final String UNIT_NAME = "unitName";
    public static final String PROBLEM = "problem";
    public static final String SEVERITY = "severity";
    public static final String DETAIL_LINK = "detailLink";
    public static final String RESPONSE = "response";
    public static final String RECTIFICATION_NUMBER = "rectificationNumber";

    private Vars() {
    }
  }
}
