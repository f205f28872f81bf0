package org.servicestar.demo;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.servicestar.calendar.Workdays;
import org.servicestar.campaign.CampaignService;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.rating.RatingRollups;
import org.servicestar.unit.Staff;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a lived-in year on top of the demo city: ratings, complaints in every state, this year's
 * campaign in its competition phase with unannounced inspections, and last year's campaign finished
 * with published awards. Each part runs once per database (its own marker rows are the guard) and
 * in its own transaction, so a restart adds nothing and a failed part leaves nothing half-made.
 */
@Component
class DemoYear {

  /** What to make: the seed, the windows (unit codes; empty: every active window), the years, the ratings' days. */
  record Plan(long seed, List<String> windows, List<String> campaignUnits, int lastYear, int thisYear, LocalDate ratingsFrom,
              LocalDate ratingsTo, int publicComplaints, int unannouncedInspections) {

    /** The demo: a year of ratings up to yesterday for every window, last year and this year's campaigns for every unit. */
    static Plan demo(LocalDate today) {
      return new Plan(20261128L, List.of(), List.of(), today.getYear() - 1, today.getYear(), today.minusYears(1),
          today.minusDays(1), 4, 8);
    }
  }

  /** What was made, for the log and the tests. */
  record Made(int ratings, int complaints, Map<DemoComplaints.Story, Integer> stories, boolean lastYear, boolean thisYear,
              int commitments, int inspections, DemoFlags.Lived lived) {
  }

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DemoYear.class);
  static final String RATING_MARK = "demo-";
  private static final String[][] PUBLIC_COMPLAINTS = {
      {"HOTLINE", "打 12345 反映：窗口说系统故障让明天再来，已经是第三次了"},
      {"ONLINE", "网上预约了上午十点，到现场又重新排队，预约没有意义"},
      {"LETTER", "来信反映：办理过程中被要求提供与事项无关的证明材料"},
      {"ONLINE", "窗口人员对老年人办事不够耐心，建议设置帮办岗"}};

  private final UnitService units;
  private final StaffService staff;
  private final ComplaintService complaints;
  private final CampaignService campaigns;
  private final DemoComplaints complaintStories;
  private final DemoCampaigns campaignStories;
  private final Workdays workdays;
  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionTemplate tx;
  private final DemoClock clock;
  private final DemoFlags flags;
  private final RatingRollups rollups;

  DemoYear(UnitService units, StaffService staff, ComplaintService complaints, CampaignService campaigns,
           DemoComplaints complaintStories, DemoCampaigns campaignStories, Workdays workdays, JdbcClient jdbc,
           JdbcTemplate template, TransactionTemplate tx, DemoClock clock, DemoFlags flags, RatingRollups rollups) {
    this.units = units;
    this.staff = staff;
    this.complaints = complaints;
    this.campaigns = campaigns;
    this.complaintStories = complaintStories;
    this.campaignStories = campaignStories;
    this.workdays = workdays;
    this.jdbc = jdbc;
    this.template = template;
    this.tx = tx;
    this.clock = clock;
    this.flags = flags;
    this.rollups = rollups;
  }

  Made make(Plan plan) {
    List<DemoRatings.Window> windows = windows(plan);
    DemoRatings generator = new DemoRatings(DemoRatings.Settings.demo(plan.seed()), workdays::isWorkingDay, Workdays.ZONE);
    int[] ratings = {0};
    int[] complaintCount = {0};
    Map<DemoComplaints.Story, Integer> stories = new EnumMap<>(DemoComplaints.Story.class);
    long t0 = System.nanoTime();
    boolean fresh = Boolean.TRUE.equals(tx.execute(s -> {
      if (hasRatings(windows)) {
        return false;
      }
      List<DemoRatings.Generated> made = generator.between(windows, plan.ratingsFrom(), plan.ratingsTo());
      insert(made);
      ratings[0] = made.size();
      return true;
    }));
    if (fresh) {
      // The year's ratings went in as one plain batch (not through the intake): their rollups at once.
      rollups.rebuild();
    }
    long t1 = System.nanoTime();
    if (fresh) {
      tx.executeWithoutResult(s -> {
        List<DemoComplaints.Received> received = complaints(plan, windows);
        complaintCount[0] = received.size();
        stories.putAll(complaintStories.play(received));
      });
    }
    long t2 = System.nanoTime();
    boolean lastYear = Boolean.TRUE.equals(tx.execute(s -> {
      if (campaigns.ofYear(plan.lastYear()).isPresent()) {
        return false;
      }
      Map<String, Double> shares = new HashMap<>();
      generator.worseWindows(windows).forEach(w -> shares.put(w, 0.78));
      campaignStories.finishedYear(plan.lastYear(), plan.campaignUnits(), shares);
      return true;
    }));
    long t3 = System.nanoTime();
    int[] commitments = {0};
    int[] inspections = {0};
    boolean thisYear = Boolean.TRUE.equals(tx.execute(s -> {
      if (campaigns.ofYear(plan.thisYear()).filter(c -> c.processInstanceId() != null).isPresent()) {
        return false;
      }
      String campaign = campaignStories.start(plan.thisYear(), workdays.today(), plan.campaignUnits());
      campaignStories.mobilise(campaign, DemoCampaigns.MISSING_PLANS);
      commitments[0] = campaignStories.publishCommitments(campaign, 4);
      inspections[0] = unannounced(plan, windows, generator.worseWindows(windows));
      return true;
    }));
    long t4 = System.nanoTime();
    // The follow-through after a flag (三评, vetoes under ruling, a 约谈 case), with this year's campaign.
    DemoFlags.Lived lived = thisYear && !windows.isEmpty()
        ? tx.execute(s -> flags.play(windows.stream().map(DemoRatings.Window::code).toList(), plan.thisYear()))
        : null;
    log.info("Demo year parts: ratings {} ms, complaints {} ms, last year {} ms, this year {} ms, flags {} ms", (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, (System.nanoTime() - t4) / 1_000_000);
    return new Made(ratings[0], complaintCount[0], stories, lastYear, thisYear, commitments[0], inspections[0], lived);
  }

  private List<DemoRatings.Window> windows(Plan plan) {
    Map<Long, List<String>> badges = new HashMap<>();
    for (Staff s : staff.all()) {
      badges.computeIfAbsent(s.unitId(), k -> new ArrayList<>()).add(s.badgeNo());
    }
    Set<String> wanted = Set.copyOf(plan.windows());
    return units.active().stream().filter(u -> u.type() == UnitType.WINDOW)
        .filter(u -> wanted.isEmpty() || wanted.contains(u.code())).sorted(Comparator.comparing(Unit::code))
        .map(u -> new DemoRatings.Window(u.code(), badges.getOrDefault(u.id(), List.of()).stream().sorted().toList())).toList();
  }

  private boolean hasRatings(List<DemoRatings.Window> windows) {
    return windows.isEmpty() || jdbc.sql("select count(*) from rating where client_ref like ?")
        .param(RATING_MARK + windows.get(0).code() + "-%").query(Long.class).single() > 0;
  }

  /** One batch insert of rows that passed the same checks as the office's entry of paper forms (see DemoRatings). */
  private void insert(List<DemoRatings.Generated> ratings) {
    Map<String, Long> ids = new HashMap<>();
    units.active().forEach(u -> ids.put(u.code(), u.id()));
    String sql = """
        insert into rating (unit_id, level, channel, staff_badge, comment, contact_name, contact_phone, client_ref,
                            entered_by, rated_at, rated_day, received_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    template.batchUpdate(sql, ratings, 2000, (ps, r) -> {
      ps.setLong(1, ids.get(r.unitCode()));
      ps.setInt(2, r.level());
      ps.setString(3, r.channel());
      ps.setString(4, r.staffBadge());
      ps.setString(5, r.comment());
      ps.setString(6, r.contactName());
      ps.setString(7, r.contactPhone());
      ps.setString(8, r.clientRef());
      ps.setString(9, DemoRatings.ENTERED_BY);
      ps.setObject(10, r.ratedAt());
      ps.setObject(11, r.ratedAt().atZoneSameInstant(Workdays.ZONE).toLocalDate());
      // Typed in by the office on the next working day.
      ps.setObject(12, r.ratedAt().plusDays(1).withHour(9));
    });
  }

  /**
   * The bad reviews become complaints as the rating intake makes them (ComplaintService.submitBadReview,
   * linked back to the rating), plus a few public complaints in the last days; all in time order.
   */
  private List<DemoComplaints.Received> complaints(Plan plan, List<DemoRatings.Window> windows) {
    Set<String> ours = Set.copyOf(windows.stream().map(DemoRatings.Window::code).toList());
    List<Incoming> incoming = new ArrayList<>();
    jdbc.sql("""
            select r.id, u.code, r.comment, r.contact_name, r.contact_phone, r.rated_at from rating r join unit u on u.id = r.unit_id
            where r.client_ref like ? and r.level <= 2 and r.complaint_number is null order by r.rated_at, r.id""")
        .param(RATING_MARK + "%").query().listOfRows().stream().filter(r -> ours.contains((String) r.get("code")))
        .forEach(r -> incoming.add(new Incoming(toLocal(r.get("rated_at")), () -> badReview(r))));
    for (int i = 0; i < plan.publicComplaints() && !windows.isEmpty(); i++) {
      int n = i;
      LocalDateTime at = workdays.plusWorkingDays(plan.ratingsTo(), -(plan.publicComplaints() - i)).atTime(10 + i, 20);
      incoming.add(new Incoming(at, () -> publicComplaint(plan, windows, n)));
    }
    incoming.sort(Comparator.comparing(Incoming::at));
    // The ones whose story closes them come in on their day (see DemoComplaints); the open ones come in now.
    List<DemoComplaints.Story> stories = DemoComplaints.storiesFor(incoming.size());
    List<DemoComplaints.Received> received = new ArrayList<>();
    for (int i = 0; i < incoming.size(); i++) {
      Incoming c = incoming.get(i);
      if (stories.get(i).closes()) {
        String[] number = new String[1];
        clock.at(c.at(), () -> number[0] = c.submit().get());
        received.add(new DemoComplaints.Received(number[0], c.at()));
      } else {
        received.add(new DemoComplaints.Received(c.submit().get(), c.at()));
      }
    }
    return received;
  }

  /** A complaint to submit and when it came in. */
  private record Incoming(LocalDateTime at, java.util.function.Supplier<String> submit) {
  }

  private String badReview(Map<String, Object> rating) {
    long id = ((Number) rating.get("id")).longValue();
    String number = complaints.submitBadReview((String) rating.get("code"), (String) rating.get("comment"),
        (String) rating.get("contact_name"), (String) rating.get("contact_phone"), id);
    jdbc.sql("update rating set complaint_number = ? where id = ?").params(number, id).update();
    return number;
  }

  private String publicComplaint(Plan plan, List<DemoRatings.Window> windows, int n) {
    String[] c = PUBLIC_COMPLAINTS[n % PUBLIC_COMPLAINTS.length];
    String unit = windows.get((n * 7 + 3) % windows.size()).code();
    return complaints.submit(new ComplaintService.Submission(unit, c[0], c[1], "市民" + (n + 1), "1380000" + String.format("%04d", n),
        RATING_MARK + "complaint-" + plan.seed() + "-" + n)).number();
  }

  /** Unannounced visits this year: the worse windows among them, their findings to be rectified. */
  private int unannounced(Plan plan, List<DemoRatings.Window> windows, List<String> worse) {
    int count = Math.min(plan.unannouncedInspections(), windows.size());
    for (int i = 0; i < count; i++) {
      String unit = i < worse.size() ? worse.get(i) : windows.get((i * 5) % windows.size()).code();
      boolean bad = worse.contains(unit);
      List<Map<String, Object>> findings = bad
          ? List.of(Map.of("description", "高峰时段只开一个窗口，群众排队超过 40 分钟", "severity", "MEDIUM", "needsRectification", true,
              "seriousImageHarm", false))
          : List.of();
      campaignStories.unannounced(DemoCampaigns.INSPECTORS[i % DemoCampaigns.INSPECTORS.length], unit, plan.thisYear(),
          bad ? 0.8 : 0.9 + 0.01 * (i % 8), findings);
    }
    return count;
  }

  private static LocalDateTime toLocal(Object value) {
    if (value instanceof OffsetDateTime t) {
      return t.atZoneSameInstant(Workdays.ZONE).toLocalDateTime();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant().atZone(Workdays.ZONE).toLocalDateTime();
    }
    if (value instanceof java.time.Instant t) {
      return t.atZone(Workdays.ZONE).toLocalDateTime();
    }
    return LocalDateTime.parse(value.toString().replace(' ', 'T').substring(0, 19));
  }
}
