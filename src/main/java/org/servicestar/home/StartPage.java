package org.servicestar.home;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.servicestar.award.AwardApprovalIds;
import org.servicestar.calendar.Workdays;
import org.servicestar.complaint.ComplaintHandlingIds;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.complaint.ComplaintStatus;
import org.servicestar.dashboard.WindowRankings;
import org.servicestar.dashboard.WindowRankings.MonthPlace;
import org.servicestar.interview.InterviewCase;
import org.servicestar.interview.InterviewCases;
import org.servicestar.notification.TaskPage;
import org.servicestar.rectification.RectificationIds;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.rectification.RectificationStatus;
import org.servicestar.security.CurrentUser;
import org.servicestar.security.Groups;
import org.servicestar.security.TasklistFilters;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.veto.VetoRecord;
import org.servicestar.veto.VetoRecords;
import org.servicestar.veto.VetoRulingIds;
import org.servicestar.veto.VetoStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * What the start page says is mine, read from the same places as Tasklist and the dashboard: the
 * engine's tasks (selected as Tasklist's filters select them), the rectification ledger, the
 * complaint register, the 约谈 cases, the veto records and the windows' monthly ranking. Nothing here
 * writes, and no query of another feature is repeated: each feature answers for its own records.
 */
@Service
class StartPage {

  /** The start page lists this many of my tasks, the oldest due first; Tasklist has the rest. */
  static final int TASKS_SHOWN = 10;
  /** Tasks read to find which kinds a group's queue holds (each kind is then counted exactly). */
  static final int QUEUE_SCAN = 500;
  static final String TASKLIST = "/camunda/app/tasklist/default/#/";

  record MyTask(String id, String name, String caseKey, String href, Due due) {
  }

  /** My open tasks: how many, the first {@link #TASKS_SHOWN}, and the Tasklist filter with all of them. */
  record Tasks(long total, List<MyTask> shown, String allHref) {
  }

  /** One line of a queue: {@code count} items, opening {@code href}; {@code oldest} says how long the first has waited. */
  record Queue(String id, String label, long count, String href, String oldest, boolean alert) {
  }

  record Section(String id, String title, List<Queue> queues, String note) {
  }

  /** What a unit's lead sees of the unit. */
  record UnitWork(String code, String name, String rectifying, boolean rectifyingLate, List<DueRectification> dueSoon,
                  String satisfaction, String lastMonth, String caveat) {
  }

  record DueRectification(String number, String problem, String status, Due due) {
  }

  record Work(Tasks tasks, List<UnitWork> units, List<Section> sections) {
  }

  private final TaskService taskService;
  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final TasklistFilters filters;
  private final RectificationLedger rectifications;
  private final ComplaintService complaints;
  private final InterviewCases interviews;
  private final VetoRecords vetoes;
  private final WindowRankings rankings;
  private final UnitService units;
  private final Workdays workdays;
  private final Clock clock;
  private final List<TaskPage> pages;

  StartPage(TaskService taskService, RuntimeService runtime, RepositoryService repository, TasklistFilters filters,
            RectificationLedger rectifications, ComplaintService complaints, InterviewCases interviews, VetoRecords vetoes,
            WindowRankings rankings, UnitService units, Workdays workdays, Clock clock, ObjectProvider<TaskPage> pages) {
    this.taskService = taskService;
    this.runtime = runtime;
    this.repository = repository;
    this.filters = filters;
    this.rectifications = rectifications;
    this.complaints = complaints;
    this.interviews = interviews;
    this.vetoes = vetoes;
    this.rankings = rankings;
    this.units = units;
    this.workdays = workdays;
    this.clock = clock;
    this.pages = pages.orderedStream().toList();
  }

