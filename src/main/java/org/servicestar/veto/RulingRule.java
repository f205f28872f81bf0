package org.servicestar.veto;

/**
 * How the leading group's votes decide a veto ({@code servicestar.vetoes.ruling-rule}), fixed for a
 * round when it opens.
 */
public enum RulingRule {
  /**
   * Default, counted like the award votes: more than half of all members at the round's opening
   * confirm → confirmed; more than half annul → annulled. A member who does not vote counts for
   * neither. The round ends as soon as one side has that majority (the others' votes could not change
   * it); when everyone has voted or the round closes without one, the veto stays pending and the
   * office arranges a new round.
   */
  MAJORITY_OF_MEMBERS,
  /** One member's ruling decides: the first member to rule, any member; the others' tasks end. */
  SINGLE_MEMBER;

  /** The outcome so far, or null while undecided. */
  VetoStatus decide(int confirms, int annuls, int members) {
    return switch (this) {
      case MAJORITY_OF_MEMBERS -> confirms * 2 > members ? VetoStatus.CONFIRMED : annuls * 2 > members ? VetoStatus.ANNULLED : null;
      case SINGLE_MEMBER -> confirms > 0 ? VetoStatus.CONFIRMED : annuls > 0 ? VetoStatus.ANNULLED : null;
    };
  }

  public String describe() {
    return switch (this) {
      case MAJORITY_OF_MEMBERS -> "超过领导小组成员半数确认即确认否决、超过半数撤销即撤销（未投票不计入任何一方）";
      case SINGLE_MEMBER -> "任一成员的裁定即为领导小组的裁定（先裁定者为准）";
    };
  }
}
