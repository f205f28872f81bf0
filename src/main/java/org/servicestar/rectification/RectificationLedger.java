package org.servicestar.rectification;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.servicestar.audit.AuditTrail;
import org.servicestar.numbering.BusinessNumbers;
import org.servicestar.rectification.RectificationEvent.EventKind;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rectification ledger (整改台账): each rectification with its status, and every change of it —
 * who, when, what, why — as the process moves (rectificationLedgerListener calls the methods named
 * after the steps). Times are the engine's clock in Beijing time.
 */
@Service
public class RectificationLedger {

  /** What a caller hands over to open a rectification (the Rectification process's input variables). */
  public record Opening(String unitCode, String sourceType, String sourceId, String problem, String severity,
                        String processInstanceId) {
  }

  static final String NUMBER_PREFIX = "ZG";
  static final int MAX_PROBLEM = 4000;
  static final int MAX_TEXT = 4000;
  private static final int MAX_SOURCE_ID = 64;
  private static final Set<RectificationStatus> MAY_GO_OVERDUE =
      EnumSet.of(RectificationStatus.OPEN, RectificationStatus.RETURNED, RectificationStatus.EXTENSION_REQUESTED);

  private final RectificationRepository repository;
  private final BusinessNumbers numbers;
  private final UnitService units;
  private final RectificationDeadlines deadlines;
  private final AuditTrail audit;
  private final Clock clock;

  RectificationLedger(RectificationRepository repository, BusinessNumbers numbers, UnitService units,
                      RectificationDeadlines deadlines, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.repository = repository;
    this.numbers = numbers;
    this.units = units;
    this.deadlines = deadlines;
    this.audit = audit;
  }

  /**
   * Checks the input and opens a rectification (status OPEN) with the next number of the year. For a
   * process instance that already has one (a retried step), returns that one.
   */
  @Transactional
  public Rectification open(Opening opening, String actor) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String unitCode = opening.unitCode() == null ? "" : opening.unitCode().strip();
    errors.check(!unitCode.isEmpty(), "unitCode", "请指明整改的责任单位（unitCode）");
    RectificationSource source = RectificationSource.parse(opening.sourceType());
    errors.check(source != null, "sourceType", "问题来源（sourceType）须为 COMPLAINT、INSPECTION 或 SENTIMENT，收到的是 " + opening.sourceType());
    Severity severity = Severity.parse(opening.severity());
    errors.check(severity != null, "severity", "严重程度（severity）须为 LOW、MEDIUM 或 HIGH，收到的是 " + opening.severity());
    String problem = opening.problem() == null ? "" : opening.problem().strip();
    errors.check(!problem.isEmpty(), "problem", "请写明需要整改的问题（problem）");
    errors.check(TextLimits.fits(problem, MAX_PROBLEM), "problem", TextLimits.tooLong("问题描述", MAX_PROBLEM, problem));
    String sourceId = opening.sourceId() == null || opening.sourceId().isBlank() ? null : opening.sourceId().strip();
    errors.check(TextLimits.fits(sourceId, MAX_SOURCE_ID), "sourceId", TextLimits.tooLong("来源编号", MAX_SOURCE_ID, sourceId));
    errors.throwIfAny();
    units.require(unitCode);
    if (opening.processInstanceId() != null) {
      Optional<Rectification> existing = repository.byProcessInstance(opening.processInstanceId());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    String number = numbers.next(NUMBER_PREFIX);
    LocalDateTime at = now();
    long id = repository.insert(number, unitCode, source, sourceId, problem, severity, opening.processInstanceId(), at, actor);
    repository.addEvent(id, at, actor, EventKind.OPENED, RectificationStatus.OPEN,
        source.label() + (sourceId == null ? "" : " " + sourceId) + "，" + severity.label() + "：" + problem);
    audit.record("RECTIFICATION_OPENED", subject(number), unitCode + "，" + source.label() + (sourceId == null ? "" : " " + sourceId));
    return repository.byNumber(number).orElseThrow();
  }