  Work of(Authentication auth) {
    LocalDateTime now = LocalDateTime.now(clock);
    String user = auth.getName();
    List<String> groups = CurrentUser.groupIds(auth);
    Mine mine = new Mine(user, groups);
    List<Section> sections = new ArrayList<>();
    if (groups.contains(Groups.LEADING_GROUP)) {
      sections.add(leadingGroup(mine, user, now));
    }
    if (groups.contains(Groups.OFFICE)) {
      sections.add(office(mine, now));
    }
    if (groups.contains(Groups.INSPECTORS)) {
      sections.add(inspectors(mine, now));
    }
    List<UnitWork> led = CurrentUser.unitCodes(auth).stream().sorted().map(code -> unit(code, now)).toList();
    return new Work(tasks(mine, now), led, sections);
  }

  // --- my tasks ---

  /** As Tasklist's filters select them: assigned to me (我的任务), or offered to one of my groups and not yet claimed. */
  private TaskQuery mine(String user, List<String> groups) {
    TaskQuery query = taskService.createTaskQuery().active();
    return groups.isEmpty() ? query.taskAssignee(user) : query.or().taskAssignee(user).taskCandidateGroupIn(groups).endOr();
  }

  /** More open tasks of one person than this are counted by the engine, not from one list of them. */
  static final int LISTED_MAX = 500;

  private static final Comparator<Task> OLDEST_DUE_FIRST = Comparator
      .comparing(Task::getDueDate, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Task::getCreateTime);

  /**
   * Everything that is mine, read with one query: the start page's queues are slices of it, which
   * saves the leading group's page some twenty engine queries. A person with more than
   * {@value #LISTED_MAX} open tasks has each slice counted by the engine instead.
   */
  private final class Mine {
    private final String user;
    private final List<String> groups;
    private final List<Task> listed;
    private Map<String, String> filterIds;

    Mine(String user, List<String> groups) {
      this.user = user;
      this.groups = groups;
      List<Task> all = mine(user, groups).listPage(0, LISTED_MAX + 1);
      this.listed = all.size() > LISTED_MAX ? null : all.stream().sorted(OLDEST_DUE_FIRST).toList();
    }

    /** Tasklist with one of the shared filters open; the filters' ids read once per page. */
    String filterHref(String filterName) {
      if (filterIds == null) {
        filterIds = filters.sharedIds();
      }
      String id = filterIds.get(filterName);
      return id == null ? TASKLIST : TASKLIST + "?filter=" + id;
    }

    Slice all() {
      return new Slice(t -> true, () -> mine(user, groups));
    }

    /** Assigned to me (a ballot, a veto ruling: personal tasks). */
    Slice assigned(String taskKey) {
      return new Slice(t -> user.equals(t.getAssignee()) && taskKey.equals(t.getTaskDefinitionKey()),
          () -> taskService.createTaskQuery().active().taskAssignee(user).taskDefinitionKey(taskKey));
    }

    /** Mine or my groups' of one kind. */
    Slice ofKind(String taskKey) {
      return new Slice(t -> taskKey.equals(t.getTaskDefinitionKey()), () -> mine(user, groups).taskDefinitionKey(taskKey));
    }

    /** Some of my tasks, oldest due first: from the list when it is complete, else asked of the engine. */
    final class Slice {
      private final Predicate<Task> which;
      private final Supplier<TaskQuery> query;

      Slice(Predicate<Task> which, Supplier<TaskQuery> query) {
        this.which = which;
        this.query = query;
      }

      List<Task> first(int max) {
        return listed == null ? oldestDueFirst(query, max) : listed.stream().filter(which).limit(max).toList();
      }

      long count() {
        return listed == null ? query.get().count() : listed.stream().filter(which).count();
      }

      String filterHref(String filterName) {
        return Mine.this.filterHref(filterName);
      }

      long dueBefore(Date moment) {
        return listed == null ? query.get().dueBefore(moment).count()
            : listed.stream().filter(which).filter(t -> t.getDueDate() != null && t.getDueDate().before(moment)).count();
      }
    }
  }

