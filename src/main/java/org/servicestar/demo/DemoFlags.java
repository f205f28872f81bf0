package org.servicestar.demo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.task.Task;
import org.servicestar.calendar.Workdays;
import org.servicestar.evaluation.EvaluationRound;
import org.servicestar.evaluation.EvaluationService;
import org.servicestar.evaluation.StaffEvaluationIds;
import org.servicestar.interview.InterviewCase;
import org.servicestar.interview.InterviewCases;
import org.servicestar.interview.InterviewIds;
import org.servicestar.unit.Staff;
import org.servicestar.unit.StaffService;
import org.servicestar.veto.VetoFiling;
import org.servicestar.veto.VetoRecord;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoRulingIds;
import org.servicestar.veto.VetoStatus;
import org.springframework.stereotype.Component;

/**
 * The follow-through after something is flagged (issue 19), played now by the demo users through the
 * real services and processes: party members enough for 三评 in a few windows and one round done; a
 * pending veto with two of the leading group's votes cast and still undecided; a veto the office filed
 * by hand, under ruling; a 约谈 case recorded and confirmed, its follow-up month pending.
 */
@Component
class DemoFlags {

  /** What was made, for the log and the tests. */
  record Lived(List<String> partyUnits, String evaluation, long votedVeto, long filedVeto, String interview) {
  }

  static final String OFFICE = DemoCampaigns.OFFICE;
  /** A tiny valid PDF: the evidence files the office uploads. */
  static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
      + "trailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);

  private final StaffService staff;
  private final EvaluationService evaluations;
  private final VetoFiling filing;
  private final VetoRecords vetoes;
  private final InterviewCases interviews;
  private final DemoActors actors;
  private final Workdays workdays;

  DemoFlags(StaffService staff, EvaluationService evaluations, VetoFiling filing, VetoRecords vetoes, InterviewCases interviews,
            DemoActors actors, Workdays workdays) {
    this.staff = staff;
    this.evaluations = evaluations;
    this.filing = filing;
    this.vetoes = vetoes;
    this.interviews = interviews;
    this.actors = actors;
    this.workdays = workdays;
  }

  /** {@code windows}: the demo's windows in code order; {@code year}: the running campaign's. */
  Lived play(List<String> windows, int year) {
    List<String> partyUnits = windows.subList(0, Math.min(3, windows.size()));
    partyUnits.forEach(this::partyMembers);
    String evaluation = partyUnits.isEmpty() ? null : evaluationRound(partyUnits.get(0), year);
    long filed = fileVeto(windows.get(windows.size() > 1 ? 1 : 0), year, "2", "应急通报〔" + year + "〕7号",
        "消防检查发现大厅安全出口被杂物堵塞，整改期间发生群众摔伤事故，经应急管理部门调查认定为安全责任事故");
    long voted = vetoBeingVoted(Set.copyOf(windows), filed, year);
    String interview = interview(Set.copyOf(windows));
    return new Lived(partyUnits, evaluation, voted, filed, interview);
  }

  /** The office marks two staff of the window as party members (the staff page's 党员 box), adding one if the window has one. */
  private void partyMembers(String unit) {
    actors.as(OFFICE, () -> {
      List<Staff> active = staff.ofUnit(unit).stream().filter(Staff::active).toList();
      int members = (int) active.stream().filter(Staff::partyMember).count();
      for (Staff s : active) {
        if (members >= 2) {
          break;
        }
        if (!s.partyMember()) {
          staff.update(s.badgeNo(), s.version(), new StaffService.StaffDraft(unit, s.name(), s.badgeNo(), true, s.position()), true);
          members++;
        }
      }
      for (int i = 1; members < 2; i++) {
        String badge = unit.toUpperCase() + "-P" + i;
        if (active.stream().noneMatch(s -> s.badgeNo().equals(badge))) {
          staff.create(new StaffService.StaffDraft(unit, "党员" + "甲乙丙丁".charAt((i - 1) % 4) + "同志", badge, true, "综合受理员"));
          members++;
        }
      }
    });
  }

  /** 三评 of one window, the office opening it and the window's lead entering every form in Tasklist. */
  private String evaluationRound(String unit, int year) {
    EvaluationRound round = actors.as(OFFICE, () -> evaluations.open(unit, year, OFFICE));
    String lead = "lead-" + unit;
    for (int pass = 0; pass < 6; pass++) {
      List<Task> open = actors.tasks().createTaskQuery().processInstanceId(round.processInstanceId()).list();
      if (open.isEmpty()) {
        break;
      }
      for (Task task : open) {
        String badge = (String) actors.tasks().getVariable(task.getId(), StaffEvaluationIds.Vars.STAFF_BADGE);
        Map<String, Object> answers = new HashMap<>();
        switch (task.getTaskDefinitionKey()) {
          case StaffEvaluationIds.Tasks.SELF_AND_PEER -> {
            answers.put(StaffEvaluationIds.Vars.SELF_ASSESSMENT, "认真履行岗位职责，首问负责、一次告知，业务学习还需加强");
            List<String> lines = new ArrayList<>();
            int n = 0;
            for (String colleague : evaluations.colleagues(round.number(), badge).keySet()) {
              lines.add(colleague + " " + (8 + (n++ % 3)));
            }
            answers.put(StaffEvaluationIds.Vars.PEER_SCORES, String.join("\n", lines));
          }
          case StaffEvaluationIds.Tasks.LEADER_REVIEW_STAFF -> {
            answers.put(StaffEvaluationIds.Vars.LEADER_REVIEW, "服务态度好，能主动帮办代办，群众评价较高");
            answers.put(StaffEvaluationIds.Vars.LEADER_SCORE, 9);
          }
          case StaffEvaluationIds.Tasks.LEADER_REVIEW_UNIT -> {
            answers.put(StaffEvaluationIds.Vars.UNIT_REVIEW, "党员示范岗作用明显，高峰时段排队仍需改进");
            answers.put(StaffEvaluationIds.Vars.UNIT_SCORE, 8);
          }
          default -> throw new IllegalStateException("unexpected 三评 task " + task.getTaskDefinitionKey());
        }
        actors.complete(lead, task, answers);
      }
    }
    return round.number();
  }

