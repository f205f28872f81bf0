package org.servicestar.evaluation;

import static org.servicestar.evaluation.StaffEvaluationIds.Tasks;
import static org.servicestar.evaluation.StaffEvaluationIds.Vars;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.audit.AuditTrail;
import org.servicestar.web.TextLimits;
import org.springframework.stereotype.Component;

/**
 * Tasks of StaffEvaluation. On create: names the staff member in the task (staff are not Camunda
 * users; the unit's leads fill in their paper forms) and lists the colleagues to score. On complete:
 * checks the input (a refusal keeps the task open) and stores it in the evaluation tables.
 *
 * <p>Peer scores are typed one colleague a line as {@code 工号 分数} (also {@code 工号=分数} or
 * {@code 工号:分数}); every colleague exactly once, never oneself, whole numbers 1–10.
 */
@Component("evaluationTaskListener")
class EvaluationTaskListener implements TaskListener {

  private final EvaluationService evaluations;

  EvaluationTaskListener(EvaluationService evaluations) {
    this.evaluations = evaluations;
  }

  @Override
  public void notify(DelegateTask task) {
    String number = (String) task.getVariable(Vars.NUMBER);
    if (TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
      created(task, number);
      return;
    }
    String actor = task.getAssignee() != null ? task.getAssignee() : AuditTrail.currentActor();
    switch (task.getTaskDefinitionKey()) {
      case Tasks.SELF_AND_PEER -> {
        String badge = (String) task.getVariable(Vars.STAFF_BADGE);
        String self = required(task, Vars.SELF_ASSESSMENT, "请填写自评", 4000);
        Map<String, Integer> peers = peerScores(task, evaluations.colleagues(number, badge), badge);
        evaluations.recordSelfAndPeer(number, badge, self, peers, actor);
      }
      case Tasks.LEADER_REVIEW_STAFF -> {
        String badge = (String) task.getVariable(Vars.STAFF_BADGE);
        String review = required(task, Vars.LEADER_REVIEW, "请填写领导点评", 4000);
        evaluations.recordLeaderReview(number, badge, review, score(task, Vars.LEADER_SCORE), actor);
      }
      case Tasks.LEADER_REVIEW_UNIT -> {
        String review = required(task, Vars.UNIT_REVIEW, "请填写对本单位的点评", 4000);
        evaluations.recordUnitReview(number, review, score(task, Vars.UNIT_SCORE), actor);
      }
      default -> throw new IllegalStateException("evaluationTaskListener is not meant for " + task.getTaskDefinitionKey());
    }
  }

  private void created(DelegateTask task, String number) {
    String badge = (String) task.getVariable(Vars.STAFF_BADGE);
    if (badge == null || Tasks.LEADER_REVIEW_UNIT.equals(task.getTaskDefinitionKey())) {
      return;
    }
    String name = evaluations.staffName(number, badge);
    task.setVariableLocal(Vars.STAFF_NAME, name + "（" + badge + "）");
    task.setName(task.getName() + "：" + name);
    if (Tasks.SELF_AND_PEER.equals(task.getTaskDefinitionKey())) {
      task.setVariableLocal(Vars.COLLEAGUES, evaluations.colleagues(number, badge).entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("；")));
    }
  }

  /** Parses the peer scores against the colleagues of the round (the member themselves excluded). */
  static Map<String, Integer> peerScores(DelegateTask task, Map<String, String> colleagues, String self) {
    Object value = task.getVariable(Vars.PEER_SCORES);
    if (!(value instanceof String text) || text.isBlank()) {
      throw refusal("请逐行填写对每位同事的评分（工号 分数）");
    }
    Map<String, Integer> scores = new LinkedHashMap<>();
    for (String raw : text.split("[\\r\\n;；,，]+")) {
      String line = raw.trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("[\\s=:：]+");
      if (parts.length != 2) {
        throw refusal("无法识别“" + line + "”，每行应为：工号 分数");
      }
      String badge = parts[0];
      if (badge.equals(self)) {
        throw refusal("不能给自己评分（" + badge + "）");
      }
      if (!colleagues.containsKey(badge)) {
        throw refusal("工号 " + badge + " 不是本轮参评的同事");
      }
      int score;
      try {
        score = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw refusal(badge + " 的分数应为 " + EvaluationService.MIN_SCORE + "–" + EvaluationService.MAX_SCORE + " 的整数");
      }
      checkScale(score, badge + " 的分数");
      if (scores.put(badge, score) != null) {
        throw refusal("工号 " + badge + " 评了不止一次");
      }
    }
    if (!scores.keySet().equals(colleagues.keySet())) {
      throw refusal("还没有评分的同事：" + colleagues.keySet().stream().filter(b -> !scores.containsKey(b)).collect(Collectors.joining("、")));
    }
    return scores;
  }

  private static int score(DelegateTask task, String variable) {
    Object value = task.getVariable(variable);
    Integer score = value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Integer.valueOf(n.intValue())
        : value instanceof String s && s.trim().matches("\\d{1,2}") ? Integer.valueOf(s.trim()) : null;
    if (score == null) {
      throw refusal("请填写 " + EvaluationService.MIN_SCORE + "–" + EvaluationService.MAX_SCORE + " 的整数分数");
    }
    checkScale(score, "分数");
    task.setVariable(variable, score);
    return score;
  }

  private static void checkScale(int score, String what) {
    if (score < EvaluationService.MIN_SCORE || score > EvaluationService.MAX_SCORE) {
      throw refusal(what + "应在 " + EvaluationService.MIN_SCORE + "–" + EvaluationService.MAX_SCORE + " 之间");
    }
  }

  private static String required(DelegateTask task, String variable, String message, int max) {
    Object value = task.getVariable(variable);
    if (!(value instanceof String text) || text.isBlank()) {
      throw refusal(message);
    }
    if (!TextLimits.fits(text, max)) {
      throw refusal("内容过长（最多 " + max + " 字，现有 " + TextLimits.length(text) + " 字）");
    }
    return text.trim();
  }

  private static EvaluationInputRefused refusal(String message) {
    return new EvaluationInputRefused(message);
  }
}
