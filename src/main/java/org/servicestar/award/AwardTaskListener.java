package org.servicestar.award;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.servicestar.audit.AuditTrail;
import org.servicestar.award.AwardApprovalIds.Tasks;
import org.servicestar.award.AwardApprovalIds.Vars;
import org.servicestar.engine.FormRows;
import org.servicestar.engine.TaskAnswers;
import org.servicestar.web.TextLimits;
import org.springframework.stereotype.Component;

/**
 * The people's steps of AwardApproval. On create: what the form shows and the answers it collects, as
 * local variables of the task's own execution — several members vote and several objections are
 * verified at once, and none may write a variable another is writing (Tasklist's form submit and
 * the REST API's complete both find them there; complete would otherwise create them on the
 * process instance). On complete: checks what was entered (a refusal is shown in
 * Tasklist; nothing is stored) and records it through {@link Awards}.
 */
@Component("awardTaskListener")
class AwardTaskListener implements TaskListener {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");
  /**
   * Beside a member's ballot, the nominees it shows, in order: the ballot's rows come back from
   * Tasklist with only their vote and comment, and this is no form field, so no one can change it.
   */
  private static final String BALLOT_IDS = "ballotIds";

  private final Awards awards;
  private final AwardSchedule schedule;
  private final Clock clock;

  AwardTaskListener(Awards awards, AwardSchedule schedule, Clock clock) {
    this.clock = clock;
    this.awards = awards;
    this.schedule = schedule;
  }

  @Override
  public void notify(DelegateTask task) {
    int year = ((Number) task.getVariable(Vars.YEAR)).intValue();
    boolean create = EVENTNAME_CREATE.equals(task.getEventName());
    switch (task.getTaskDefinitionKey()) {
      case Tasks.PREPARE_NOMINATIONS -> {
        if (create) {
          task.getExecution().setVariableLocal("nominees", FormRows.json(rows(awards.nominees(year, "NOMINATED"), false)));
          task.getExecution().setVariableLocal("additions", FormRows.json(List.of()));
        } else {
          prepare(task, year);
          // A single task's execution is the process instance's: the lists are done with, keep them out of it.
          task.getExecution().removeVariableLocal("nominees");
          task.getExecution().removeVariableLocal("additions");
        }
      }
      case Tasks.APPROVE_AWARDS -> {
        if (create) {
          List<Nominee> nominees = awards.nominees(year, "NOMINATED");
          task.getExecution().setVariableLocal("ballot", FormRows.json(rows(nominees, true)));
          task.getExecution().setVariableLocal(BALLOT_IDS, ids(nominees));
          AwardRound round = awards.round(year).orElseThrow();
          task.getExecution().setVariableLocal("ruleText", ApprovalRule.valueOf(round.approvalRule()).describe()
              + "（领导小组成员 " + round.voterList().size() + " 人）");
          task.getExecution().setVariableLocal("closesText", WHEN.format(schedule.voteClosesAt(year).toInstant().atZone(clock.getZone())));
        } else {
          vote(task, year);
        }
      }
      case Tasks.VERIFY_OBJECTION -> {
        String number = (String) task.getVariable(Vars.OBJECTION_NUMBER);
        if (create) {
          Awards.Objection objection = awards.objection(number);
          Nominee n = awards.nominee(objection.nomineeId());
          task.getExecution().setVariableLocal("nomineeText", n.awardCategory().label() + "：" + n.subjectName() + "（" + n.unitName() + "）");
          task.getExecution().setVariableLocal("objectionContent", objection.content());
          for (String answer : List.of("objectionUpheld", "objectionFindings", "objectionReply", "vetoClause")) {
            task.getExecution().setVariableLocal(answer, null);
          }
        } else {
          verify(task, number);
        }
      }
      case Tasks.FINALIZE_AWARDS -> {
        if (create) {
          awards.publicityOver(year);
          task.getExecution().setVariableLocal("approvedCount", awards.nominees(year, "APPROVED").size());
          task.getExecution().setVariableLocal("withdrawnCount", awards.nominees(year, "WITHDRAWN").size());
          task.getExecution().setVariableLocal("openObjections", awards.openObjections(year));
        } else {
          if (!Boolean.TRUE.equals(task.getVariable("publishConfirmed"))) {
            throw TaskAnswers.refusal("请勾选“确认公布最终名单”");
          }
          awards.publish(year, actor(task));
        }
      }
      default -> throw new IllegalStateException("awardTaskListener is not meant for " + task.getTaskDefinitionKey());
    }
  }

