package org.servicestar.evaluation;

import static org.servicestar.evaluation.StaffEvaluationIds.Vars;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.numbering.BusinessNumbers;
import org.servicestar.campaign.CampaignService;
import org.servicestar.unit.Staff;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Evaluation rounds (三评): the office opens one for a unit within a campaign; every active party
 * member of the unit assesses themselves and scores each colleague, the unit's responsible leader
 * reviews and scores each of them and the unit. Scale: whole numbers 1–10 (10 best).
 */
@Service
public class EvaluationService {

  public static final int MIN_SCORE = 1;
  public static final int MAX_SCORE = 10;

  /** A staff member's results in a round: peer average over the colleagues who scored them. */
  public record StaffResult(String badgeNo, String staffName, String selfAssessment, BigDecimal peerAverage, int peerCount,
                            Integer leaderScore, String leaderReview) {
  }

  private final EvaluationRepository repository;
  private final UnitService units;
  private final StaffService staff;
  private final CampaignService campaigns;
  private final BusinessNumbers numbers;
  private final RuntimeService runtime;
  private final AuditTrail audit;

  EvaluationService(EvaluationRepository repository, UnitService units, StaffService staff, CampaignService campaigns,
                    BusinessNumbers numbers, RuntimeService runtime, AuditTrail audit) {
    this.repository = repository;
    this.units = units;
    this.staff = staff;
    this.campaigns = campaigns;
    this.numbers = numbers;
    this.runtime = runtime;
    this.audit = audit;
  }

  /** What a new round is: its number, unit and party members, as stored before its process runs. */
  record Registered(String number, Unit unit, int campaignYear, List<String> badges) {
  }

  /**
   * Opens a round and starts StaffEvaluation; refuses an unknown or inactive unit, a year without campaign,
   * fewer than two party members, and a second round of the unit in that year.
   */
  @Transactional
  public EvaluationRound open(String unitCode, int campaignYear, String actor) {
    Registered round = register(unitCode, campaignYear, actor);
    ProcessInstance instance = runtime.startProcessInstanceByKey(StaffEvaluationIds.PROCESS, round.number(), variables(round));
    repository.setProcessInstance(round.number(), instance.getId());
    return repository.findByNumber(round.number()).orElseThrow();
  }

  /**
   * Whether the StaffEvaluation instance now starting is one {@link #open} started (its round stored, not yet
   * linked to a process): then nothing more is to do. Otherwise it was started through /engine-rest or
   * Tasklist: the round is registered here with the same checks (one per unit and year among them), the
   * variables the diagram needs are set from the round, and a refusal undoes the start.
   */
  @Transactional
  public Map<String, Object> registerStartedOutside(Object number, Object unitCode, Object campaignYear, String actor) {
    if (number != null) {
      Optional<EvaluationRound> own = repository.findByNumber(number.toString());
      if (own.isPresent() && own.get().processInstanceId() == null) {
        return Map.of();
      }
    }
    Integer year = campaignYear instanceof Number n ? Integer.valueOf(n.intValue()) : parseYear(campaignYear);
    Registered round = register(unitCode == null ? null : unitCode.toString(), year, actor);
    return variables(round);
  }

  private static Integer parseYear(Object value) {
    if (value == null || value.toString().isBlank()) {
      throw InvalidInputException.of("campaignYear", "请填写竞赛年度（campaignYear）");
    }
    try {
      return Integer.valueOf(value.toString().strip());
    } catch (NumberFormatException e) {
      throw InvalidInputException.of("campaignYear", "竞赛年度（campaignYear）须为年份数字，收到的是 " + value);
    }
  }

  /** Links a round registered by {@link #registerStartedOutside} to its process instance. */
  @Transactional
  public void linkProcess(String number, String processInstanceId) {
    repository.setProcessInstance(number, processInstanceId);
  }

  private Registered register(String unitCode, Integer campaignYear, String actor) {
    String code = unitCode == null ? "" : unitCode.trim();
    Unit unit = units.byCode(code).filter(Unit::active)
        .orElseThrow(() -> InvalidInputException.of("unitCode", "单位 " + code + " 不存在或已停用"));
    if (campaignYear == null) {
      throw InvalidInputException.of("campaignYear", "请选择竞赛年度");
    }
    if (campaigns.ofYear(campaignYear).isEmpty()) {
      throw InvalidInputException.of("campaignYear", campaignYear + " 年没有创建竞赛活动");
    }
    Optional<EvaluationRound> existing = repository.findOfUnitAndYear(unit.code(), campaignYear);
    if (existing.isPresent()) {
      throw alreadyOpened(unit, campaignYear, existing.get().number());
    }
    List<Staff> members = staff.ofUnit(unit.code()).stream().filter(Staff::active).filter(Staff::partyMember).toList();
    if (members.size() < 2) {
      throw InvalidInputException.of("unitCode", "单位 " + unit.name() + " 的在岗党员少于 2 人，无法互评");
    }
    String number = numbers.next(StaffEvaluationIds.NUMBER_PREFIX);
    long roundId;
    try {
      roundId = repository.insertRound(number, unit.code(), campaignYear, actor);
    } catch (DuplicateKeyException e) {
      // two offices at once: the database's unique key (V30) is the last guard
      throw alreadyOpened(unit, campaignYear, repository.findOfUnitAndYear(unit.code(), campaignYear)
          .map(EvaluationRound::number).orElse("另一轮"));
    }
    List<String> badges = new ArrayList<>();
    for (Staff member : members) {
      repository.insertStaff(roundId, member.badgeNo(), member.name());
      badges.add(member.badgeNo());
    }
    audit.record("EVALUATION_OPENED", "evaluation:" + number, unit.code() + " " + campaignYear + "，" + badges.size() + " 名党员");
    return new Registered(number, unit, campaignYear, badges);
  }

