package org.servicestar.evaluation;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class EvaluationRepository {

  /** A staff member's row of a round. */
  record StaffRow(String badgeNo, String staffName, String selfAssessment, Integer leaderScore, String leaderReview) {
  }

  record PeerScore(String raterBadge, String rateeBadge, int score) {
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  EvaluationRepository(JdbcClient jdbc, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
  }

  long insertRound(String number, String unitCode, int year, String actor) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into evaluation_round (number, unit_code, campaign_year, status, opened_by, opened_at)
            values (?, ?, ?, 'OPEN', ?, ?)""")
        .params(number, unitCode, year, actor, LocalDateTime.now(clock)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void insertStaff(long roundId, String badgeNo, String name) {
    jdbc.sql("insert into evaluation_staff (round_id, badge_no, staff_name) values (?, ?, ?)")
        .params(roundId, badgeNo, name).update();
  }

  void setProcessInstance(String number, String processInstanceId) {
    jdbc.sql("update evaluation_round set process_instance_id = ? where number = ?").params(processInstanceId, number).update();
  }

  Optional<EvaluationRound> findByNumber(String number) {
    return jdbc.sql("select * from evaluation_round where number = ?").param(number).query(EvaluationRound.class).optional();
  }

  /** The unit's round of that year (the first, should older data hold more: see V30). */
  Optional<EvaluationRound> findOfUnitAndYear(String unitCode, int year) {
    return jdbc.sql("select * from evaluation_round where unit_code = ? and campaign_year = ? order by id fetch first 1 rows only")
        .params(unitCode, year).query(EvaluationRound.class).optional();
  }

  List<EvaluationRound> findRecent(String unitCode, int limit) {
    return jdbc.sql("""
            select * from evaluation_round where (cast(? as varchar(64)) is null or unit_code = ?)
             order by id desc fetch first ? rows only""")
        .params(unitCode, unitCode, limit).query(EvaluationRound.class).list();
  }

  List<StaffRow> staffOf(long roundId) {
    return jdbc.sql("""
            select badge_no, staff_name, self_assessment, leader_score, leader_review
              from evaluation_staff where round_id = ? order by badge_no""")
        .param(roundId).query(StaffRow.class).list();
  }

  List<PeerScore> peerScoresOf(long roundId) {
    return jdbc.sql("select rater_badge, ratee_badge, score from evaluation_peer_score where round_id = ? order by rater_badge, ratee_badge")
        .param(roundId).query(PeerScore.class).list();
  }

  void setSelfAssessment(long roundId, String badgeNo, String text) {
    jdbc.sql("update evaluation_staff set self_assessment = ? where round_id = ? and badge_no = ?").params(text, roundId, badgeNo).update();
  }

  /** Replaces the rater's peer scores (a task completed again after a refusal writes them once). */
  void replacePeerScores(long roundId, String raterBadge, java.util.Map<String, Integer> scores) {
    jdbc.sql("delete from evaluation_peer_score where round_id = ? and rater_badge = ?").params(roundId, raterBadge).update();
    scores.forEach((ratee, score) -> jdbc.sql(
            "insert into evaluation_peer_score (round_id, rater_badge, ratee_badge, score) values (?, ?, ?, ?)")
        .params(roundId, raterBadge, ratee, score).update());
  }

  void setLeaderReview(long roundId, String badgeNo, String review, int score) {
    jdbc.sql("update evaluation_staff set leader_review = ?, leader_score = ? where round_id = ? and badge_no = ?")
        .params(review, score, roundId, badgeNo).update();
  }

  void setUnitReview(long roundId, String review, int score) {
    jdbc.sql("update evaluation_round set unit_review = ?, unit_score = ? where id = ?").params(review, score, roundId).update();
  }

  void close(long roundId) {
    jdbc.sql("update evaluation_round set status = 'CLOSED', closed_at = ? where id = ?").params(LocalDateTime.now(clock), roundId).update();
  }
}
