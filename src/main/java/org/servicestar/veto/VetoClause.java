package org.servicestar.veto;

import java.util.Arrays;
import java.util.Optional;

/**
 * The six clauses of the one-vote veto (一票否决, DOMAIN.md §4.4), worded as in the implementation
 * plan (五、考核评定 4、否决条款): any one removes the unit from all awards of the year.
 */
public enum VetoClause {

  LAW_OR_DISCIPLINE(1, "严重违法违纪", "参赛单位负责人及干部职工有严重违法违纪行为的"),
  SAFETY_ACCIDENT(2, "重大安全责任事故", "发生重大安全责任事故，造成严重人身伤亡及经济损失的"),
  HOSTILE_SERVICE(3, "生冷硬横", "对工作不负责任，为难服务对象，有生、冷、硬、横现象，受到举报投诉，经查属实的"),
  NOT_RECTIFIED(4, "整改不力", "对机关、企业、群众提出的问题未整改或整改不及时、不到位的"),
  UNJUSTIFIED_DELAY(5, "无故超时办结", "无正当理由超时办结的"),
  IMAGE_HARM(6, "严重影响形象", "在重大活动、新闻媒体或上级部门明查暗访中因主观原因，出现严重影响参赛单位形象的");

  private final int number;
  private final String title;
  private final String text;

  VetoClause(int number, String title, String text) {
    this.number = number;
    this.title = title;
    this.text = text;
  }

  public int number() {
    return number;
  }

  /** A short Chinese name for lists. */
  public String title() {
    return title;
  }

  /** The clause as the plan words it. */
  public String text() {
    return text;
  }

  public static Optional<VetoClause> of(int number) {
    return Arrays.stream(values()).filter(c -> c.number == number).findFirst();
  }
}
