package org.servicestar.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class UnitTreeTest {

  //   D
  //   ├── H (hall)
  //   │   ├── S (section)
  //   │   │   ├── W2
  //   │   │   └── W1   (listed out of order: the walk sorts by code)
  //   │   └── HW (window straight in the hall)
  //   └── X (an inactive hall)
  private static final Unit D = unit(1, "D", UnitType.DEPARTMENT, null, null);
  private static final Unit H = unit(2, "H", UnitType.HALL, 1L, "D");
  private static final Unit S = unit(3, "S", UnitType.SECTION, 2L, "H");
  private static final Unit W2 = unit(5, "W2", UnitType.WINDOW, 3L, "S");
  private static final Unit W1 = unit(4, "W1", UnitType.WINDOW, 3L, "S");
  private static final Unit HW = unit(6, "HW", UnitType.WINDOW, 2L, "H");
  private static final Unit X = new Unit(7, "X", "X", UnitType.HALL, 1L, "D", false, 0);
  private static final UnitTree TREE = UnitTree.of(List.of(W2, HW, D, S, X, W1, H));

  @Test
  void subtreeIsDepthFirstInCodeOrderWithDepths() {
    assertThat(TREE.subtree("H")).containsExactly(new UnitTree.Placed(H, 0), new UnitTree.Placed(HW, 1),
        new UnitTree.Placed(S, 1), new UnitTree.Placed(W1, 2), new UnitTree.Placed(W2, 2));
    assertThat(TREE.subtreeCodes("D")).containsExactly("D", "H", "HW", "S", "W1", "W2", "X");
    assertThat(TREE.subtreeCodes("W1")).containsExactly("W1");
    assertThat(TREE.subtreeCodes("nope")).isEmpty();
  }

  @Test
  void upwardsIsTheUnitThenItsAncestors() {
    assertThat(TREE.upwards(W1.id())).containsExactly(W1, S, H, D);
    assertThat(TREE.upwards(D.id())).containsExactly(D);
    assertThat(TREE.upwards(99)).isEmpty();
  }

  @Test
  void withinMeansTheUnitItselfOrBelowIt() {
    assertThat(TREE.within("W1", "W1")).isTrue();
    assertThat(TREE.within("W1", "H")).isTrue();
    assertThat(TREE.within("W1", "D")).isTrue();
    assertThat(TREE.within("H", "W1")).isFalse();
    assertThat(TREE.within("HW", "S")).isFalse();
    assertThat(TREE.within("nope", "D")).isFalse();
  }

  @Test
  void withinThroughALookupReadsOnlyTheAncestors() {
    Map<String, Integer> reads = new HashMap<>();
    Map<String, Unit> byCode = Map.of("D", D, "H", H, "S", S, "W1", W1);
    assertThat(UnitTree.within(W1, "H", code -> {
      reads.merge(code, 1, Integer::sum);
      return Optional.ofNullable(byCode.get(code));
    })).isTrue();
    assertThat(reads).isEqualTo(Map.of("S", 1, "H", 1));
    assertThat(UnitTree.within(W1, "W1", code -> {
      throw new AssertionError("no lookup for the unit itself");
    })).isTrue();
  }

  @Test
  void aCycleInImportedDataEndsTheWalk() {
    Unit a = unit(10, "A", UnitType.SECTION, 11L, "B");
    Unit b = unit(11, "B", UnitType.SECTION, 10L, "A");
    UnitTree cyclic = UnitTree.of(List.of(a, b));
    assertThat(cyclic.within("A", "C")).isFalse();
    assertThat(cyclic.upwards(10)).hasSize(UnitTree.MAX_DEPTH);
  }

  private static Unit unit(long id, String code, UnitType type, Long parentId, String parentCode) {
    return new Unit(id, code, code, type, parentId, parentCode, true, 0);
  }
}