  public Optional<Rectification> byNumber(String number) {
    return number == null ? Optional.empty() : repository.byNumber(number.strip());
  }

  public Rectification require(String number) {
    return byNumber(number).orElseThrow(() -> new NoSuchRectificationException(number));
  }

  public Optional<Rectification> byProcessInstance(String processInstanceId) {
    return repository.byProcessInstance(processInstanceId);
  }

  /** The rectifications raised by one case, e.g. complaint TS-2026-000001 (a complaint reopened is rectified again). */
  public List<Rectification> ofSource(String sourceType, String sourceId) {
    RectificationSource source = RectificationSource.parse(sourceType);
    return source == null || sourceId == null ? List.of() : repository.ofSource(source, sourceId.strip());
  }

  /**
   * The ledger list, newest first (at most 500): {@code units} limits it to those units (null for
   * all), {@code unitCode} and {@code status} filter it (null for any).
   */
  public List<Rectification> list(Collection<String> units, String unitCode, RectificationStatus status) {
    return repository.list(units, unitCode == null || unitCode.isBlank() ? null : unitCode.strip(), status);
  }

  /** How many rectifications are in one status, and since when the one waiting longest is (its last change). */
  public record StatusCount(RectificationStatus status, long count, LocalDateTime oldest) {
  }

  /** The open rectifications of these units due soon ({@link RectificationDeadlines#dueSoonBefore}) or overdue, soonest due first. */
  public List<Rectification> dueSoon(Collection<String> units) {
    return units.isEmpty() ? List.of() : repository.openDueBefore(units, deadlines.dueSoonBefore());
  }

  /** Every status with its count and oldest last change, for the queues of those who work on them (none for a status without rows). */
  public List<StatusCount> countsByStatus() {
    return repository.countsByStatus();
  }

  public List<RectificationEvent> events(Rectification rectification) {
    return repository.events(rectification.id());
  }

  // --- changes made by the process (rectificationLedgerListener) ---

  @Transactional
  public void dueDateSet(String processInstanceId, Date due, Integer deadlineDays, String actor, String why) {
    Rectification r = ofProcess(processInstanceId);
    repository.setDue(r.id(), LocalDateTime.ofInstant(due.toInstant(), clock.getZone()), deadlineDays, now());
    String days = deadlineDays == null ? "" : "整改期限 " + deadlineDays + " 个工作日，";
    event(r, actor, EventKind.DUE_DATE_SET, r.status(), why + "：" + days + "到期 " + deadlines.text(due));
  }

  @Transactional
  public void extensionRequested(String processInstanceId, String actor, String reason, String requestedDue) {
    Rectification r = ofProcess(processInstanceId);
    change(r, actor, EventKind.EXTENSION_REQUESTED, RectificationStatus.EXTENSION_REQUESTED,
        "申请延期至 " + orDash(requestedDue) + "，理由：" + orDash(reason));
  }

  @Transactional
  public void submitted(String processInstanceId, String actor, String cause, String measures, String completedOn, String note) {
    Rectification r = ofProcess(processInstanceId);
    change(r, actor, EventKind.SUBMITTED, RectificationStatus.SUBMITTED,
        "原因：" + orDash(cause) + "；措施：" + orDash(measures) + "；完成日期：" + orDash(completedOn)
            + (note == null || note.isBlank() ? "" : "；证据说明：" + note));
  }

  @Transactional
  public void extensionDecided(String processInstanceId, String actor, boolean granted, String grantedDue, String comment) {
    Rectification r = ofProcess(processInstanceId);
    RectificationStatus next = granted || r.status() == RectificationStatus.EXTENSION_REQUESTED ? RectificationStatus.OPEN : r.status();
    if (granted) {
      repository.countExtension(r.id());
    }
    change(r, actor, granted ? EventKind.EXTENSION_GRANTED : EventKind.EXTENSION_REFUSED, next,
        (granted ? "延期至 " + orDash(grantedDue) + "；" : "按原期限整改；") + "意见：" + orDash(comment));
  }

