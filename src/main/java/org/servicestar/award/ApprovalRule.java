package org.servicestar.award;

/**
 * When the leading group's vote approves a nominee (servicestar.awards.approval-rule).
 * A member who has not voted when the vote closes has simply not approved.
 */
public enum ApprovalRule {
  /** More than half of the members at the vote's opening approve (default: absence counts against). */
  MAJORITY_OF_MEMBERS,
  /** More approvals than rejections among the votes cast, with at least one vote. */
  MAJORITY_OF_VOTES_CAST;

  boolean approves(int approvals, int rejections, int members) {
    return switch (this) {
      case MAJORITY_OF_MEMBERS -> approvals * 2 > members;
      case MAJORITY_OF_VOTES_CAST -> approvals > rejections;
    };
  }

  String describe() {
    return switch (this) {
      case MAJORITY_OF_MEMBERS -> "赞成票超过领导小组成员半数";
      case MAJORITY_OF_VOTES_CAST -> "赞成票多于反对票（按已投票数）";
    };
  }
}