  private static InvalidInputException alreadyOpened(Unit unit, int year, String number) {
    return InvalidInputException.of("campaignYear",
        "单位 " + unit.name() + " 的 " + year + " 年度三评已开启（" + number + "），每个单位每年只评议一次");
  }

  private static Map<String, Object> variables(Registered round) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(Vars.NUMBER, round.number());
    vars.put(Vars.UNIT_CODE, round.unit().code());
    vars.put(Vars.UNIT_NAME, round.unit().name());
    vars.put(Vars.CAMPAIGN_YEAR, round.campaignYear());
    vars.put(Vars.STAFF_BADGES, round.badges());
    return vars;
  }

  public Optional<EvaluationRound> byNumber(String number) {
    return repository.findByNumber(number);
  }

  public List<EvaluationRound> recent(String unitCode, int limit) {
    return repository.findRecent(unitCode, limit);
  }

  /** The staff member's name in a round (for the task's title), or the badge if unknown. */
  public String staffName(String number, String badgeNo) {
    return repository.findByNumber(number).flatMap(r -> repository.staffOf(r.id()).stream()
        .filter(s -> s.badgeNo().equals(badgeNo)).map(EvaluationRepository.StaffRow::staffName).findFirst()).orElse(badgeNo);
  }

  /** The colleagues a member scores: every other member of the round, badge → name, in badge order. */
  public Map<String, String> colleagues(String number, String badgeNo) {
    Map<String, String> result = new LinkedHashMap<>();
    repository.findByNumber(number).ifPresent(r -> repository.staffOf(r.id()).stream()
        .filter(s -> !s.badgeNo().equals(badgeNo)).forEach(s -> result.put(s.badgeNo(), s.staffName())));
    return result;
  }

  @Transactional
  public void recordSelfAndPeer(String number, String badgeNo, String selfAssessment, Map<String, Integer> peerScores, String actor) {
    EvaluationRound round = require(number);
    repository.setSelfAssessment(round.id(), badgeNo, selfAssessment);
    repository.replacePeerScores(round.id(), badgeNo, peerScores);
    audit.record("EVALUATION_SELF_AND_PEER", "evaluation:" + number, badgeNo + " 自评、互评 " + peerScores.size() + " 人（" + actor + " 录入）");
  }

  @Transactional
  public void recordLeaderReview(String number, String badgeNo, String review, int score, String actor) {
    EvaluationRound round = require(number);
    repository.setLeaderReview(round.id(), badgeNo, review, score);
    audit.record("EVALUATION_LEADER_REVIEW", "evaluation:" + number, badgeNo + " 领导点评 " + score + " 分（" + actor + "）");
  }

  @Transactional
  public void recordUnitReview(String number, String review, int score, String actor) {
    EvaluationRound round = require(number);
    repository.setUnitReview(round.id(), review, score);
    audit.record("EVALUATION_UNIT_REVIEW", "evaluation:" + number, round.unitCode() + " 单位点评 " + score + " 分（" + actor + "）");
  }

  @Transactional
  public void close(String number) {
    EvaluationRound round = require(number);
    repository.close(round.id());
    audit.record("EVALUATION_CLOSED", "evaluation:" + number, round.unitCode());
  }

  /** Per staff member: self-assessment, peer average and count, leader score and review. */
  public List<StaffResult> results(EvaluationRound round) {
    List<EvaluationRepository.PeerScore> peers = repository.peerScoresOf(round.id());
    return repository.staffOf(round.id()).stream().map(s -> {
      var received = peers.stream().filter(p -> p.rateeBadge().equals(s.badgeNo())).mapToInt(EvaluationRepository.PeerScore::score).toArray();
      // the scoring's own rule (四舍五入 to two decimals, from the exact mean), so this page and the score agree
      BigDecimal average = received.length == 0 ? null
          : BigDecimal.valueOf(java.util.Arrays.stream(received).sum()).divide(BigDecimal.valueOf(received.length), 2, RoundingMode.HALF_UP);
      return new StaffResult(s.badgeNo(), s.staffName(), s.selfAssessment(), average, received.length, s.leaderScore(), s.leaderReview());
    }).toList();
  }

  private EvaluationRound require(String number) {
    return repository.findByNumber(number).orElseThrow(() -> new IllegalStateException("no evaluation round " + number));
  }
}
