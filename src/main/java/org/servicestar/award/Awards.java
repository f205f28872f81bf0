package org.servicestar.award;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.Campaign;
import org.servicestar.campaign.CampaignService;
import org.servicestar.engine.TaskAnswers;
import org.servicestar.scoring.ScoreBoard;
import org.servicestar.unit.Staff;
import org.servicestar.unit.StaffService;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoSourceType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A year's award approval, step by step: the nominee lists from the ranking, the office's changes,
 * the leading group's votes and their count, publicity, objections, and the published list. Every
 * step is kept in the audit trail under {@code award-{year}} with who, when and why.
 */
@Service
public class Awards {

  private static final String NOMINEE = """
      select n.id, n.campaign_year, n.category, n.subject, n.subject_name, n.unit_code, u.name as unit_name, n.score,
             n.stars, n.rank_in_category, n.tied, n.origin, n.status, n.change_reason, n.changed_by, n.changed_at,
             n.approve_votes, n.reject_votes, n.certificate_no, p.name as parent_name
        from award_nominee n join unit u on u.code = n.unit_code left join unit p on p.id = u.parent_id""";
  private static final String ORDER = " order by case n.category when 'HALL' then 1 when 'SECTION' then 2 when 'WINDOW' then 3"
      + " when 'STAFF' then 4 when 'COLLECTIVE' then 5 else 6 end, n.rank_in_category, n.id";

  /** What the ranking gave: nominees per category, and those tied at the quota's cut-off. */
  public record Opened(Map<AwardCategory, Integer> nominated, List<String> tiedAtCutoff) {
  }

  /** One leading-group member's vote on one nominee. */
  public record Vote(long nomineeId, String voter, boolean approve, String comment, LocalDateTime votedAt) {
  }

  /** An objection as the inspectors verify it (the objector's contact is on the award page, not in the engine). */
  public record Objection(long id, String number, int campaignYear, long nomineeId, String objectorName, String objectorPhone,
                          String content, String status, LocalDateTime receivedAt, String verifiedBy, LocalDateTime verifiedAt,
                          String findings, String reply, Integer vetoClause) {
  }

  private final JdbcClient jdbc;
  private final ScoreBoard scores;
  private final CampaignService campaigns;
  private final StaffService staff;
  private final VetoRecords vetoes;
  private final AuditTrail audit;
  private final AwardProperties properties;
  private final Clock clock;

  Awards(JdbcClient jdbc, ScoreBoard scores, CampaignService campaigns, StaffService staff, VetoRecords vetoes,
         AuditTrail audit, AwardProperties properties, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.scores = scores;
    this.campaigns = campaigns;
    this.staff = staff;
    this.vetoes = vetoes;
    this.audit = audit;
    this.properties = properties;
  }

  // --- reading ---

  public Optional<AwardRound> round(int year) {
    return jdbc.sql("select * from award_round where campaign_year = ?").param(year).query(AwardRound.class).optional();
  }

  public List<Nominee> nominees(int year) {
    return jdbc.sql(NOMINEE + " where n.campaign_year = ?" + ORDER).param(year).query(Nominee.class).list();
  }

  public List<Nominee> nominees(int year, String status) {
    return jdbc.sql(NOMINEE + " where n.campaign_year = ? and n.status = ?" + ORDER).params(year, status).query(Nominee.class).list();
  }

  public Nominee nominee(long id) {
    return jdbc.sql(NOMINEE + " where n.id = ?").param(id).query(Nominee.class).optional()
        .orElseThrow(() -> TaskAnswers.refusal("没有编号为 " + id + " 的提名"));
  }

  public List<Vote> votes(int year) {
    return jdbc.sql("select v.* from award_vote v join award_nominee n on n.id = v.nominee_id where n.campaign_year = ? order by v.voter, v.nominee_id")
        .param(year).query(Vote.class).list();
  }

  public List<Objection> objections(int year) {
    return jdbc.sql("select * from award_objection where campaign_year = ? order by id").param(year).query(Objection.class).list();
  }

  public Objection objection(String number) {
    return jdbc.sql("select * from award_objection where number = ?").param(number).query(Objection.class).optional()
        .orElseThrow(() -> TaskAnswers.refusal("没有编号为 " + number + " 的异议"));
  }

  // --- the steps ---