  private Tasks tasks(Mine mine, LocalDateTime now) {
    Mine.Slice all = mine.all();
    List<Task> shown = all.first(TASKS_SHOWN);
    Map<String, ProcessInstance> instances = instances(shown);
    List<MyTask> rows = shown.stream().map(t -> {
      ProcessInstance instance = instances.get(t.getProcessInstanceId());
      String businessKey = instance == null ? null : instance.getBusinessKey();
      return new MyTask(t.getId(), t.getName(), businessKey, href(t, businessKey), due(t.getDueDate(), now));
    }).toList();
    return new Tasks(all.count(), rows, mine.filterHref(TasklistFilters.MINE));
  }

  /** Tasks with a due date, the oldest first, then those without one, the oldest created first. */
  private List<Task> oldestDueFirst(Supplier<TaskQuery> query, int max) {
    List<Task> tasks = new ArrayList<>(query.get().dueAfter(Date.from(Instant.EPOCH)).orderByDueDate().asc()
        .orderByTaskCreateTime().asc().listPage(0, max));
    if (tasks.size() < max) {
      tasks.addAll(query.get().withoutDueDate().orderByTaskCreateTime().asc().listPage(0, max - tasks.size()));
    }
    return tasks;
  }

  private Map<String, ProcessInstance> instances(List<Task> tasks) {
    Set<String> ids = tasks.stream().map(Task::getProcessInstanceId).filter(id -> id != null).collect(Collectors.toSet());
    return ids.isEmpty() ? Map.of()
        : runtime.createProcessInstanceQuery().processInstanceIds(ids).list().stream()
            .collect(Collectors.toMap(ProcessInstance::getId, p -> p, (a, b) -> a));
  }

  /** The task's own page where its feature has one (the phone page of a rectification), as in messages; else Tasklist. */
  private String href(Task task, String businessKey) {
    String processKey = task.getProcessDefinitionId() == null ? null
        : repository.getProcessDefinition(task.getProcessDefinitionId()).getKey();
    return TaskPage.first(pages, processKey, task.getTaskDefinitionKey(), businessKey)
        .orElseGet(() -> TASKLIST + "?task=" + task.getId());
  }

  // --- a unit's lead ---

  private UnitWork unit(String code, LocalDateTime now) {
    Optional<Unit> unit = units.byCode(code);
    TaskQuery rectify = taskService.createTaskQuery().active().processDefinitionKey(RectificationIds.PROCESS)
        .taskDefinitionKey(RectificationIds.Tasks.RECTIFY).taskCandidateGroup(Groups.ofUnit(code)).includeAssignedTasks();
    long open = rectify.count();
    String rectifying = "暂无整改待办。";
    boolean late = false;
    if (open > 0) {
      Due first = rectify.dueAfter(Date.from(Instant.EPOCH)).orderByDueDate().asc().listPage(0, 1).stream()
          .findFirst().map(t -> due(t.getDueDate(), now)).orElse(null);
      rectifying = "您有 " + open + " 项整改待办" + (first == null ? "。" : "，" + (open > 1 ? "最早一项" : "") + first.when() + "。");
      late = first != null && first.overdue();
    }
    List<DueRectification> dueSoon = rectifications.dueSoon(Set.of(code)).stream()
        .map(r -> new DueRectification(r.number(), r.problem(), r.status().label(), Due.of(r.dueAt(), now, workdays))).toList();
    String type = unit.map(u -> u.type().label()).orElse("单位");
    boolean window = unit.map(u -> u.type() == UnitType.WINDOW).orElse(false);
    YearMonth month = YearMonth.from(now);
    Optional<MonthPlace> place = rankings.placeAmongPeers(code, month);
    String satisfaction = place.map(p -> p.rank() == null ? p.describe() + "。"
            : "本月（" + month.getMonthValue() + "月）满意率 " + p.rate().toPlainString() + "%（评价 " + p.ratings() + " 条），在 "
                + p.ranked() + " 个" + type + "中排第 " + p.rank() + " 名。")
        .orElse("本月（" + month.getMonthValue() + "月）还没有评价。");
    String caveat = place.filter(p -> !p.complete()).map(p -> "本月尚未结束，名次仅供参考" + (window ? "，不计末位和约谈。" : "。")).orElse(null);
    String lastMonth = rankings.placeAmongPeers(code, month.minusMonths(1))
        .map(p -> "上月：" + p.describe() + (p.rank() != null ? "（共 " + p.ranked() + " 个" + type + "）" : "") + (p.talk() ? "，列入约谈" : "") + "。")
        .orElse(null);
    return new UnitWork(code, unit.map(Unit::name).orElse(code), rectifying, late, dueSoon, satisfaction, lastMonth, caveat);
  }

