package org.servicestar.contest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.CampaignService;
import org.servicestar.unit.Staff;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * The office's record of the year's contests (三比). Every change of a contest's results names the
 * version the editor saw: a second editor working from an old page is told to reload instead of
 * overwriting. Bad input stores nothing.
 */
@Service
class ContestService {

  /** A contest as entered. */
  record ContestDraft(String campaignYear, String name, String kind, String heldOn) {
  }

  /** What an import found: the rows stored, or each bad row's problems ("第 N 行：…"). */
  record ImportOutcome(int stored, List<String> problems) {
  }

  private static final int MAX_NAME = 200;

  private final ContestRepository contests;
  private final UnitService units;
  private final StaffService staff;
  private final CampaignService campaigns;
  private final AuditTrail audit;

  ContestService(ContestRepository contests, UnitService units, StaffService staff, CampaignService campaigns, AuditTrail audit) {
    this.contests = contests;
    this.units = units;
    this.staff = staff;
    this.campaigns = campaigns;
    this.audit = audit;
  }

  Contest require(long id) {
    return contests.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有编号为 " + id + " 的比赛"));
  }

  List<Contest> ofYear(int year) {
    return contests.ofYear(year);
  }

  List<ResultRow> results(long contestId) {
    return contests.results(contestId);
  }

  /** Years to choose from: those with a campaign or with contests, latest first. */
  List<Integer> years() {
    Set<Integer> years = new TreeSet<>(Comparator.reverseOrder());
    campaigns.all().forEach(c -> years.add(c.campaignYear()));
    years.addAll(contests.years());
    return List.copyOf(years);
  }

  @Transactional
  Contest create(ContestDraft draft) {
    Header h = checkHeader(draft);
    long id = contests.insert(h.year(), h.name(), h.kind(), h.heldOn(), AuditTrail.currentActor());
    audit.record("CONTEST_CREATED", subject(id), h.year() + " " + h.kind().label() + " " + h.name() + " " + h.heldOn());
    return require(id);
  }

  @Transactional
  Contest update(long id, int version, ContestDraft draft) {
    Contest before = claim(id, version);
    Header h = checkHeader(draft);
    contests.update(id, h.year(), h.name(), h.kind(), h.heldOn());
    audit.record("CONTEST_UPDATED", subject(id), before.campaignYear() + " " + before.kind().label() + " " + before.name() + " "
        + before.heldOn() + " → " + h.year() + " " + h.kind().label() + " " + h.name() + " " + h.heldOn());
    return require(id);
  }

  @Transactional
  void addResult(long id, int version, ResultRules.Draft draft) {
    claim(id, version);
    ResultRules.Checked r = checkOne(draft, taken(id, null));
    contests.insertResult(id, r.unitCode(), r.staffBadge(), r.rank(), r.points(), r.remark());
    audit.record("CONTEST_RESULT_ADDED", subject(id), describe(r));
  }

  @Transactional
  void changeResult(long id, int version, long resultId, ResultRules.Draft draft) {
    claim(id, version);
    ResultRow old = resultOf(id, resultId);
    ResultRules.Checked r = checkOne(draft, taken(id, resultId));
    contests.updateResult(resultId, r.unitCode(), r.staffBadge(), r.rank(), r.points(), r.remark());
    audit.record("CONTEST_RESULT_CHANGED", subject(id), old.describe() + " → " + describe(r));
  }

  @Transactional
  void removeResult(long id, int version, long resultId) {
    claim(id, version);
    ResultRow old = resultOf(id, resultId);
    contests.deleteResult(resultId);
    audit.record("CONTEST_RESULT_REMOVED", subject(id), old.describe());
  }

  /**
   * Adds many results at once, all or none: every row is checked (against the contest's results and
   * the rows above it) and, when any is bad, nothing is stored and each bad row's problems are returned.
   * {@code rows} maps the row number the user sees to the row.
   */
  @Transactional
  ImportOutcome importResults(long id, int version, Map<Integer, ResultRules.Draft> rows) {
    claim(id, version);
    Set<String> taken = taken(id, null);
    CachedLookup lookup = new CachedLookup();
    List<ResultRules.Checked> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    rows.forEach((number, draft) -> {
      InvalidInputException.Collector errors = new InvalidInputException.Collector();
      ResultRules.Checked r = ResultRules.check(draft, lookup, taken, errors);
      if (r == null) {
        problems.add("第 " + number + " 行：" + inFieldOrder(errors.errors()));
      } else {
        taken.add(r.participant());
        checked.add(r);
      }
    });
    if (!problems.isEmpty()) {
      // Undoes the version claim too: a refused file changes nothing, not even the version.
      throw new ImportRefused(problems);
    }
    checked.forEach(r -> contests.insertResult(id, r.unitCode(), r.staffBadge(), r.rank(), r.points(), r.remark()));
    audit.record("CONTEST_RESULTS_IMPORTED", subject(id), checked.size() + " 条成绩");
    return new ImportOutcome(checked.size(), List.of());
  }

