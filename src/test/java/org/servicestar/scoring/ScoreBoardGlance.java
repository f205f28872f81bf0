package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the score pages read of a big year, checked against the whole year: each type's best and last
 * ({@link ScoreBoard#headAndTail}) and a page of a type ({@link ScoreBoard#page}) are the same rows,
 * in the same order, as slices of {@link ScoreBoard#ofYear}. On H2 ({@code ScoreBoardGlanceTest}) and
 * PostgreSQL ({@code PostgresIT}): the statements use window functions and OFFSET.
 */
public final class ScoreBoardGlance {

  private ScoreBoardGlance() {
  }

  /** 45 windows and 12 halls scored in {@code year}: ties, vetoed units and unranked ones included. */
  public static void check(JdbcClient jdbc, ScoreBoard board, int year, String prefix) {
    for (int i = 1; i <= 57; i++) {
      boolean window = i <= 45;
      String code = prefix + (window ? "w" : "h") + i;
      jdbc.sql("insert into unit (code, name, type, created_at, updated_at) values (?, ?, ?, current_timestamp, current_timestamp)")
          .params(code, "单位" + i, window ? "WINDOW" : "HALL").update();
      boolean vetoed = i % 11 == 0;
      jdbc.sql("""
              insert into unit_score (campaign_year, unit_code, run_id, unit_type, total, stars, vetoed, rank_in_type, computed_at)
              values (?, ?, 1, ?, ?, 3, ?, ?, current_timestamp)""")
          .params(year, code, window ? "WINDOW" : "HALL", 60 + (i % 17), vetoed, vetoed ? null : 1 + (i % 17)).update();
    }
    List<ScoreBoard.UnitScore> windows = board.ofYear(year, "WINDOW");
    List<ScoreBoard.UnitScore> halls = board.ofYear(year, "HALL");
    assertThat(windows).hasSize(45);

    ScoreBoard.Glance glance = board.headAndTail(year, 20, 10);
    List<ScoreBoard.UnitScore> expected = new ArrayList<>(halls); // 12 halls: not more than 20 + 10, all of them
    expected.addAll(windows.subList(0, 20));
    expected.addAll(windows.subList(35, 45));
    assertThat(glance.rows()).extracting(ScoreBoard.UnitScore::unitCode)
        .containsExactlyElementsOf(expected.stream().map(ScoreBoard.UnitScore::unitCode).toList());
    assertThat(glance.unitsPerType()).containsEntry("WINDOW", 45).containsEntry("HALL", 12);

    assertThat(board.page(year, "WINDOW", 2, 20).rows()).isEqualTo(windows.subList(20, 40));
    assertThat(board.page(year, "WINDOW", 3, 20).rows()).isEqualTo(windows.subList(40, 45));
    assertThat(board.page(year, "WINDOW", 9, 20).page()).isEqualTo(3);
    assertThat(board.page(year, "WINDOW", 1, 20).total()).isEqualTo(45);
  }
}
