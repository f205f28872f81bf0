package org.servicestar.sentiment;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SentimentRepository {

  private final JdbcClient jdbc;
  private final Clock clock;

  SentimentRepository(JdbcClient jdbc, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
  }

  void insert(String number, String unitCode, String source, String link, String summary, String severity,
              boolean negative, String status, String actor) {
    jdbc.sql("""
            insert into sentiment (number, unit_code, source, link, summary, severity, negative, status, recorded_by, recorded_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(number, unitCode, source, link, summary, severity, negative, status, actor, LocalDateTime.now(clock)).update();
  }

  Optional<Sentiment> findByNumber(String number) {
    return jdbc.sql("select * from sentiment where number = ?").param(number).query(Sentiment.class).optional();
  }

  List<Sentiment> findRecent(String unitCode, int limit) {
    return jdbc.sql("""
            select * from sentiment where (cast(? as varchar(64)) is null or unit_code = ?)
             order by id desc fetch first ? rows only""")
        .params(unitCode, unitCode, limit).query(Sentiment.class).list();
  }

  void setProcessInstance(String number, String processInstanceId) {
    jdbc.sql("update sentiment set process_instance_id = ? where number = ?").params(processInstanceId, number).update();
  }

  void setResponded(String number, String response) {
    jdbc.sql("update sentiment set outcome = ?, status = ? where number = ?").params(response, SentimentStatus.RECTIFYING.name(), number)
        .update();
  }

  void close(String number, String rectificationNumber) {
    jdbc.sql("update sentiment set rectification_number = ?, status = 'CLOSED', closed_at = ? where number = ?")
        .params(rectificationNumber, LocalDateTime.now(clock), number).update();
  }
}