  // --- the leading group, the office, the inspectors ---

  private Section leadingGroup(Mine mine, String user, LocalDateTime now) {
    List<Queue> queues = new ArrayList<>();
    List<Mine.Slice> rulings = List.of(
        mine.assigned(AwardApprovalIds.Tasks.APPROVE_AWARDS),
        mine.assigned(VetoRulingIds.Tasks.RULE_ON_VETO),
        mine.ofKind(RectificationIds.Tasks.RULE_ON_OVERDUE),
        mine.ofKind(ComplaintHandlingIds.Tasks.REVIEW_DISSATISFACTION));
    queues.add(taskQueue("ballots", "评优表决", rulings.get(0), TasklistFilters.BALLOTS, now));
    queues.add(taskQueue("veto-rulings", "一票否决裁定", rulings.get(1), TasklistFilters.VETO_RULINGS, now));
    queues.add(taskQueue("overdue-rulings", "逾期整改裁定", rulings.get(2), TasklistFilters.LEADING_GROUP, now));
    queues.add(taskQueue("dissatisfaction", "投诉督办", rulings.get(3), TasklistFilters.LEADING_GROUP, now));
    queues.add(vetoQueue(now));
    Date nowDate = Date.from(now.atZone(clock.getZone()).toInstant());
    long late = rulings.stream().mapToLong(q -> q.dueBefore(nowDate)).sum();
    return new Section("leading-group", "领导小组：待我表决和裁定", queues, late == 0 ? null : "其中 " + late + " 项已超过期限，请尽快办理。");
  }

  private Section office(Mine mine, LocalDateTime now) {
    List<Queue> queues = new ArrayList<>(groupTasks(mine, Groups.OFFICE, TasklistFilters.OFFICE, now));
    complaints.openByStatus().stream().filter(c -> c.status() != ComplaintStatus.VERIFYING)
        .forEach(c -> queues.add(complaintQueue(c, now)));
    rectificationQueues(queues, now, RectificationStatus.EXTENSION_REQUESTED, RectificationStatus.OVERDUE);
    Map<String, List<InterviewCase>> cases = interviews.unfinished().stream()
        .collect(Collectors.groupingBy(c -> c.status().name(), LinkedHashMap::new, Collectors.toList()));
    cases.forEach((status, list) -> queues.add(new Queue("interviews-" + status, "约谈：" + list.get(0).statusLabel(), list.size(),
        "/interviews?status=" + status, waiting(list.get(0).openedAt(), now), false)));
    queues.add(vetoQueue(now));
    return new Section("office", "领导小组办公室：待办队列", queues, null);
  }

  private Section inspectors(Mine mine, LocalDateTime now) {
    List<Queue> queues = new ArrayList<>(groupTasks(mine, Groups.INSPECTORS, TasklistFilters.INSPECTORS, now));
    complaints.openByStatus().stream().filter(c -> c.status() == ComplaintStatus.VERIFYING)
        .forEach(c -> queues.add(complaintQueue(c, now)));
    rectificationQueues(queues, now, RectificationStatus.SUBMITTED, RectificationStatus.OVERDUE);
    return new Section("inspectors", "督查考核组：待办队列", queues, null);
  }

