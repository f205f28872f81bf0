package org.servicestar.commitment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.audit.AuditTrail;
import org.servicestar.web.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * On completion of {@code Task_PublishCommitments}: publishes the unit's seven texts from the task's
 * variables. Bad input throws, so Tasklist shows the message, the task stays open and nothing is stored.
 */
@Component("publishCommitmentsListener")
class PublishCommitmentsListener implements TaskListener {

  /** The task variables it reads; the texts' names are {@link CommitmentKind#variable()}. */
  static final String CAMPAIGN_YEAR = "campaignYear";
  static final String UNIT_CODE = "unitCode";

  private final Commitments commitments;

  PublishCommitmentsListener(Commitments commitments) {
    this.commitments = commitments;
  }

  @Override
  public void notify(DelegateTask task) {
    Object year = task.getVariable(CAMPAIGN_YEAR);
    Object unit = task.getVariable(UNIT_CODE);
    Map<CommitmentKind, String> texts = new EnumMap<>(CommitmentKind.class);
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    for (CommitmentKind kind : CommitmentKind.values()) {
      Object value = task.getVariable(kind.variable());
      if (value == null || value instanceof String) {
        texts.put(kind, (String) value);
      } else {
        errors.add(kind.variable(), "“" + kind.label() + "”须为文字");
      }
    }
    Integer campaignYear = year instanceof Integer i ? i
        : year instanceof Long l && l == l.intValue() ? Integer.valueOf(l.intValue()) : null;
    errors.check(campaignYear != null, CAMPAIGN_YEAR, "年度（campaignYear）缺失或不是整数");
    errors.check(unit instanceof String, UNIT_CODE, "单位编码（unitCode）缺失");
    Commitments.checkTexts(texts, errors);
    try {
      errors.throwIfAny();
      String actor = task.getAssignee() != null ? task.getAssignee() : AuditTrail.currentActor();
      commitments.publish(campaignYear, (String) unit, texts, actor);
    } catch (InvalidInputException e) {
      throw new ProcessEngineException("服务承诺未公开：" + inFormOrder(e.fieldErrors()));
    }
  }

  /** The messages in the form's order (the exception's map has none), so the first problem reads first. */
  static String inFormOrder(Map<String, String> fieldErrors) {
    List<String> order = new ArrayList<>(List.of(CAMPAIGN_YEAR, UNIT_CODE));
    for (CommitmentKind kind : CommitmentKind.values()) {
      order.add(kind.variable());
    }
    fieldErrors.keySet().stream().filter(k -> !order.contains(k)).sorted().forEach(order::add);
    return String.join("；", order.stream().filter(fieldErrors::containsKey).map(fieldErrors::get).toList());
  }
}
