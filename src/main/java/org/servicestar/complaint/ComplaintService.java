package org.servicestar.complaint;

import static org.servicestar.complaint.ComplaintHandlingIds.Vars;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.servicestar.audit.AuditTrail;
import org.servicestar.numbering.BusinessNumbers;
import org.servicestar.throttle.PublicFormLimits;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.PublicAddress;
import org.servicestar.web.TextLimits;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Complaints and bad reviews: intake (public API, bad ratings, the office), and the record of every
 * step the ComplaintHandling process takes. A complaint is stored and its process started in one
 * transaction, so a process is never without its complaint. When the engine cannot start the process
 * (a broken diagram, an engine error), the complaint is stored and acknowledged all the same, NOT_STARTED
 * with the engine's reason, the office is told once per outage ({@link StartOutage}), and
 * {@link ComplaintStartRetry} starts it later. Only a database outage still loses the request (503).
 */
@Service
public class ComplaintService {

  /** What a citizen, the hotline or the office sends. */
  public record Submission(String unitCode, String channel, String content, String contactName, String contactPhone,
                           String clientRef) {
  }

  /** The answer to a submission: the complaint's number, and whether the same clientRef had been sent before. */
  public record Receipt(String number, boolean duplicate) {
  }

  /**
   * A complaint stored and acknowledged whose ComplaintHandling the engine has not started yet, for
   * administrators and the office: the engine's reason is theirs, never the public's.
   */
  public record NotStarted(String number, String unitCode, String sourceLabel, LocalDateTime receivedAt, String reason,
                           LocalDateTime lastFailedAt, int failedAttempts) {
  }

  static final Set<String> PUBLIC_CHANNELS = Set.of("ONLINE", "HOTLINE", "BOX", "LETTER");
  static final int MAX_CONTENT = 2000;
  private static final Pattern PHONE = Pattern.compile("[0-9+\\- ]{5,20}");
  private static final Pattern CLIENT_REF = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final ComplaintRepository complaints;
  private final StaffService staff;
  private final UnitService units;
  private final BusinessNumbers numbers;
  private final RuntimeService runtimeService;
  private final TaskService taskService;
  private final ProcessStarter starter;
  private final StartOutage outage;
  private final PublicFormLimits limits;
  private final int verifyDays;
  private final PublicAddress publicAddress;
  private final ObjectProvider<ReviewExclusions> reviewExclusions;

  /** The read-only "named staff" field of the triage and verification forms when the review named nobody. */
  static final String NOBODY_NAMED = "（未点名）";

  ComplaintService(ComplaintRepository complaints, UnitService units, StaffService staff, BusinessNumbers numbers, RuntimeService runtimeService,
                   TaskService taskService, ProcessStarter starter, StartOutage outage, PublicFormLimits limits,
                   @Value("${servicestar.complaint.verify-days:3}") int verifyDays,
                   PublicAddress publicAddress, ObjectProvider<ReviewExclusions> reviewExclusions) {
    this.complaints = complaints;
    this.units = units;
    this.staff = staff;
    this.numbers = numbers;
    this.runtimeService = runtimeService;
    this.taskService = taskService;
    this.starter = starter;
    this.outage = outage;
    this.limits = limits;
    this.verifyDays = verifyDays;
    this.publicAddress = publicAddress;
    this.reviewExclusions = reviewExclusions;
  }

  /**
   * A complaint from the public API ({@code POST /api/complaints}), sent from this client address. The same
   * clientRef is stored once. A new complaint counts against the public forms' limits per address and per
   * contact phone (throttle.PublicFormLimits): above them TooManyRequestsException (429), and nothing is
   * stored. Bad input and a clientRef sent again are answered without counting.
   */
  @Transactional
  public Receipt submitFromPublic(Submission s, String clientAddress) {
    return receive(s, clientAddress);
  }

  /** A public complaint handed over inside the app (the demo, tests): the same checks, no limits. */
  @Transactional
  public Receipt submit(Submission s) {
    return receive(s, null);
  }

  private Receipt receive(Submission s, String clientAddress) {
    if (s.clientRef() != null && !s.clientRef().isBlank()) {
      Optional<Complaint> earlier = complaints.findByClientRef(s.clientRef().trim());
      if (earlier.isPresent()) {
        return new Receipt(earlier.get().number(), true);
      }
    }
    Unit unit = validate(s, PUBLIC_CHANNELS);
    if (clientAddress != null) {
      limits.admit(PublicFormLimits.Form.COMPLAINT, clientAddress, s.contactPhone());
    }
    return new Receipt(open(unit, "PUBLIC", s.channel(), s, null, null), false);
  }

