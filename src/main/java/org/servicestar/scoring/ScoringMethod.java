package org.servicestar.scoring;

import java.util.List;

/**
 * How a score is made, in the words people read: the rules page shows these statements, and
 * {@code ScoringDocsTest} checks that docs/competition.md carries them word for word together with
 * every rule's key and default, so the page, the docs and {@link ScoreCalculator} cannot drift apart
 * without a test failing. A change to the arithmetic changes a statement here, in the same commit.
 */
public final class ScoringMethod {

  public static final List<String> STATEMENTS = List.of(
      "所有得分均为 0–100 分，按十进制精确计算，不使用二进制浮点数。",
      "舍入规则：四舍五入（HALF_UP）保留两位小数。每一步只对其精确结果舍入一次：平均值、各项得分、各项加权得分；"
          + "合计是各行之和，不再舍入，所以评分说明中各行相加正好等于总分。",
      "缺项：某一项本年度没有记录时不计入，其权重按比例分给有记录的各项，加权得分 = 得分 × 权重 ÷ 有记录各项权重之和；"
          + "不以默认值代替，没有记录不会比有记录得分更高。各项都没有记录时计 0 分。",
      "集中检查取本年度最近一次完成的集中检查的得分率；跟踪督察取本年度完成的明查暗访得分率的平均值。",
      "日常评价是群众满意度、党员互评与领导点评、技能竞赛、舆情处置四项加权得分之和。群众满意度 =（平均等级 − 1）× 25；"
          + "舆情处置 = 100 − 每件负面舆情的扣分（不低于 0），本年度有该单位的舆情记录（正面或负面）时才计入。",
      "大厅、科室与部门的合并得分 = 自身得分 × 自身比例 + 所属参赛窗口年度总分（两位小数，与排名所示相同）的平均值 × 其余比例；"
          + "被一票否决的窗口的总分同样计入。没有参赛的下属窗口时只看自身得分。",
      "扣分在合并之后扣除，总分限定在 0–100 之间。",
      "归属年度：群众评价按评价日（北京时间）；投诉、整改、舆情和否决记录按登记（受理）时间；集中检查、明查暗访、党员评议和技能竞赛按其所属竞赛年度。");

  private ScoringMethod() {
  }
}
