package org.servicestar.inspection;

import java.util.Set;

import org.servicestar.engine.DecisionReads;

/**
 * The ids of {@code bpmn/inspection.bpmn} that Java and callers rely on (checked against the file by
 * ModelContractTest).
 *
 * <p>A caller (CompetitionCampaign's call activity) passes {@link Vars#UNIT_CODE},
 * {@link Vars#CAMPAIGN_YEAR} and {@link Vars#INSPECTION_TYPE} = {@code CENTRALIZED}; the process ends
 * as soon as the inspection is conducted and gives back {@link Vars#NUMBER}, {@link Vars#SCORE_PCT}
 * and the routing flags. Started from Tasklist only {@link Vars#UNIT_CODE} is needed (and an optional
 * {@link Vars#NOTE}): the type defaults to {@code UNANNOUNCED}, the year to the current campaign.
 */
public final class InspectionIds {

  public static final String PROCESS = "Inspection";

  private InspectionIds() {
  }

  public static final class Tasks {
    public static final String REGISTER = "Task_RegisterInspection";
    public static final String CONDUCT = "Task_ConductInspection";
    public static final String RECORD_RESULT = "Task_RecordInspectionResult";
    public static final String START_RECTIFICATIONS = "Task_StartRectifications";
    public static final String RECORD_IMAGE_VETO = "Task_RecordImageVeto";
    /** After Events.CONDUCT_REMINDER: mails the assignee, or the inspectors while nobody has claimed it. */
    public static final String REMIND_CONDUCT = "Task_RemindConductInspection";
    /** After Events.CONDUCT_OVERDUE: mails the competition office. */
    public static final String ESCALATE_CONDUCT = "Task_EscalateConductInspection";

    private Tasks() {
    }
  }

  public static final class Events {
    public static final String STARTED = "StartEvent_InspectionStarted";
    public static final String DONE = "EndEvent_InspectionDone";
    /** Non-interrupting timer on Task_ConductInspection: 09:00 of the working day before the due day. */
    public static final String CONDUCT_REMINDER = "Timer_ConductInspectionReminder";
    /** Non-interrupting timer on Task_ConductInspection: at {@link Vars#DUE_DATE}. */
    public static final String CONDUCT_OVERDUE = "Timer_ConductInspectionOverdue";
    public static final String CONDUCT_REMINDED = "EndEvent_ConductInspectionReminded";
    public static final String CONDUCT_ESCALATED = "EndEvent_ConductInspectionEscalated";

    private Events() {
    }
  }

  public static final class Gateways {
    public static final String RECTIFICATIONS_NEEDED = "Gateway_RectificationsNeeded";
    public static final String SERIOUS_IMAGE_HARM = "Gateway_SeriousImageHarm";

    private Gateways() {
    }
  }

  public static final class Decisions {
    public static final String VETO_CHECK = "VetoCheck";
    /** What RecordInspectionVetoDelegate hands VetoCheck for a finding, and the entry it reads back. */
    public static final DecisionReads VETO_CHECK_READS = new DecisionReads(VETO_CHECK,
        Set.of("category", "severity", "safetyAccident", "seriousImageHarm"), Set.of("vetoClause"), false);

    private Decisions() {
    }
  }

  /** Process variables: ids, texts for the form and routing flags; the record lives in the inspection tables. */
  public static final class Vars {
    // in
    public static final String UNIT_CODE = "unitCode";
    public static final String CAMPAIGN_YEAR = "campaignYear";
    /** {@code CENTRALIZED} (集中检查) or {@code UNANNOUNCED} (明查暗访). */
    public static final String INSPECTION_TYPE = "inspectionType";
    public static final String NOTE = "inspectionNote";
    /** Set by the start event (camunda:initiator) when a person starts it in Tasklist. */
    public static final String STARTED_BY = "startedBy";
    // set by Task_RegisterInspection
    public static final String NUMBER = "inspectionNumber";
    public static final String UNIT_NAME = "unitName";
    public static final String TYPE_TEXT = "inspectionTypeText";
    public static final String DETAIL_LINK = "detailLink";
    /** Date: when Task_ConductInspection is due ({@link InspectionDeadlines}); its reminder and escalation timers follow it. */
    public static final String DUE_DATE = "inspectionDueDate";
    /** Json: the sheet as the form's dynamic list, one object per item (position, dimension, label, maxScore, score, remark). */
    public static final String ITEMS = "inspectionItems";
    /** Json: the findings list (description, severity, needsRectification, seriousImageHarm). */
    public static final String FINDINGS = "inspectionFindings";
    // Task_ConductInspection
    public static final String SUMMARY = "inspectionSummary";
    public static final String INSPECTOR = "inspector";
    // set by Task_RecordInspectionResult
    public static final String SCORE_PCT = "scorePct";
    public static final String RECTIFICATIONS_NEEDED = "rectificationsNeeded";
    public static final String SERIOUS_IMAGE_HARM_FOUND = "seriousImageHarmFound";

    private Vars() {
    }
  }
}