  /**
   * A group's tasks in Tasklist by kind (task name), the kind whose first task is due soonest first; each
   * count opens the group's filter (complaints to verify their own).
   */
  private List<Queue> groupTasks(Mine mine, String group, String filterName, LocalDateTime now) {
    Supplier<TaskQuery> all = () -> taskService.createTaskQuery().active().taskCandidateGroup(group).includeAssignedTasks();
    Map<String, Task> firstOfKind = new LinkedHashMap<>();
    oldestDueFirst(all, QUEUE_SCAN).forEach(t -> firstOfKind.putIfAbsent(t.getTaskDefinitionKey(), t));
    List<Queue> queues = new ArrayList<>();
    firstOfKind.forEach((key, first) -> {
      String filter = ComplaintHandlingIds.Tasks.VERIFY.equals(key) ? TasklistFilters.COMPLAINTS_TO_VERIFY : filterName;
      Due due = due(first.getDueDate(), now);
      queues.add(new Queue("tasks-" + key, "任务：" + first.getName(), all.get().taskDefinitionKey(key).count(), mine.filterHref(filter),
          due == null ? null : "最早一项" + due.when(), due != null && due.overdue()));
    });
    return queues;
  }

  private Queue taskQueue(String id, String label, Mine.Slice tasks, String filterName, LocalDateTime now) {
    Due first = tasks.first(1).stream().findFirst().map(t -> due(t.getDueDate(), now)).orElse(null);
    return new Queue(id, label, tasks.count(), tasks.filterHref(filterName), first == null ? null : "最早一项" + first.when(),
        first != null && first.overdue());
  }

  private Queue complaintQueue(ComplaintService.StatusCount c, LocalDateTime now) {
    return new Queue("complaints-" + c.status().name(), "投诉：" + c.status().label(), c.count(), "/complaints?status=" + c.status().name(),
        waiting(c.oldest(), now), false);
  }

  private void rectificationQueues(List<Queue> queues, LocalDateTime now, RectificationStatus... statuses) {
    Map<RectificationStatus, RectificationLedger.StatusCount> counts = rectifications.countsByStatus().stream()
        .collect(Collectors.toMap(RectificationLedger.StatusCount::status, c -> c));
    for (RectificationStatus status : statuses) {
      RectificationLedger.StatusCount c = counts.get(status);
      queues.add(new Queue("rectifications-" + status.name(), "整改：" + status.label(), c == null ? 0 : c.count(),
          "/rectifications?status=" + status.name(), c == null ? null : waiting(c.oldest(), now),
          c != null && status == RectificationStatus.OVERDUE));
    }
  }

  private Queue vetoQueue(LocalDateTime now) {
    List<VetoRecord> pending = vetoes.withStatus(VetoStatus.PENDING);
    LocalDateTime oldest = pending.stream().map(VetoRecord::recordedAt).min(Comparator.naturalOrder()).orElse(null);
    return new Queue("vetoes-PENDING", "一票否决：" + VetoStatus.PENDING.label(), pending.size(), "/vetoes?status=" + VetoStatus.PENDING.name(),
        oldest == null ? null : waiting(oldest, now), false);
  }

  /** "最早一件 3月2日起，已 5 个工作日" (with the year when it is not this one). */
  private String waiting(LocalDateTime since, LocalDateTime now) {
    if (since == null) {
      return null;
    }
    int days = Math.max(0, workdays.workingDaysBetween(since.toLocalDate(), now.toLocalDate()));
    String year = since.getYear() == now.getYear() ? "" : since.getYear() + "年";
    return "最早一件 " + year + since.getMonthValue() + "月" + since.getDayOfMonth() + "日起，已 " + days + " 个工作日";
  }

  private Due due(Date due, LocalDateTime now) {
    return due == null ? null : Due.of(LocalDateTime.ofInstant(due.toInstant(), clock.getZone()), now, workdays);
  }
}
