package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** A province's long lists in pages: every item reachable, none twice. */
class PageOfTest {

  private static final List<Integer> PLACES = IntStream.rangeClosed(1, 450).boxed().toList();

  @Test
  void pagesCoverEveryItemOnce() {
    List<Integer> seen = IntStream.rangeClosed(1, 3).mapToObj(p -> PageOf.of(PLACES, p, 200)).flatMap(p -> p.rows().stream()).toList();
    assertThat(seen).isEqualTo(PLACES);
    PageOf<Integer> last = PageOf.of(PLACES, 3, 200);
    assertThat(last.rows()).hasSize(50).first().isEqualTo(401);
    assertThat(last.pages()).isEqualTo(3);
    assertThat(last.total()).isEqualTo(450);
    assertThat(last.hasNext()).isFalse();
    assertThat(last.hasPrevious()).isTrue();
  }

  @Test
  void aPageOutsideTheRangeShowsTheNearestOne() {
    assertThat(PageOf.of(PLACES, 0, 200).page()).isEqualTo(1);
    assertThat(PageOf.of(PLACES, 99, 200).page()).isEqualTo(3);
    assertThat(PageOf.of(List.of(), 5, 200).pages()).isEqualTo(1);
    assertThat(PageOf.of(List.of(), 5, 200).isEmpty()).isTrue();
  }
}