  /** The office files a veto by hand, as on /vetoes/new, with the finding's document as a PDF; its ruling starts. */
  private long fileVeto(String unit, int year, String clause, String document, String facts) {
    VetoRecord record = actors.as(OFFICE, () -> filing.file(unit, clause, facts, document,
        List.of(new VetoFiling.Upload("通报.pdf", PDF)), OFFICE));
    return record.id();
  }

  /**
   * A pending veto of the demo's windows (other than the hand-filed one) on which leader1 confirms and
   * leader2 annuls in Tasklist: under the majority rule still undecided, the others' votes awaited. If
   * the demo has none, the office files one by hand first (a discipline inspection's finding).
   */
  private long vetoBeingVoted(Set<String> windows, long filed, int year) {
    VetoRecord pending = vetoes.withStatus(VetoStatus.PENDING).stream()
        .filter(r -> r.id() != filed && windows.contains(r.unitCode()) && ballot(r.id(), "leader1") != null && ballot(r.id(), "leader2") != null)
        .findFirst().orElse(null);
    long id = pending != null ? pending.id()
        : fileVeto(windows.stream().sorted().findFirst().orElseThrow(), year, "1", "纪检通报〔" + year + "〕3号",
            "纪检监察部门通报：窗口工作人员在办理业务中收受服务对象财物，已立案查处");
    actors.complete("leader1", ballot(id, "leader1"), Map.of(VetoRulingIds.Vars.RULING, "CONFIRM",
        VetoRulingIds.Vars.REASON, "事实清楚，证据确凿，符合否决条款"));
    actors.complete("leader2", ballot(id, "leader2"), Map.of(VetoRulingIds.Vars.RULING, "ANNUL",
        VetoRulingIds.Vars.REASON, "责任主体尚需核实，建议待调查结论后再定"));
    return id;
  }

  private Task ballot(long vetoId, String member) {
    return actors.tasks().createTaskQuery().processInstanceBusinessKey(VetoRulingIds.businessKey(vetoId))
        .taskDefinitionKey(VetoRulingIds.Tasks.RULE_ON_VETO).taskAssignee(member).singleResult();
  }

  /**
   * The latest complete month that flags one of the demo's windows (last two months in a row) gets its
   * cases, as the monthly check opens them; the office uploads the interview's minutes and records it,
   * the window's lead confirms the commitments; the follow-up month is next month.
   */
  private String interview(Set<String> windows) {
    YearMonth month = interviews.lastCompleteMonth();
    for (int back = 0; back < 12; back++, month = month.minusMonths(1)) {
      YearMonth m = month;
      for (String number : actors.as(OFFICE, () -> interviews.openFor(m))) {
        InterviewCase c = interviews.byNumber(number).orElseThrow();
        if (windows.contains(c.unitCode())) {
          hold(c);
          return number;
        }
      }
    }
    return null;
  }

  private void hold(InterviewCase c) {
    actors.as(OFFICE, () -> interviews.addEvidence(c.number(), "约谈记录.pdf", PDF, "约谈笔录及签到表", OFFICE));
    Task hold = actors.tasks().createTaskQuery().processInstanceBusinessKey(c.number()).taskDefinitionKey(InterviewIds.Tasks.HOLD)
        .singleResult();
    LocalDate today = workdays.today();
    actors.complete(OFFICE, hold, Map.of(InterviewIds.Vars.HELD_ON, today.toString(),
        InterviewIds.Vars.PARTICIPANTS, "领导小组办公室 刘芳、陈静；" + c.unitName() + " 负责人及全体窗口人员",
        InterviewIds.Vars.CAUSES, "高峰时段只开一个窗口，排队时间长；个别人员业务不熟，一次告知不到位",
        InterviewIds.Vars.COMMITMENTS, "一、高峰时段增开潮汐窗口；二、每周业务培训并考试；三、设置帮办岗，一次告知清单上墙"));
    Task confirm = actors.tasks().createTaskQuery().processInstanceBusinessKey(c.number())
        .taskDefinitionKey(InterviewIds.Tasks.CONFIRM).singleResult();
    actors.complete("lead-" + c.unitCode(), confirm, Map.of(InterviewIds.Vars.CONFIRMED, true,
        InterviewIds.Vars.CONFIRMATION_NOTE, "已组织全体人员学习，按承诺逐项落实"));
  }
}