  @Transactional
  public void reminded(String processInstanceId, String what) {
    Rectification r = ofProcess(processInstanceId);
    event(r, "system", EventKind.REMINDED, r.status(), what);
  }

  @Transactional
  public void overdue(String processInstanceId) {
    Rectification r = ofProcess(processInstanceId);
    RectificationStatus next = MAY_GO_OVERDUE.contains(r.status()) ? RectificationStatus.OVERDUE : r.status();
    change(r, "system", EventKind.OVERDUE, next, "到期（" + (r.dueAt() == null ? "—" : deadlines.text(date(r.dueAt()))) + "）仍未提交整改结果");
  }

  @Transactional
  public void escalated(String processInstanceId, String to) {
    Rectification r = ofProcess(processInstanceId);
    event(r, "system", EventKind.ESCALATED, r.status(), "逾期情况已报告" + to + "，等待裁定");
  }

  @Transactional
  public void overdueRuled(String processInstanceId, String actor, boolean justified, String reason, String newDue) {
    Rectification r = ofProcess(processInstanceId);
    RectificationStatus next = justified && r.status() == RectificationStatus.OVERDUE ? RectificationStatus.OPEN : r.status();
    change(r, actor, justified ? EventKind.OVERDUE_JUSTIFIED : EventKind.OVERDUE_UNJUSTIFIED, next,
        (justified ? "新的到期日 " + orDash(newDue) + "；" : "") + "理由：" + orDash(reason));
  }

  @Transactional
  public void accepted(String processInstanceId, String actor, String comment) {
    Rectification r = ofProcess(processInstanceId);
    change(r, actor, EventKind.ACCEPTED, RectificationStatus.ACCEPTED, "验收意见：" + orDash(comment));
    audit.record("RECTIFICATION_ACCEPTED", subject(r.number()), orDash(comment));
  }

  @Transactional
  public void returned(String processInstanceId, String actor, String reasons, String reworkDue) {
    Rectification r = ofProcess(processInstanceId);
    repository.countReturn(r.id());
    change(r, actor, EventKind.RETURNED, RectificationStatus.RETURNED,
        "第 " + (r.returnCount() + 1) + " 次退回；不到位之处：" + orDash(reasons) + "；重新整改期限 " + orDash(reworkDue));
  }

  @Transactional
  public void vetoRecorded(String processInstanceId, String why) {
    Rectification r = ofProcess(processInstanceId);
    event(r, "system", EventKind.VETO_RECORDED, r.status(), why);
  }

  /** A line in the ledger that changes nothing else (e.g. an evidence file), for the other parts of this feature. */
  void note(Rectification r, String actor, EventKind kind, String detail) {
    event(r, actor, kind, r.status(), detail);
  }

  private Rectification ofProcess(String processInstanceId) {
    return repository.byProcessInstance(processInstanceId).orElseThrow(() ->
        new IllegalStateException("no rectification for process instance " + processInstanceId));
  }

  private void change(Rectification r, String actor, EventKind kind, RectificationStatus next, String detail) {
    LocalDateTime at = now();
    if (next != r.status()) {
      repository.setStatus(r.id(), next, at);
    }
    repository.addEvent(r.id(), at, actor, kind, next, shorten(detail));
  }

  private void event(Rectification r, String actor, EventKind kind, RectificationStatus status, String detail) {
    repository.addEvent(r.id(), now(), actor, kind, status, shorten(detail));
  }

  static String subject(String number) {
    return "rectification:" + number;
  }

  private LocalDateTime now() {
    return LocalDateTime.now(clock);
  }

  private Date date(LocalDateTime beijing) {
    return Date.from(beijing.atZone(clock.getZone()).toInstant());
  }

  private static String orDash(String text) {
    return text == null || text.isBlank() ? "—" : text.strip();
  }

  private static String shorten(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }
}
