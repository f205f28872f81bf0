package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** A province's ranking in pages of {@value ScoresController#PAGE_ROWS}: every place reachable, none twice. */
class ScoresPagedTest {

  private static final List<ScoreBoard.UnitScore> WINDOWS = IntStream.rangeClosed(1, 450).mapToObj(i -> new ScoreBoard.UnitScore(2050,
      "w" + i, "窗口" + i, "WINDOW", 1, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN, 3, false, null,
      0, i, null)).toList();

  @Test
  void pagesCoverEveryPlaceOnce() {
    List<ScoreBoard.UnitScore> seen = IntStream.rangeClosed(1, 3)
        .mapToObj(p -> ScoresController.Paged.of(WINDOWS, p)).flatMap(p -> p.rows().stream()).toList();
    assertThat(seen).isEqualTo(WINDOWS);
    ScoresController.Paged last = ScoresController.Paged.of(WINDOWS, 3);
    assertThat(last.rows()).hasSize(50).first().satisfies(s -> assertThat(s.rankInType()).isEqualTo(401));
    assertThat(last.pages()).isEqualTo(3);
    assertThat(last.units()).isEqualTo(450);
  }

  @Test
  void aPageOutsideTheRangeShowsTheNearestOne() {
    assertThat(ScoresController.Paged.of(WINDOWS, 0).page()).isEqualTo(1);
    assertThat(ScoresController.Paged.of(WINDOWS, 99).page()).isEqualTo(3);
    assertThat(ScoresController.Paged.of(List.of(), 5).pages()).isEqualTo(1);
    assertThat(ScoresController.Paged.of(List.of(), 5).isEmpty()).isTrue();
  }
}