  /** A bad review (level 1–2) becomes a complaint; the ratings feature calls this. */
  @Transactional
  public String submitBadReview(String unitCode, String comment, String contactName, String contactPhone, long ratingId) {
    return submitBadReview(unitCode, comment, contactName, contactPhone, ratingId, null);
  }

  /**
   * A bad review (level 1–2) naming a staff member (their badge, checked by the rating's rules) becomes a
   * complaint that keeps the badge: shown on triage and verification, counted in the staff member's figures
   * once substantiated ({@link #substantiatedNaming}).
   */
  @Transactional
  public String submitBadReview(String unitCode, String comment, String contactName, String contactPhone, long ratingId,
                                String staffBadge) {
    String content = comment == null || comment.isBlank() ? "（差评，未留言）" : comment;
    Submission s = new Submission(unitCode, "RATING", content, contactName, contactPhone, "rating-" + ratingId);
    Optional<Complaint> earlier = complaints.findByClientRef(s.clientRef());
    if (earlier.isPresent()) {
      return earlier.get().number();
    }
    Unit unit = validate(s, Set.of("RATING"));
    return open(unit, "RATING", "RATING", s, ratingId, blankToNull(staffBadge));
  }

  /** The office registers a complaint it received (the start form in Tasklist); returns the number. */
  @Transactional
  public String registerFromOffice(String processInstanceId, Submission s) {
    Unit unit = validate(s, Set.of("ONLINE", "HOTLINE", "BOX", "LETTER", "OFFICE"));
    String number = numbers.next("TS");
    long id = complaints.insert(number, unit.code(), "OFFICE", s.channel(), s.content().strip(), blankToNull(s.contactName()),
        blankToNull(s.contactPhone()), null, null);
    complaints.update(number, "process_instance_id = ?", processInstanceId);
    complaints.addEvent(id, AuditTrail.currentActor(), ComplaintEventKind.RECEIVED, "办公室登记，渠道 " + s.channel());
    return number;
  }

  private String open(Unit unit, String source, String channel, Submission s, Long ratingId, String staffBadge) {
    String number = numbers.next("TS");
    long id = complaints.insert(number, unit.code(), source, channel, s.content().strip(), blankToNull(s.contactName()),
        blankToNull(s.contactPhone()), blankToNull(s.clientRef()), ratingId);
    if (staffBadge != null) {
      complaints.update(number, "staff_badge = ?", staffBadge);
    }
    complaints.addEvent(id, AuditTrail.currentActor(), ComplaintEventKind.RECEIVED, "来源 " + source + "，渠道 " + channel
        + (staffBadge == null ? "" : "，点名 " + namedStaff(staffBadge)));
    try {
      String instanceId = starter.start(number, () -> startVariables(number, unit.code(), unit.name(), source, channel,
          s.content().strip(), s.contactName(), s.contactPhone(), staffBadge));
      complaints.update(number, "process_instance_id = ?", instanceId);
    } catch (ProcessStarter.NotStarted e) {
      complaints.markNotStarted(number, e.reason());
      complaints.addEvent(id, "system", ComplaintEventKind.PROCESS_NOT_STARTED, "已登记并答复编号；办理流程暂未启动，系统自动重试");
      outage.failed(number, e.reason());
    }
    return number;
  }

  /** What a complaint's ComplaintHandling starts with (also when the retry starts it later). */
  Map<String, Object> startVariables(String number, String unitCode, String unitName, String source, String channel,
                                     String content, String contactName, String contactPhone, String staffBadge) {
    Map<String, Object> vars = processVariables(number, unitCode, unitName, channel, content);
    vars.put(Vars.NAMED_STAFF, staffBadge == null ? NOBODY_NAMED : namedStaff(staffBadge));
    // A bad review whose author left a name or phone must get its return visit (DOMAIN.md §5).
    vars.put(Vars.REAL_NAME_REVIEW, "RATING".equals(source) && (blankToNull(contactName) != null || blankToNull(contactPhone) != null));
    return vars;
  }

  /** How the forms and pages name the staff member a bad review named: "王小明（工号 1001）". */
  public String namedStaff(String staffBadge) {
    if (staffBadge == null) {
      return NOBODY_NAMED;
    }
    try {
      return staff.byBadge(staffBadge).name() + "（工号 " + staffBadge + "）";
    } catch (InvalidInputException e) {
      return "工号 " + staffBadge;
    }
  }

