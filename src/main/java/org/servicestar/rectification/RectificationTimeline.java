package org.servicestar.rectification;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricIdentityLinkLog;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * A rectification's timeline for its page: the ledger's lines (what was decided, by whom, why)
 * merged with the process's task history (when each to-do appeared, for whom, when it was done),
 * oldest first; and the to-dos open now.
 */
@Component
class RectificationTimeline {

  /** One line of the timeline. */
  record Entry(LocalDateTime at, String actor, String what, String detail, String status) {
  }

  /** A to-do open now. */
  record OpenTask(String id, String name, String groups, String assignee, LocalDateTime due) {
  }

  private final RectificationLedger ledger;
  private final HistoryService history;
  private final TaskService tasks;
  private final IdentityService identity;
  private final Clock clock;

  RectificationTimeline(RectificationLedger ledger, HistoryService history, TaskService tasks, IdentityService identity, Clock clock) {
    this.clock = clock;
    this.ledger = ledger;
    this.history = history;
    this.tasks = tasks;
    this.identity = identity;
  }

  List<Entry> of(Rectification rectification) {
    List<Entry> entries = new ArrayList<>();
    for (RectificationEvent event : ledger.events(rectification)) {
      entries.add(new Entry(event.at(), event.actor(), event.kind().label(), event.detail(), event.status().label()));
    }
    if (rectification.processInstanceId() != null) {
      for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery().processInstanceId(rectification.processInstanceId())
          .orderByHistoricActivityInstanceStartTime().asc().list()) {
        String groups = candidateGroups(task.getId());
        entries.add(new Entry(local(task.getStartTime()), "系统", "待办「" + task.getName() + "」",
            "交 " + (groups.isEmpty() ? (task.getAssignee() == null ? "—" : task.getAssignee()) : groups) + " 办理"
                + (task.getDueDate() == null ? "" : "，期限 " + ledgerText(task.getDueDate())), null));
        if (task.getEndTime() != null) {
          boolean done = "completed".equals(task.getDeleteReason());
          entries.add(new Entry(local(task.getEndTime()), task.getAssignee() == null ? "—" : task.getAssignee(),
              "待办「" + task.getName() + "」" + (done ? "已办理" : "已撤销"), null, null));
        }
      }
    }
    entries.sort(Comparator.comparing(Entry::at));
    return entries;
  }

  List<OpenTask> openTasks(Rectification rectification) {
    if (rectification.processInstanceId() == null) {
      return List.of();
    }
    return tasks.createTaskQuery().processInstanceId(rectification.processInstanceId()).orderByTaskCreateTime().asc().list().stream()
        .map(this::open).toList();
  }

  private OpenTask open(Task task) {
    String groups = tasks.getIdentityLinksForTask(task.getId()).stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
        .map(IdentityLink::getGroupId).map(this::groupName).collect(Collectors.joining("、"));
    return new OpenTask(task.getId(), task.getName(), groups, task.getAssignee(), task.getDueDate() == null ? null : local(task.getDueDate()));
  }

  private String candidateGroups(String taskId) {
    return history.createHistoricIdentityLinkLogQuery().taskId(taskId).type(IdentityLinkType.CANDIDATE).operationType("add").list()
        .stream().map(HistoricIdentityLinkLog::getGroupId).filter(g -> g != null).distinct().map(this::groupName)
        .collect(Collectors.joining("、"));
  }

  /** A group as people know it: 领导小组办公室, 市税务局办税服务厅 负责人. */
  private String groupName(String groupId) {
    Group group = identity.createGroupQuery().groupId(groupId).singleResult();
    return group == null || group.getName() == null || group.getName().isBlank() ? groupId : group.getName();
  }

  private LocalDateTime local(Date date) {
    return LocalDateTime.ofInstant(date.toInstant(), clock.getZone());
  }

  private String ledgerText(Date date) {
    LocalDateTime at = local(date);
    return String.format("%d年%d月%d日 %02d:%02d", at.getYear(), at.getMonthValue(), at.getDayOfMonth(), at.getHour(), at.getMinute());
  }
}
