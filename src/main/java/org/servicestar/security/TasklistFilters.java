package org.servicestar.security;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Component;

/**
 * The Chinese Tasklist filters each role opens with, so nobody has to build a query to find their
 * work. Created when missing (matched by name among filters without owner) and never overwritten:
 * an administrator's edits and the filters users add themselves are kept.
 */
@Component
public class TasklistFilters {

  /** The filter every unit lead gets; granted to each {@code unit-*} group as it is created. */
  public static final String UNIT_FILTER = "本单位待办";
  public static final String MINE = "我的任务";
  public static final String BALLOTS = "待我表决的评优";
  public static final String VETO_RULINGS = "待我裁定的否决";
  public static final String LEADING_GROUP = "领导小组待办";
  public static final String COMPLAINTS_TO_VERIFY = "待核实投诉";
  public static final String INSPECTORS = "督查待办";
  public static final String OFFICE = "办公室待办";
  public static final String ALL = "全部待办";

  private record Spec(String name, String description, int priority, String color, List<String> groups, TaskQuery query) {
  }

  private final FilterService filterService;
  private final TaskService taskService;
  private final IdentityAdministration identity;

  TasklistFilters(FilterService filterService, TaskService taskService, IdentityAdministration identity) {
    this.filterService = filterService;
    this.taskService = taskService;
    this.identity = identity;
  }

  private List<Spec> specs() {
    List<String> everyone = List.of(Groups.LEADING_GROUP, Groups.OFFICE, Groups.INSPECTORS, Groups.ADMIN);
    return List.of(
        new Spec(MINE, "已认领或指派给我的任务", -10, "#3c78b5", everyone,
            taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}")),
        new Spec(UNIT_FILTER, "本单位的整改、实施方案和承诺任务", 0, "#d9534f", List.of(),
            taskService.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks()),
        new Spec(BALLOTS, "领导小组成员对评优名单的表决", 0, "#c9302c", List.of(Groups.LEADING_GROUP),
            taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}").taskDefinitionKey("Task_ApproveAwards")),
        new Spec(VETO_RULINGS, "领导小组成员对一票否决记录的裁定", 0, "#a94442", List.of(Groups.LEADING_GROUP),
            taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}").taskDefinitionKey("Task_RuleOnVeto")),
        new Spec(LEADING_GROUP, "逾期整改裁定等领导小组任务", 5, "#8a6d3b", List.of(Groups.LEADING_GROUP),
            taskService.createTaskQuery().taskCandidateGroup(Groups.LEADING_GROUP).includeAssignedTasks()),
        new Spec(COMPLAINTS_TO_VERIFY, "需要督查核实的投诉和差评", 0, "#f0ad4e", List.of(Groups.INSPECTORS),
            taskService.createTaskQuery().taskCandidateGroup(Groups.INSPECTORS).taskDefinitionKey("Task_VerifyComplaint").includeAssignedTasks()),
        new Spec(INSPECTORS, "核实、检查、整改验收、异议核实", 5, "#5cb85c", List.of(Groups.INSPECTORS),
            taskService.createTaskQuery().taskCandidateGroup(Groups.INSPECTORS).includeAssignedTasks()),
        new Spec(OFFICE, "分办、审核、回访、提名等办公室任务", 0, "#5bc0de", List.of(Groups.OFFICE),
            taskService.createTaskQuery().taskCandidateGroup(Groups.OFFICE).includeAssignedTasks()),
        new Spec(ALL, "竞赛中所有未完成的任务", 10, "#777777", List.of(Groups.OFFICE, Groups.ADMIN),
            taskService.createTaskQuery()));
  }

  void ensureFilters() {
    for (Spec spec : specs()) {
      Filter filter = filterService.createFilterQuery().filterName(spec.name()).list().stream()
          .filter(f -> f.getOwner() == null).findFirst()
          .orElseGet(() -> create(spec));
      for (String group : spec.groups()) {
        identity.grant(group, Resources.FILTER, filter.getId(), Permissions.READ);
      }
    }
  }

  private Filter create(Spec spec) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("description", spec.description());
    properties.put("priority", spec.priority());
    properties.put("color", spec.color());
    properties.put("refresh", true);
    properties.put("howUndefinedVariable", "show");
    Filter filter = filterService.newTaskFilter(spec.name()).setProperties(properties).setQuery(spec.query());
    return filterService.saveFilter(filter);
  }

  /** The id of the shared filter with this name (one of the constants), for links into Tasklist ({@code #/?filter=id}). */
  /** Every shared filter's id by name, with one query (a page that links several filters). */
  public Map<String, String> sharedIds() {
    Map<String, String> ids = new HashMap<>();
    filterService.createFilterQuery().list().stream().filter(f -> f.getOwner() == null)
        .forEach(f -> ids.putIfAbsent(f.getName(), f.getId()));
    return ids;
  }

  public Optional<String> idOf(String name) {
    return Optional.ofNullable(sharedIds().get(name));
  }

  /** Lets the leads of one unit see the unit filter. */
  void grantUnitFilter(String groupId) {
    filterService.createFilterQuery().filterName(UNIT_FILTER).list().stream()
        .filter(f -> f.getOwner() == null)
        .forEach(f -> identity.grant(groupId, Resources.FILTER, f.getId(), Permissions.READ));
  }
}
