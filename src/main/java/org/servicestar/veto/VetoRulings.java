package org.servicestar.veto;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.engine.TaskAnswers;
import org.springframework.context.ApplicationEventPublisher;
import org.servicestar.web.TextLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The leading group's ruling on a veto record (process {@code VetoRuling}): rounds, every member's vote
 * with its reason, and the rule ({@link RulingRule}) that turns them into a confirmed or annulled
 * record. A round fixes its members and its rule when it opens; the rule is evaluated here, in Java,
 * after every vote (the diagram's completion condition) and when the round ends.
 */
@Service
public class VetoRulings {

  static final int MAX_REASON = 2000;

  /** One round of votes. {@code outcome} is CONFIRMED, ANNULLED or UNDECIDED once closed. */
  public record Round(long vetoId, int roundNo, String rulingRule, String voters, LocalDateTime openedAt, LocalDateTime closedAt,
                      String outcome) {

    public List<String> voterList() {
      return voters == null || voters.isBlank() ? List.of() : Arrays.asList(voters.split(","));
    }

    public RulingRule ruleValue() {
      return RulingRule.valueOf(rulingRule);
    }

    public boolean open() {
      return closedAt == null;
    }
  }

  public record Vote(long vetoId, int roundNo, String voter, boolean confirm, String reason, LocalDateTime votedAt) {

    public String label() {
      return confirm ? "确认否决" : "撤销";
    }
  }

  /** What the pages show of a record's ruling: its current round, the votes so far, who has not voted. */
  public record State(Round round, List<Vote> votes, List<String> notVoted, List<Round> earlierRounds) {

    public long confirms() {
      return votes.stream().filter(Vote::confirm).count();
    }

    public long annuls() {
      return votes.size() - confirms();
    }

    public String label() {
      if (round == null) {
        return "未开始";
      }
      if (round.open()) {
        return "第 " + round.roundNo() + " 轮表决中（已投 " + votes.size() + "/" + round.voterList().size() + "）";
      }
      return switch (round.outcome()) {
        case "CONFIRMED" -> "已确认否决";
        case "ANNULLED" -> "已撤销";
        default -> "未形成多数，待办公室安排重新表决";
      };
    }
  }

  private final JdbcClient jdbc;
  private final VetoRecords records;
  private final VetoProperties properties;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  VetoRulings(JdbcClient jdbc, VetoRecords records, VetoProperties properties, AuditTrail audit, ApplicationEventPublisher events, Clock clock) {
    this.jdbc = jdbc;
    this.records = records;
    this.properties = properties;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** Opens a new round for the pending record with these members and the configured rule. */
  @Transactional
  public Round openRound(long vetoId, List<String> members) {
    VetoRecord record = records.require(vetoId);
    if (!record.pending()) {
      throw TaskAnswers.refusal("否决记录 #" + vetoId + " 已" + record.status().label() + "，不再表决");
    }
    int next = jdbc.sql("select coalesce(max(round_no), 0) from veto_ruling_round where veto_id = ?").param(vetoId)
        .query(Integer.class).single() + 1;
    jdbc.sql("update veto_ruling_round set closed_at = ?, outcome = coalesce(outcome, 'UNDECIDED') where veto_id = ? and closed_at is null")
        .params(now(), vetoId).update();
    RulingRule rule = properties.rulingRule();
    jdbc.sql("insert into veto_ruling_round (veto_id, round_no, ruling_rule, voters, opened_at) values (?, ?, ?, ?, ?)")
        .params(vetoId, next, rule.name(), String.join(",", members), now()).update();
    audit.record("VETO_RULING_OPENED", VetoRecords.subject(vetoId), "第 " + next + " 轮表决开始，成员 " + members.size() + " 人："
        + String.join("、", members) + "；规则：" + rule.describe());
    return round(vetoId).orElseThrow();
  }

  /** A member's vote in the open round, with its reason; voting again before the round ends replaces it. */
  @Transactional
  public void vote(long vetoId, String voter, boolean confirm, String reason) {
    Round round = round(vetoId).filter(Round::open).orElseThrow(() -> TaskAnswers.refusal("否决记录 #" + vetoId + " 没有进行中的表决"));
    if (!round.voterList().contains(voter)) {
      throw TaskAnswers.refusal(voter + " 不是本轮表决的领导小组成员");
    }
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      throw TaskAnswers.refusal("请写明" + (confirm ? "确认否决" : "撤销") + "的理由");
    }
    if (!TextLimits.fits(why, MAX_REASON)) {
      throw TaskAnswers.refusal(TextLimits.tooLong("理由", MAX_REASON, why));
    }
    jdbc.sql("delete from veto_vote where veto_id = ? and round_no = ? and voter = ?").params(vetoId, round.roundNo(), voter).update();
    jdbc.sql("insert into veto_vote (veto_id, round_no, voter, confirm, reason, voted_at) values (?, ?, ?, ?, ?, ?)")
        .params(vetoId, round.roundNo(), voter, confirm, why, now()).update();
    audit.record("VETO_VOTED", VetoRecords.subject(vetoId), voter + "（第 " + round.roundNo() + " 轮）：" + (confirm ? "确认否决" : "撤销")
        + "，理由：" + why);
  }

  /** The open round's outcome under its rule so far, or null while undecided (the diagram's completion condition). */
  public VetoStatus decision(long vetoId) {
    Optional<Round> round = round(vetoId);
    if (round.isEmpty()) {
      return null;
    }
    List<Vote> votes = votes(vetoId, round.get().roundNo());
    int confirms = (int) votes.stream().filter(Vote::confirm).count();
    return round.get().ruleValue().decide(confirms, votes.size() - confirms, round.get().voterList().size());
  }

  /**
   * Ends the open round: applies the outcome to the record (confirmed or annulled, with the votes as its
   * reason, and a new scoring run of the record's year asked for), or leaves it pending (UNDECIDED).
   */
  @Transactional
  public String close(long vetoId) {
    Round round = round(vetoId).orElseThrow(() -> new IllegalStateException("no ruling round for veto " + vetoId));
    List<Vote> votes = votes(vetoId, round.roundNo());
    VetoStatus decided = decision(vetoId);
    String outcome = decided == null ? "UNDECIDED" : decided.name();
    jdbc.sql("update veto_ruling_round set closed_at = ?, outcome = ? where veto_id = ? and round_no = ?")
        .params(now(), outcome, vetoId, round.roundNo()).update();
    List<String> notVoted = new ArrayList<>(round.voterList());
    votes.forEach(v -> notVoted.remove(v.voter()));
    long confirms = votes.stream().filter(Vote::confirm).count();
    String tally = "第 " + round.roundNo() + " 轮：确认 " + confirms + " 票、撤销 " + (votes.size() - confirms) + " 票，成员 "
        + round.voterList().size() + " 人" + (notVoted.isEmpty() ? "" : "，未投票：" + String.join("、", notVoted));
    if (decided == null) {
      audit.record("VETO_RULING_UNDECIDED", VetoRecords.subject(vetoId), tally + "；未形成多数（" + round.ruleValue().describe() + "）");
      return outcome;
    }
    StringBuilder reason = new StringBuilder("领导小组表决" + tally + "。");
    for (Vote v : votes) {
      reason.append(v.voter()).append("：").append(v.label()).append("，").append(v.reason()).append("；");
    }
    String by = votes.stream().filter(v -> v.confirm() == (decided == VetoStatus.CONFIRMED)).map(Vote::voter)
        .reduce((a, b) -> a + "," + b).orElse("leading-group");
    VetoRecord record = records.decide(vetoId, decided, reason.toString(), by);
    events.publishEvent(new VetoRuled(vetoId, record.recordedAt().getYear(), decided));
    return outcome;
  }

  /** The office's note when it arranges a new round after one without a majority. */
  @Transactional
  public void noteNewRound(long vetoId, String note, String actor) {
    audit.record("VETO_RULING_REOPENED", VetoRecords.subject(vetoId), actor + " 安排重新表决：" + note);
  }

  /** The latest round of the record. */
  public Optional<Round> round(long vetoId) {
    return jdbc.sql("select * from veto_ruling_round where veto_id = ? order by round_no desc").param(vetoId).query(Round.class)
        .list().stream().findFirst();
  }

  public List<Vote> votes(long vetoId, int roundNo) {
    return jdbc.sql("select * from veto_vote where veto_id = ? and round_no = ? order by voted_at, voter").params(vetoId, roundNo)
        .query(Vote.class).list();
  }

  /** The ruling as the pages show it. */
  public State state(long vetoId) {
    List<Round> rounds = jdbc.sql("select * from veto_ruling_round where veto_id = ? order by round_no desc").param(vetoId)
        .query(Round.class).list();
    if (rounds.isEmpty()) {
      return new State(null, List.of(), List.of(), List.of());
    }
    Round round = rounds.get(0);
    List<Vote> votes = votes(vetoId, round.roundNo());
    List<String> notVoted = new ArrayList<>(round.voterList());
    votes.forEach(v -> notVoted.remove(v.voter()));
    return new State(round, votes, notVoted, rounds.subList(1, rounds.size()));
  }

  private LocalDateTime now() {
    return LocalDateTime.now(clock);
  }
}