  /**
   * Opens the year's approval and builds the nominee lists from the ranking: eligible only (no
   * confirmed veto; staff of a vetoed unit are not eligible for STAFF or MODEL), at most the quota.
   */
  @Transactional
  public Opened open(int year, String processInstanceId) {
    Campaign campaign = campaigns.ofYear(year).orElseThrow(() -> TaskAnswers.refusal("没有 " + year + " 年的竞赛活动"));
    Optional<AwardRound> existing = round(year);
    if (existing.isPresent()) {
      throw TaskAnswers.refusal(year + " 年的评优已经开始（" + existing.get().statusLabel() + "），每年只评一次");
    }
    if (scores.ofYear(year).isEmpty()) {
      throw TaskAnswers.refusal(year + " 年还没有考评得分：请先完成考核评比（集中检查和计算得分）");
    }
    jdbc.sql("insert into award_round (campaign_year, process_instance_id, status, approval_rule, updated_at) values (?, ?, 'NOMINATING', ?, ?)")
        .params(year, processInstanceId, properties.approvalRule().name(), LocalDateTime.now(clock)).update();
    Map<String, Integer> quotas = campaigns.quotasOf(campaign.id());
    Map<AwardCategory, Integer> nominated = new EnumMap<>(AwardCategory.class);
    List<String> cutoff = new ArrayList<>();
    for (AwardCategory category : AwardCategory.values()) {
      NomineeRanking.Result result = NomineeRanking.rank(candidates(year, category), quotas.getOrDefault(category.name(), 0));
      for (NomineeRanking.Ranked ranked : result.nominees()) {
        insert(year, category, ranked, "RANKING", null);
      }
      nominated.put(category, result.nominees().size());
      result.tiedAtCutoff().forEach(r -> cutoff.add(category.label() + "：" + r.candidate().name() + "（" + r.candidate().subject()
          + "，" + r.candidate().score() + " 分，并列第 " + r.rank() + " 名）"));
    }
    audit.record("AWARD_NOMINATED", AwardApprovalIds.businessKey(year), "按考评排名生成提名名单："
        + nominated.entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining("，"))
        + (cutoff.isEmpty() ? "" : "；名额线上并列未列入：" + String.join("；", cutoff)));
    return new Opened(nominated, cutoff);
  }

  /** Everyone eligible for the category, with the score that ranks them. */
  List<NomineeRanking.Candidate> candidates(int year, AwardCategory category) {
    if (category.forStaff()) {
      Map<String, Staff> byBadge = category == AwardCategory.MODEL
          ? staff.all().stream().collect(Collectors.toMap(Staff::badgeNo, Function.identity())) : Map.of();
      return scores.staffOfYear(year).stream()
          .filter(s -> !s.unitVetoed())
          .filter(s -> category != AwardCategory.MODEL || byBadge.containsKey(s.badgeNo()) && byBadge.get(s.badgeNo()).partyMember())
          .map(s -> new NomineeRanking.Candidate(s.badgeNo(), s.staffName() == null ? s.badgeNo() : s.staffName(), s.unitCode(), s.total(), null))
          .toList();
    }
    Set<String> types = category == AwardCategory.COLLECTIVE ? Set.of("HALL", "SECTION", "WINDOW") : Set.of(category.name());
    return scores.ofYear(year).stream()
        .filter(ScoreBoard.UnitScore::eligible).filter(s -> types.contains(s.unitType()))
        .map(s -> new NomineeRanking.Candidate(s.unitCode(), s.unitName(), s.unitCode(), s.total(), s.stars()))
        .toList();
  }

  private void insert(int year, AwardCategory category, NomineeRanking.Ranked ranked, String origin, String reason) {
    NomineeRanking.Candidate c = ranked.candidate();
    jdbc.sql("""
            insert into award_nominee (campaign_year, category, subject, subject_name, unit_code, score, stars, rank_in_category,
              tied, origin, status, change_reason, changed_by, changed_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'NOMINATED', ?, ?, ?)""")
        .params(year, category.name(), c.subject(), c.name(), c.unitCode(), c.score(), c.stars(), ranked.rank(), ranked.tied(),
            origin, reason, reason == null ? null : AuditTrail.currentActor(), reason == null ? null : LocalDateTime.now(clock))
        .update();
  }

  /** The office takes a nominee off the list; only with a written reason, kept. */
  @Transactional
  public void remove(long nomineeId, String reason, String actor) {
    Nominee n = nominee(nomineeId);
    if (!"NOMINATED".equals(n.status())) {
      throw TaskAnswers.refusal(n.subjectName() + " 已不在提名名单上");
    }
    jdbc.sql("update award_nominee set status = 'REMOVED', change_reason = ?, changed_by = ?, changed_at = ? where id = ?")
        .params(reason, actor, LocalDateTime.now(clock), nomineeId).update();
    audit.record("AWARD_NOMINEE_REMOVED", AwardApprovalIds.businessKey(n.campaignYear()),
        n.awardCategory().label() + "：撤下 " + n.subjectName() + "（" + n.subject() + "），理由：" + reason);
  }

  /** The office adds an eligible candidate the ranking did not nominate; only with a written reason, kept. */
  @Transactional
  public void add(int year, AwardCategory category, String subject, String reason, String actor) {
    List<NomineeRanking.Candidate> eligible = candidates(year, category);
    NomineeRanking.Candidate candidate = eligible.stream().filter(c -> c.subject().equals(subject)).findFirst()
        .orElseThrow(() -> TaskAnswers.refusal(category.label() + "：" + subject + " 不是有资格的候选（没有得分、类别不符或有已确认的一票否决）"));
    Optional<Nominee> already = nominees(year).stream().filter(n -> n.category().equals(category.name()) && n.subject().equals(subject)).findFirst();
    if (already.isPresent() && "NOMINATED".equals(already.get().status())) {
      throw TaskAnswers.refusal(category.label() + "：" + candidate.name() + " 已在提名名单上");
    }
    int rank = 1 + (int) eligible.stream().filter(c -> c.score().compareTo(candidate.score()) > 0).count();
    if (already.isPresent()) {
      jdbc.sql("update award_nominee set status = 'NOMINATED', origin = 'ADDED', change_reason = ?, changed_by = ?, changed_at = ? where id = ?")
          .params(reason, actor, LocalDateTime.now(clock), already.get().id()).update();
    } else {
      insert(year, category, new NomineeRanking.Ranked(candidate, rank, false), "ADDED", reason);
      jdbc.sql("update award_nominee set changed_by = ? where campaign_year = ? and category = ? and subject = ?")
          .params(actor, year, category.name(), subject).update();
    }
    audit.record("AWARD_NOMINEE_ADDED", AwardApprovalIds.businessKey(year),
        category.label() + "：增加 " + candidate.name() + "（" + subject + "，排名第 " + rank + "），理由：" + reason);
  }

  @Transactional
  public void openVote(int year, List<String> voters) {
    jdbc.sql("update award_round set status = 'VOTING', voters = ?, voting_opened_at = ?, updated_at = ? where campaign_year = ?")
        .params(String.join(",", voters), LocalDateTime.now(clock), LocalDateTime.now(clock), year).update();
    audit.record("AWARD_VOTE_OPENED", AwardApprovalIds.businessKey(year),
        "领导小组表决开始，成员 " + voters.size() + " 人：" + String.join("、", voters) + "；规则：" + properties.approvalRule().describe());
  }

  /** A member's votes on the whole list, replacing any earlier ones of theirs. */
  @Transactional
  public void vote(int year, String voter, List<Vote> ballot) {
    AwardRound round = round(year).orElseThrow();
    if (!round.voterList().contains(voter)) {
      throw TaskAnswers.refusal(voter + " 不是本次表决的领导小组成员");
    }
    for (Vote v : ballot) {
      jdbc.sql("delete from award_vote where nominee_id = ? and voter = ?").params(v.nomineeId(), voter).update();
      jdbc.sql("insert into award_vote (nominee_id, voter, approve, comment, voted_at) values (?, ?, ?, ?, ?)")
          .params(v.nomineeId(), voter, v.approve(), v.comment(), LocalDateTime.now(clock)).update();
    }
    long approvals = ballot.stream().filter(Vote::approve).count();
    audit.record("AWARD_VOTED", AwardApprovalIds.businessKey(year),
        voter + " 投票：赞成 " + approvals + "，反对 " + (ballot.size() - approvals));
  }

  /** Closes the vote and applies the rule to every nominee; answers the number approved. */
  @Transactional
  public int countVotes(int year) {
    AwardRound round = round(year).orElseThrow();
    ApprovalRule rule = ApprovalRule.valueOf(round.approvalRule());
    List<String> voters = round.voterList();
    List<Vote> cast = votes(year).stream().filter(v -> voters.contains(v.voter())).toList();
    Map<Long, List<Vote>> byNominee = cast.stream().collect(Collectors.groupingBy(Vote::nomineeId));
    int approved = 0;
    List<String> notVoted = new ArrayList<>(voters);
    cast.forEach(v -> notVoted.remove(v.voter()));
    for (Nominee n : nominees(year, "NOMINATED")) {
      List<Vote> onIt = byNominee.getOrDefault(n.id(), List.of());
      int yes = (int) onIt.stream().filter(Vote::approve).count();
      int no = onIt.size() - yes;
      boolean ok = rule.approves(yes, no, voters.size());
      approved += ok ? 1 : 0;
      jdbc.sql("update award_nominee set status = ?, approve_votes = ?, reject_votes = ? where id = ?")
          .params(ok ? "APPROVED" : "REJECTED", yes, no, n.id()).update();
    }
    jdbc.sql("update award_round set voting_closed_at = ?, updated_at = ? where campaign_year = ?")
        .params(LocalDateTime.now(clock), LocalDateTime.now(clock), year).update();
    audit.record("AWARD_VOTE_COUNTED", AwardApprovalIds.businessKey(year), "表决结束：通过 " + approved + " 个；"
        + (notVoted.isEmpty() ? "全体成员已投票" : "未投票：" + String.join("、", notVoted)) + "；规则：" + rule.describe());
    return approved;
  }

  @Transactional
  public void openPublicity(int year, LocalDate start, LocalDate end) {
    jdbc.sql("update award_round set status = 'PUBLICITY', publicity_start = ?, publicity_end = ?, updated_at = ? where campaign_year = ?")
        .params(start, end, LocalDateTime.now(clock), year).update();
    audit.record("AWARD_PUBLICITY_OPENED", AwardApprovalIds.businessKey(year), "公示 " + start + " 至 " + end + "（含）");
  }

  @Transactional
  public void publicityOver(int year) {
    jdbc.sql("update award_round set status = 'FINALIZING', updated_at = ? where campaign_year = ? and status = 'PUBLICITY'")
        .params(LocalDateTime.now(clock), year).update();
    audit.record("AWARD_PUBLICITY_ENDED", AwardApprovalIds.businessKey(year), "公示期结束");
  }

  /** The inspectors' verdict on an objection: upheld withdraws the nominee (and records a veto where a clause applies). */
  @Transactional
  public void verifyObjection(String number, boolean upheld, String findings, String reply, Integer vetoClause, String actor) {
    Objection objection = objection(number);
    if (!"RECEIVED".equals(objection.status())) {
      throw TaskAnswers.refusal("异议 " + number + " 已经核实过了");
    }
    jdbc.sql("update award_objection set status = ?, verified_by = ?, verified_at = ?, findings = ?, reply = ?, veto_clause = ? where id = ?")
        .params(upheld ? "UPHELD" : "REJECTED", actor, LocalDateTime.now(clock), findings, reply, upheld ? vetoClause : null, objection.id())
        .update();
    Nominee n = nominee(objection.nomineeId());
    String subject = AwardApprovalIds.businessKey(objection.campaignYear());
    if (upheld) {
      jdbc.sql("update award_nominee set status = 'WITHDRAWN', change_reason = ?, changed_by = ?, changed_at = ? where id = ?")
          .params("异议 " + number + " 经核实成立：" + findings, actor, LocalDateTime.now(clock), n.id()).update();
      if (vetoClause != null) {
        vetoes.record(n.unitCode(), vetoClause, VetoSourceType.OBJECTION, number, findings, actor);
      }
      audit.record("AWARD_OBJECTION_UPHELD", subject, "异议 " + number + " 成立，撤销 " + n.awardCategory().label() + " "
          + n.subjectName() + (vetoClause == null ? "" : "，记录一票否决第 " + vetoClause + " 项") + "：" + findings);
    } else {
      audit.record("AWARD_OBJECTION_REJECTED", subject, "异议 " + number + " 不成立（" + n.subjectName() + "）：" + findings);
    }
  }

  public int openObjections(int year) {
    return jdbc.sql("select count(*) from award_objection where campaign_year = ? and status = 'RECEIVED'").param(year)
        .query(Integer.class).single();
  }

  /** Publishes the final list: every approved nominee still standing gets its certificate number. */
  @Transactional
  public int publish(int year, String actor) {
    int open = openObjections(year);
    if (open > 0) {
      throw TaskAnswers.refusal("还有 " + open + " 件异议没有核实完毕，核实后才能公布最终名单");
    }
    List<Nominee> approved = nominees(year, "APPROVED");
    int serial = 0;
    for (Nominee n : approved) {
      serial++;
      jdbc.sql("update award_nominee set status = 'AWARDED', certificate_no = ? where id = ?")
          .params(String.format("ZS-%d-%04d", year, serial), n.id()).update();
    }
    jdbc.sql("update award_round set status = 'PUBLISHED', published_at = ?, published_by = ?, updated_at = ? where campaign_year = ?")
        .params(LocalDateTime.now(clock), actor, LocalDateTime.now(clock), year).update();
    audit.record("AWARD_PUBLISHED", AwardApprovalIds.businessKey(year), actor + " 公布最终名单，共 " + approved.size() + " 项");
    return approved.size();
  }
}
