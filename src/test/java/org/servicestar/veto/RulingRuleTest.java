package org.servicestar.veto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The two rules of servicestar.vetoes.ruling-rule, with their edges. */
class RulingRuleTest {

  @Test
  void aMajorityOfAllMembersNotOfTheVotesCast() {
    RulingRule rule = RulingRule.MAJORITY_OF_MEMBERS;
    assertThat(rule.decide(2, 0, 3)).isEqualTo(VetoStatus.CONFIRMED);
    assertThat(rule.decide(0, 2, 3)).isEqualTo(VetoStatus.ANNULLED);
    assertThat(rule.decide(1, 0, 3)).as("one of three, the others silent").isNull();
    assertThat(rule.decide(2, 2, 4)).as("exactly half is not a majority").isNull();
    assertThat(rule.decide(2, 1, 5)).as("absence counts for neither side").isNull();
    assertThat(rule.decide(3, 1, 5)).isEqualTo(VetoStatus.CONFIRMED);
    assertThat(rule.decide(1, 0, 1)).isEqualTo(VetoStatus.CONFIRMED);
    assertThat(rule.decide(0, 0, 0)).as("no members, no ruling").isNull();
  }

  @Test
  void singleMemberTakesTheFirstRuling() {
    RulingRule rule = RulingRule.SINGLE_MEMBER;
    assertThat(rule.decide(0, 0, 3)).isNull();
    assertThat(rule.decide(1, 0, 3)).isEqualTo(VetoStatus.CONFIRMED);
    assertThat(rule.decide(0, 1, 3)).isEqualTo(VetoStatus.ANNULLED);
  }
}