  /** The substantiated complaints of a year (by registration, as the scoring counts them) naming this staff member. */
  public List<Complaint> substantiatedNaming(String staffBadge, int year) {
    return complaints.substantiatedNaming(staffBadge, java.time.LocalDate.of(year, 1, 1).atStartOfDay(),
        java.time.LocalDate.of(year + 1, 1, 1).atStartOfDay());
  }

  /** The unit's name for a complaint started later: its name now, or its code when it is gone. */
  String unitName(String unitCode) {
    return units.byCode(unitCode).map(Unit::name).orElse(unitCode);
  }

  /**
   * Complaints stored and acknowledged whose process has not started, oldest first, with the engine's
   * reason: for the dashboard, /admin and /admin/diagrams (administrators and the office only).
   */
  public List<NotStarted> notStarted() {
    return complaints.unstarted(0, 500).stream().map(c -> new NotStarted(c.number(), c.unitCode(),
        "RATING".equals(c.source()) ? "差评" : Complaint.channelLabel(c.channel()), c.createdAt(), c.startFailure(),
        c.startFailedAt(), c.startAttempts())).toList();
  }

  /** How many complaints wait for their process to start. */
  public long notStartedCount() {
    return complaints.countUnstarted();
  }

  Map<String, Object> processVariables(String number, Unit unit, String channel, String content) {
    return processVariables(number, unit.code(), unit.name(), channel, content);
  }

  private Map<String, Object> processVariables(String number, String unitCode, String unitName, String channel, String content) {
    Map<String, Object> vars = new HashMap<>();
    vars.put(Vars.NUMBER, number);
    vars.put(Vars.UNIT_CODE, unitCode);
    vars.put(Vars.UNIT_NAME, unitName);
    vars.put(Vars.CHANNEL, channel);
    vars.put(Vars.CHANNEL_LABEL, Complaint.channelLabel(channel));
    vars.put(Vars.CONTENT, content);
    vars.put(Vars.VERIFY_DAYS, verifyDays);
    vars.put(Vars.REOPEN_COUNT, 0);
    vars.put(Vars.DETAIL_LINK, detailLink(number));
    return vars;
  }

  String detailLink(String number) {
    return publicAddress.link("/complaints/" + number);
  }

