package org.servicestar.sentiment;

import static org.servicestar.sentiment.PublicOpinionIds.Tasks;
import static org.servicestar.sentiment.PublicOpinionIds.Vars;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.audit.AuditTrail;
import org.servicestar.web.TextLimits;
import org.springframework.stereotype.Component;

/** Checks and records the office's response to a negative public opinion (a refusal keeps the task open). */
@Component("sentimentTaskListener")
class SentimentTaskListener implements TaskListener {

  private final SentimentService sentiments;

  SentimentTaskListener(SentimentService sentiments) {
    this.sentiments = sentiments;
  }

  @Override
  public void notify(DelegateTask task) {
    if (!Tasks.RESPOND.equals(task.getTaskDefinitionKey())) {
      throw new IllegalStateException("sentimentTaskListener is not meant for " + task.getTaskDefinitionKey());
    }
    Object value = task.getVariable(Vars.RESPONSE);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ProcessEngineException("请填写回应与处置情况");
    }
    if (!TextLimits.fits(text, 4000)) {
      throw new ProcessEngineException("回应内容过长（最多 4000 字，现有 " + TextLimits.length(text) + " 字）");
    }
    String actor = task.getAssignee() != null ? task.getAssignee() : AuditTrail.currentActor();
    sentiments.responded((String) task.getVariable(Vars.NUMBER), text.trim(), actor);
  }
}
