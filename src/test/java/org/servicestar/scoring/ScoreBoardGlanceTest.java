package org.servicestar.scoring;

import org.junit.jupiter.api.Test;
import org.servicestar.support.SpringAppTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringAppTest
class ScoreBoardGlanceTest {

  @Autowired
  JdbcClient jdbc;
  @Autowired
  ScoreBoard board;

  @Test
  void theBestTheLastAndAPageAreSlicesOfTheWholeYear() {
    ScoreBoardGlance.check(jdbc, board, 2093, "glance-");
  }
}