  private Unit validate(Submission s, Set<String> channels) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Unit unit = null;
    if (s.unitCode() == null || s.unitCode().isBlank()) {
      errors.add("unitCode", "请指明投诉的单位（unitCode）");
    } else {
      unit = units.byCode(s.unitCode().trim()).filter(Unit::active).orElse(null);
      errors.check(unit != null, "unitCode", "没有编码为 " + abbreviate(s.unitCode()) + " 的启用单位");
    }
    errors.check(s.channel() != null && channels.contains(s.channel()), "channel", "渠道须为 " + String.join("、", channels.stream().sorted().toList()) + " 之一");
    String content = s.content() == null ? "" : s.content().strip();
    errors.check(!content.isEmpty(), "content", "请填写投诉内容");
    errors.check(TextLimits.fits(content, MAX_CONTENT), "content", TextLimits.tooLong("投诉内容", MAX_CONTENT, content));
    errors.check(noControlCharacters(content), "content", "投诉内容含有不可见的控制字符");
    if (s.contactName() != null && !s.contactName().isBlank()) {
      errors.check(TextLimits.fits(s.contactName().strip(), 50), "contactName", TextLimits.tooLong("联系人姓名", 50, s.contactName().strip()));
      errors.check(noControlCharacters(s.contactName()), "contactName", "联系人姓名不能含控制字符");
    }
    if (s.contactPhone() != null && !s.contactPhone().isBlank()) {
      errors.check(PHONE.matcher(s.contactPhone().strip()).matches(), "contactPhone", "联系电话只能包含数字、空格、“+”和“-”（5–20 位）");
    }
    if (s.clientRef() != null && !s.clientRef().isBlank()) {
      errors.check(CLIENT_REF.matcher(s.clientRef().trim()).matches(), "clientRef", "clientRef 须为 1–64 位字母、数字或 . _ : -");
    }
    errors.throwIfAny();
    return unit;
  }

  private static boolean noControlCharacters(String text) {
    return text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
  }

  private static String abbreviate(String text) {
    String t = text.trim();
    return t.length() <= 64 ? t : t.substring(0, 64) + "…";
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  public Optional<Complaint> byNumber(String number) {
    return complaints.findByNumber(number);
  }

  public Complaint require(String number) {
    return complaints.findByNumber(number).orElseThrow(() -> InvalidInputException.of("number", "没有编号为 " + number + " 的投诉"));
  }

  /** How many complaints are in one status, and since when the one waiting longest is (its last change). */
  public record StatusCount(ComplaintStatus status, long count, LocalDateTime oldest) {
  }

  /** The open statuses (in the enum's order) that hold complaints, for the queues of the office and the inspectors. */
  public List<StatusCount> openByStatus() {
    return complaints.countsByStatus().stream().filter(c -> c.status().isOpen())
        .sorted(Comparator.comparing(StatusCount::status)).toList();
  }

  public List<Complaint> recent(String unitCode, String status, int limit) {
    return complaints.findRecent(unitCode, status, limit);
  }

  List<ComplaintRepository.Event> timeline(Complaint complaint) {
    return complaints.events(complaint.id());
  }

  /** A staff member appeals a bad review (申诉): starts the appeal path of ComplaintHandling. */
  @Transactional
  public void appeal(String number, String badgeNo, String reason) {
    Complaint complaint = require(number);
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    errors.check("RATING".equals(complaint.source()), "number", "只有群众差评可以申诉，投诉 " + number + " 不是差评");
    errors.check(!complaint.reviewExcluded(), "number", "该差评已经被排除，无需再申诉");
    errors.check(!ComplaintStatus.NOT_STARTED.name().equals(complaint.status()), "number", "该差评已登记，办理流程尚未启动，请稍后再申诉");
    errors.check(reason != null && !reason.isBlank(), "reason", "请填写申诉理由（最长 2000 字）");
    errors.check(TextLimits.fits(reason, MAX_CONTENT), "reason", TextLimits.tooLong("申诉理由", MAX_CONTENT, reason));
    errors.check(InvalidInputException.isPlainText(reason), "reason", "申诉理由不能包含控制字符");
    errors.check(TextLimits.fits(badgeNo, 64), "badgeNo", TextLimits.tooLong("工号", 64, badgeNo));
    errors.check(InvalidInputException.isPlainText(badgeNo), "badgeNo", "工号不能包含控制字符");
    errors.check(taskService.createTaskQuery().processInstanceBusinessKey(number)
        .taskDefinitionKey(ComplaintHandlingIds.Tasks.REVIEW_APPEAL).count() == 0, "number", "该差评的申诉正在复核中");
    errors.throwIfAny();
    Map<String, Object> vars = new HashMap<>();
    vars.put(Vars.NUMBER, number);
    vars.put(Vars.UNIT_CODE, complaint.unitCode());
    vars.put(Vars.CONTENT, complaint.content());
    vars.put(Vars.APPEAL_REASON, reason.strip());
    vars.put(Vars.APPELLANT_BADGE, badgeNo == null ? "" : badgeNo.strip());
    vars.put(Vars.DETAIL_LINK, detailLink(number));
    runtimeService.createMessageCorrelation(ComplaintHandlingIds.Messages.APPEALED)
        .processInstanceBusinessKey(number).setVariables(vars).correlateStartMessage();
    complaints.addEvent(complaint.id(), AuditTrail.currentActor(), ComplaintEventKind.APPEAL_FILED,
        "工号 " + vars.get(Vars.APPELLANT_BADGE) + "：" + reason.strip());
  }

  // ---- the steps of ComplaintHandling, recorded as they happen (called by the process's listeners) ----

  void recordStep(String number, String actor, ComplaintEventKind kind, String detail, String assignments, Object... values) {
    if (assignments != null) {
      if (kind == ComplaintEventKind.APPEAL_UPHELD) {
        // The review counts nowhere from now on: the figures kept of it change with it.
        ReviewExclusions figures = reviewExclusions.getIfAvailable(() -> (n, change) -> change.run());
        figures.around(number, () -> complaints.update(number, assignments, values));
      } else {
        complaints.update(number, assignments, values);
      }
    }
    if (!complaints.addEvent(number, actor, kind, detail)) {
      throw InvalidInputException.of("number", "没有编号为 " + number + " 的投诉");
    }
  }

  boolean isOpen(String number) {
    return complaints.findByNumber(number).map(c -> ComplaintStatus.valueOf(c.status()).isOpen()).orElse(false);
  }
}
