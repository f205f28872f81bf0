package org.servicestar.commitment;

import java.util.Optional;

/**
 * The seven texts a unit publishes (三亮·亮承诺, DOMAIN.md §2 and §3): its commitments under the four goals
 * of the competition phase and its "three shows". The order is the order people read them in.
 */
public enum CommitmentKind {
  GOAL_IMAGE("goalImage", "形象提升", "窗口形象、服务环境、仪容仪表、文明用语等方面的具体承诺"),
  GOAL_EFFICIENCY("goalEfficiency", "效能提速", "办理时限、一次办结、减少环节和材料等方面的提速承诺"),
  GOAL_CONDUCT("goalConduct", "作风提效", "服务态度、工作纪律、首问负责，杜绝“生、冷、硬、横”的承诺"),
  GOAL_EXCELLENCE("goalExcellence", "争创提质", "本年度的争创目标（优质服务窗口、标兵等）和提升服务质量的措施"),
  SHOW_DUTIES("showDuties", "亮职责", "岗位职责，以及通过电子屏、公示栏、服务手册等公开的方式"),
  SHOW_IDENTITY("showIdentity", "亮身份", "党员佩戴党徽、工作人员佩戴工作牌、窗口设置桌牌等亮明身份的做法"),
  SHOW_STANDARDS("showStandards", "亮标准", "服务标准、办事流程、办理时限和收费标准，以及公开的方式");

  private final String variable;
  private final String label;
  private final String help;

  CommitmentKind(String variable, String label, String help) {
    this.variable = variable;
    this.label = label;
    this.help = help;
  }

  /** The task variable (and form field key) of Task_PublishCommitments that holds this text. */
  public String variable() {
    return variable;
  }

  public String label() {
    return label;
  }

  public String help() {
    return help;
  }

  public boolean isGoal() {
    return name().startsWith("GOAL_");
  }

  public static Optional<CommitmentKind> ofVariable(String variable) {
    for (CommitmentKind kind : values()) {
      if (kind.variable.equals(variable)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
