package org.servicestar.engine;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Camunda's migration validation failures (English, from its validators in 7.24) in plain Chinese
 * for an administrator. A failure this class does not know is shown as the engine wrote it, after
 * a Chinese lead-in, rather than hidden.
 */
final class MigrationReasons {

  private record Reason(Pattern pattern, String chinese) {
  }

  private static final List<Reason> REASONS = List.of(
      reason("There is no migration instruction for this instance's activity",
          "新版本中没有 id 相同的活动与它对应（该活动已删除或改了 id），停在这里的实例无法迁移"),
      reason("The type of the source activity is not supported for activity instance migration",
          "这种类型的活动不支持迁移"),
      reason("Activities have incompatible types \\((.+) is not compatible with (.+)\\)",
          "新旧版本中该活动的类型不同（如用户任务改成了服务任务），不能对应"),
      reason("Events are not of the same type \\((.+) != (.+)\\)",
          "新旧版本中该事件的类型不同（$1 → $2），不能对应"),
      reason("Target activity is not asyncBefore", "新版本中该活动取消了“异步开始”，正等待执行的作业无法迁移"),
      reason("Target activity is not asyncAfter", "新版本中该活动取消了“异步结束”，正等待执行的作业无法迁移"),
      reason("Transition instance is assigned to a sequence flow that cannot be matched in the target activity",
          "实例正停在一条连线上，而新版本中该活动没有同 id 的连线"),
      reason("Transition instance is assigned to no sequence flow and target activity has more than one outgoing sequence flow",
          "实例正停在活动之后，而新版本中该活动有多条出线，无法确定走哪一条"),
      reason("A transition instance that instantiates the process can only be migrated to a process-level flow node",
          "实例还在异步启动中，只能迁移到流程最外层的活动"),
      reason("Cannot migrate subscription for compensation handler '(.+)'\\. There is no migration instruction for the compensation (start|boundary) event",
          "补偿处理 $1 的订阅无法迁移：新版本中没有对应的补偿事件"),
      reason("The variable '(.+)' exists in both, this scope and concurrent local in the parent scope\\..*",
          "变量 $1 同时存在于本活动和上层并行分支中，迁移后其中一个会被覆盖"),
      reason("There are multiple mappings for source activity id '(.+)': .*",
          "活动 $1 有多条迁移对应规则，只能有一条"),
      reason("The closest mapped ancestor '(.+)' is mapped to scope '(.+)' which is not an ancestor of target scope '(.+)'",
          "活动所在的结构变了：上层 $1 对应到新版本的 $2，但新版本中目标 $3 不在 $2 之内"),
      reason("Target activity '(.+)' is a descendant of multi-instance body '(.+)' that is not mapped from the source process definition\\.",
          "新版本把活动 $1 放进了多实例 $2 中，旧版本没有对应的多实例，无法迁移"),
      reason("Must map the inner activity of a multi-instance body when the body is mapped",
          "多实例活动本身有对应时，其内部活动也必须有对应"),
      reason("Cannot remove the inner activity of a multi-instance body when the body is mapped",
          "多实例活动本身有对应时，不能删除其内部活动"),
      reason("Conditional event has to migrate with update event trigger\\.",
          "条件事件迁移时必须同时更新事件触发条件"),
      reason("Only one gateway can be mapped to gateway '(.+)'", "只能有一个网关对应到新版本的网关 $1"),
      reason("The gateway's flow scope '(.+)' must be mapped", "网关所在的范围 $1 必须有对应"),
      reason("The target gateway must have at least the same number of incoming sequence flows that the source gateway has",
          "新版本中该网关的入线比旧版本少，正在汇合的实例无法迁移"),
      reason("The source activity's event scope \\((.+)\\) must be mapped but the target activity has no event scope",
          "边界事件所附着的活动 $1 必须一起对应，但新版本中它没有附着的活动"),
      reason("The source activity's event scope \\((.+)\\) must be mapped to the target activity's event scope \\((.+)\\)",
          "边界事件所附着的活动 $1 必须对应到新版本中它附着的活动 $2"),
      reason("Cannot update event trigger because the activity does not define a persistent event trigger",
          "该活动没有可更新的事件触发条件"));

  private MigrationReasons() {
  }

  private static Reason reason(String regex, String chinese) {
    return new Reason(Pattern.compile(regex, Pattern.DOTALL), chinese);
  }

  /** The failure in Chinese. */
  static String chinese(String failure) {
    String text = failure == null ? "" : failure.strip();
    for (Reason reason : REASONS) {
      Matcher m = reason.pattern().matcher(text);
      if (m.matches()) {
        return m.replaceFirst(reason.chinese().replace("\\", "\\\\"));
      }
    }
    return "引擎报告的其他原因（原文）：" + text;
  }
}