  /** A refused import: thrown so the transaction rolls back, caught by the import to report the rows. */
  static final class ImportRefused extends RuntimeException {
    private final List<String> problems;

    ImportRefused(List<String> problems) {
      super("import refused", null, false, false);
      this.problems = List.copyOf(problems);
    }

    List<String> problems() {
      return problems;
    }
  }

  private record Header(int year, String name, ContestKind kind, LocalDate heldOn) {
  }

  private Header checkHeader(ContestDraft d) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Integer year = null;
    String yearText = d.campaignYear() == null ? "" : d.campaignYear().strip();
    if (!yearText.matches("\\d{4}")) {
      errors.add("campaignYear", "请选择竞赛年度");
    } else {
      year = Integer.parseInt(yearText);
      errors.check(campaigns.ofYear(year).isPresent(), "campaignYear", "没有 " + year + " 年的竞赛活动，请先创建竞赛活动");
    }
    String name = d.name() == null ? "" : d.name().strip();
    errors.check(!name.isEmpty(), "name", "请填写比赛名称");
    errors.check(TextLimits.fits(name, MAX_NAME), "name", TextLimits.tooLong("比赛名称", MAX_NAME, name));
    errors.check(name.chars().noneMatch(Character::isISOControl), "name", "比赛名称不能包含控制字符");
    ContestKind kind = ContestKind.parse(d.kind());
    errors.check(kind != null, "kind", "请选择比赛类别（技能比武、服务擂台、岗位练兵或其他）");
    LocalDate heldOn = null;
    try {
      heldOn = d.heldOn() == null || d.heldOn().isBlank() ? null : LocalDate.parse(d.heldOn().strip());
    } catch (DateTimeParseException e) {
      errors.add("heldOn", "比赛日期“" + d.heldOn().strip() + "”无法识别，请填如 2026-05-20 的日期");
    }
    if (heldOn == null) {
      errors.add("heldOn", "请填写比赛日期");
    } else if (year != null) {
      errors.check(heldOn.getYear() == year, "heldOn", "比赛日期须在 " + year + " 年内");
    }
    errors.throwIfAny();
    return new Header(year, name, kind, heldOn);
  }

  private Contest claim(long id, int version) {
    Contest contest = require(id);
    if (!contests.bumpVersion(id, version)) {
      throw new OptimisticLockingFailureException("比赛“" + contest.name() + "”已被他人修改，请刷新页面后重试");
    }
    return contest;
  }

  private ResultRules.Checked checkOne(ResultRules.Draft draft, Set<String> taken) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    ResultRules.Checked r = ResultRules.check(draft, new CachedLookup(), taken, errors);
    errors.throwIfAny();
    return r;
  }

  private ResultRow resultOf(long contestId, long resultId) {
    return contests.results(contestId).stream().filter(r -> r.id() == resultId).findFirst()
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "本次比赛没有这条成绩"));
  }

  /** The contest's participants, without the result being changed. */
  private Set<String> taken(long contestId, Long except) {
    Set<String> taken = new HashSet<>();
    contests.results(contestId).stream().filter(r -> except == null || r.id() != except).forEach(r -> taken.add(r.participant()));
    return taken;
  }

  static String inFieldOrder(Map<String, String> errors) {
    List<String> order = List.of("unitCode", "staffBadge", "rank", "points", "result", "remark");
    Map<String, String> sorted = new LinkedHashMap<>();
    order.stream().filter(errors::containsKey).forEach(k -> sorted.put(k, errors.get(k)));
    errors.forEach(sorted::putIfAbsent);
    return String.join("；", sorted.values());
  }

  private static String describe(ResultRules.Checked r) {
    return (r.staffBadge() != null ? "工号 " + r.staffBadge() + " @" : "") + r.unitCode()
        + (r.rank() != null ? " 第" + r.rank() + "名" : "") + (r.points() != null ? " " + r.points().toPlainString() + "分" : "");
  }

  static String subject(long contestId) {
    return "contest:" + contestId;
  }

  /** Units and staff read once per code for one operation. */
  private final class CachedLookup implements ResultRules.Lookup {
    private final Map<String, Optional<Unit>> unitsByCode = new HashMap<>();
    private final Map<String, Optional<Staff>> staffByBadge = new HashMap<>();

    @Override
    public Optional<Unit> unit(String code) {
      return unitsByCode.computeIfAbsent(code, c -> c.length() > 64 ? Optional.empty() : units.byCode(c));
    }

    @Override
    public Optional<Staff> staff(String badge) {
      return staffByBadge.computeIfAbsent(badge, b -> {
        try {
          return Optional.of(staff.byBadge(b));
        } catch (InvalidInputException e) {
          return Optional.empty();
        }
      });
    }
  }
}