  /**
   * The nominee a submitted row stands for. Tasklist's form-js sends back only the list's form fields,
   * so the row's {@code id} is gone; its rows come back in the order they were shown, which is the
   * order of {@link Awards#nominees}, and the row's readonly name must still match, or the list has
   * changed since the form was opened.
   */
  private static long nomineeId(Map<String, Object> row, int index, List<Nominee> shown) {
    Long id = FormRows.number(row, "id");
    if (id != null) {
      return id;
    }
    if (index < shown.size() && shownName(shown.get(index)).equals(row.get("subjectName"))) {
      return shown.get(index).id();
    }
    throw TaskAnswers.refusal("提名名单已变化，请刷新任务后重新填写");
  }

  /** The ids of the nominees in the order a ballot shows them: its rows come back in this order, without ids. */
  private static String ids(List<Nominee> nominees) {
    return nominees.stream().map(n -> Long.toString(n.id())).collect(Collectors.joining(","));
  }

  private static String shownName(Nominee n) {
    return n.subjectName() + "（" + n.subject() + "）";
  }

  /** The list as the forms show it: one row per nominee, with its score, stars, rank and where it is explained. */
  private static List<Map<String, Object>> rows(List<Nominee> nominees, boolean ballot) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Nominee n : nominees) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", n.id());
      row.put("categoryLabel", n.awardCategory().label());
      row.put("subjectName", shownName(n));
      row.put("unitName", n.unitName());
      String standing = n.score() + " 分" + (n.stars() == null || n.stars() == 0 ? "" : " · " + "★".repeat(n.stars()))
          + " · 第 " + n.rankInCategory() + " 名" + (n.tied() ? "（并列）" : "");
      String note = "ADDED".equals(n.origin()) ? "办公室增加：" + n.changeReason() : "";
      row.put("scoreText", standing + (note.isEmpty() ? "" : " · " + note));
      row.put("link", n.scoreLink());
      if (ballot) {
        // The ballot shows the parts apart (table columns, lines of the nominee's header); every value a
        // text, never null, as form-js's templates print "null" or a warning sign for it.
        row.put("unitName", n.belongsTo() == null ? "—" : n.belongsTo());
        row.put("standing", standing);
        row.put("note", note);
        row.put("vote", null);
        row.put("comment", "");
      } else {
        row.put("include", true);
        row.put("reason", "");
      }
      rows.add(row);
    }
    return rows;
  }

  private void prepare(DelegateTask task, int year) {
    String actor = actor(task);
    List<Map<String, Object>> rows = FormRows.rows(task.getVariable("nominees"), "提名名单");
    List<Nominee> shown = awards.nominees(year, "NOMINATED");
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = rows.get(i);
      if (!Boolean.FALSE.equals(FormRows.yesOrNo(row, "include"))) {
        continue;
      }
      long id = nomineeId(row, i, shown);
      String reason = FormRows.text(row, "reason");
      if (reason == null) {
        throw TaskAnswers.refusal("撤下 " + row.get("subjectName") + " 必须写明理由");
      }
      awards.remove(id, limit(reason, 2000, "撤下理由"), actor);
    }
    Set<String> categories = Set.of("HALL", "SECTION", "WINDOW", "STAFF", "COLLECTIVE", "MODEL");
    for (Map<String, Object> row : FormRows.rows(task.getVariable("additions"), "增加提名")) {
      String category = FormRows.text(row, "category");
      String subject = FormRows.text(row, "subject");
      String reason = FormRows.text(row, "reason");
      if (category == null && subject == null && reason == null) {
        continue;
      }
      if (category == null || !categories.contains(category) || subject == null) {
        throw TaskAnswers.refusal("增加提名须选择类别并填写单位编码或工号");
      }
      if (reason == null) {
        throw TaskAnswers.refusal("增加 " + subject + " 必须写明理由");
      }
      awards.add(year, AwardCategory.valueOf(category), subject, limit(reason, 2000, "增加理由"), actor);
    }
  }

  private void vote(DelegateTask task, int year) {
    String voter = task.getAssignee();
    List<Awards.Vote> ballot = new ArrayList<>();
    List<Map<String, Object>> rows = FormRows.rows(task.getVariable("ballot"), "表决单");
    List<Nominee> nominees = awards.nominees(year, "NOMINATED");
    Object shownIds = task.getVariable(BALLOT_IDS);
    if (shownIds != null && !shownIds.equals(ids(nominees))) {
      throw TaskAnswers.refusal("提名名单已变化，请刷新任务后重新填写");
    }
    if (rows.size() != nominees.size()) {
      throw TaskAnswers.refusal("表决单不完整：应对 " + nominees.size() + " 个提名逐一表决，收到 " + rows.size() + " 个。请刷新任务后重新填写");
    }
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = rows.get(i);
      Nominee nominee = nominees.get(i);
      if (shownIds == null) {
        // a ballot opened before the ids were kept beside it: its form sends the read-only names back
        nominee = awards.nominee(nomineeId(row, i, nominees));
      } else {
        Long id = FormRows.number(row, "id");
        if (id != null && id != nominee.id()) {
          throw TaskAnswers.refusal("提名名单已变化，请刷新任务后重新填写");
        }
      }
      String vote = FormRows.text(row, "vote");
      if (!"APPROVE".equals(vote) && !"REJECT".equals(vote)) {
        throw TaskAnswers.refusal("请对 " + shownName(nominee) + " 表决：赞成或反对");
      }
      String comment = FormRows.text(row, "comment");
      ballot.add(new Awards.Vote(nominee.id(), voter, "APPROVE".equals(vote), comment == null ? null : limit(comment, 1000, "意见"), null));
    }
    awards.vote(year, voter, ballot);
  }

  private void verify(DelegateTask task, String number) {
    boolean upheld = TaskAnswers.yesOrNo(task, "objectionUpheld", "请选择核实结论：异议成立或不成立");
    String findings = TaskAnswers.required(task, "objectionFindings", "请填写核实情况", 4000);
    String reply = upheld ? TaskAnswers.optional(task, "objectionReply", "给异议人的答复", 4000)
        : TaskAnswers.required(task, "objectionReply", "异议不成立时请填写给异议人的答复", 4000);
    Object clause = task.getVariable("vetoClause");
    Integer vetoClause = null;
    if (clause != null && !"0".equals(clause.toString()) && !clause.toString().isBlank()) {
      try {
        vetoClause = Integer.valueOf(clause.toString());
      } catch (NumberFormatException e) {
        vetoClause = -1;
      }
      if (vetoClause < 1 || vetoClause > 6) {
        throw TaskAnswers.refusal("一票否决条款须为第 1–6 项");
      }
    }
    awards.verifyObjection(number, upheld, findings, reply, vetoClause, actor(task));
  }

  private static String limit(String text, int max, String what) {
    if (!TextLimits.fits(text, max)) {
      throw TaskAnswers.refusal(TextLimits.tooLong(what, max, text));
    }
    return text;
  }

  private static String actor(DelegateTask task) {
    return task.getAssignee() != null ? task.getAssignee() : AuditTrail.currentActor();
  }
}
