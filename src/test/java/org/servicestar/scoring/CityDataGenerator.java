package org.servicestar.scoring;

import java.io.StringReader;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A city's competition year, seeded and deterministic (same seed, same rows), for benchmarks and demo
 * years: departments → halls → sections → windows, staff, a campaign for all units, ratings spread over
 * the year, inspections with their score sheets, complaints (some substantiated, their rectifications
 * returned or overdue), vetoes, contests, evaluations and public opinion. Bulk rows go in through
 * PostgreSQL's COPY when the database is PostgreSQL, through multi-row inserts otherwise. Unit codes
 * start with the given prefix, business numbers carry the year, so a fresh database is assumed for
 * numbers (JC-/TS-/ZG-/YQ-/PY-{year}-…).
 */
public final class CityDataGenerator {

  /** How big a city: the defaults are issue 5's "Scale". */
  public record Size(int departments, int hallsPerDepartment, int sectionsPerHall, int windowsPerSection, int windowsPerHall,
                     int staffPerWindow, int ratings, int inspections, int complaints) {
    public static Size city() {
      return scaled(1);
    }

    /**
     * {@code factor} cities: the departments (so the windows), ratings, inspections and complaints grow
     * with it, a unit's shape does not. 10 is issue 22's province (20 000 windows, 10 M ratings, 100 000
     * complaints); 20× the complaints of a city, as a province's hotline gathers more per window.
     */
    public static Size scaled(int factor) {
      return new Size(20 * factor, 2, 5, 8, 10, 2, 1_000_000 * factor, 10_000 * factor, factor == 1 ? 5_000 : 10_000 * factor);
    }

    /** The size a benchmark was asked for: {@code -Dbenchmark.scale=1} (the city, default), {@code 3}, or {@code 10} / {@code province}. */
    public static Size fromProperty() {
      String scale = System.getProperty("benchmark.scale", "1").strip();
      return scaled(scale.equals("province") ? 10 : scale.equals("city") ? 1 : Integer.parseInt(scale));
    }

    /** How many cities this is, for reports. */
    public int factor() {
      return departments / 20;
    }

    public int windows() {
      return departments * hallsPerDepartment * (sectionsPerHall * windowsPerSection + windowsPerHall);
    }
  }

  private final JdbcTemplate jdbc;
  private final DataSource dataSource;
  private final Random random;
  private final int year;
  private final String prefix;
  private final Size size;
  private final List<Long> windowIds = new ArrayList<>();
  private final List<String> windowCodes = new ArrayList<>();
  private final List<String> unitCodes = new ArrayList<>();
  private final List<String> badges = new ArrayList<>();

  public CityDataGenerator(DataSource dataSource, long seed, int year, String prefix, Size size) {
    this.dataSource = dataSource;
    this.jdbc = new JdbcTemplate(dataSource);
    this.random = new Random(seed);
    this.year = year;
    this.prefix = prefix;
    this.size = size;
  }

  public void generate() {
    units();
    campaign();
    staff();
    complaintsAndRectifications();
    ratings();
    inspections();
    vetoes();
    contests();
    evaluations();
    sentiments();
  }

  private String ts(LocalDateTime t) {
    return t.toString().replace('T', ' ');
  }

  private LocalDateTime someTime() {
    return LocalDate.of(year, 1, 1).atStartOfDay().plusMinutes(random.nextInt(364 * 24 * 60));
  }

  private long unit(String code, String name, String type, Long parent) {
    LocalDateTime now = LocalDateTime.now();
    jdbc.update("insert into unit (code, name, type, parent_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
        code, name, type, parent, now, now);
    unitCodes.add(code);
    return jdbc.queryForObject("select id from unit where code = ?", Long.class, code);
  }

  private void units() {
    for (int d = 1; d <= size.departments(); d++) {
      long dept = unit(prefix + "d" + d, "部门" + d, "DEPARTMENT", null);
      for (int h = 1; h <= size.hallsPerDepartment(); h++) {
        String hallCode = prefix + "d" + d + "h" + h;
        long hall = unit(hallCode, "大厅" + d + "-" + h, "HALL", dept);
        for (int w = 1; w <= size.windowsPerHall(); w++) {
          window(hallCode + "w" + w, hall);
        }
        for (int s = 1; s <= size.sectionsPerHall(); s++) {
          String sectionCode = hallCode + "s" + s;
          long section = unit(sectionCode, "科室" + d + "-" + h + "-" + s, "SECTION", hall);
          for (int w = 1; w <= size.windowsPerSection(); w++) {
            window(sectionCode + "w" + w, section);
          }
        }
      }
    }
  }

  private void window(String code, long parent) {
    windowIds.add(unit(code, "窗口 " + code, "WINDOW", parent));
    windowCodes.add(code);
  }

  private void campaign() {
    jdbc.update("""
        insert into campaign (campaign_year, code, name, mobilisation_start, mobilisation_end, competition_start, competition_end,
          assessment_start, assessment_end, publicity_days, weight_inspection, weight_daily, weight_supervision, all_units, status,
          created_at, created_by)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 5, 40, 40, 20, true, 'ASSESSMENT', ?, 'generator')""",
        year, "campaign-" + year, year + " 年优质服务竞赛（生成）", LocalDate.of(year, 1, 1), LocalDate.of(year, 2, 28),
        LocalDate.of(year, 3, 1), LocalDate.of(year, 10, 31), LocalDate.of(year, 11, 1), LocalDate.of(year, 12, 31), LocalDateTime.now());
  }

  private void staff() {
    String now = ts(LocalDateTime.now());
    bulk("staff", "unit_id, name, badge_no, party_member, created_at, updated_at", rows -> {
      for (int w = 0; w < windowIds.size(); w++) {
        for (int s = 1; s <= size.staffPerWindow(); s++) {
          String badge = prefix + "b" + w + "-" + s;
          badges.add(badge);
          rows.accept(new Object[] {windowIds.get(w), "员工" + w + "-" + s, badge, random.nextBoolean(), now, now});
        }
      }
    });
  }

  /** Complaints TS-{year}-…: 30 % substantiated; each substantiated one has a rectification, some returned or overdue. */
  private void complaintsAndRectifications() {
    List<Object[]> rectifications = new ArrayList<>();
    List<Object[]> events = new ArrayList<>();
    String[] severities = {"LOW", "LOW", "MEDIUM", "HIGH"};
    bulk("complaint", "number, unit_code, original_unit_code, source, channel, content, status, substantiated, severity, created_at, updated_at",
        rows -> {
          for (int i = 1; i <= size.complaints(); i++) {
            String unit = windowCodes.get(random.nextInt(windowCodes.size()));
            boolean substantiated = random.nextInt(10) < 3;
            String severity = severities[random.nextInt(severities.length)];
            String at = ts(someTime());
            rows.accept(new Object[] {number("TS", i), unit, unit, "PUBLIC", "ONLINE", "生成的投诉", "CLOSED", substantiated,
                substantiated ? severity : null, at, at});
            if (substantiated) {
              int n = rectifications.size() + 1;
              int returns = random.nextInt(10) < 2 ? 1 + random.nextInt(2) : 0;
              boolean overdue = random.nextInt(10) < 2;
              rectifications.add(new Object[] {number("ZG", n), unit, "COMPLAINT", number("TS", i), "生成的整改", severity,
                  overdue ? "OVERDUE" : "ACCEPTED", returns, at, "generator", at});
              if (overdue) {
                events.add(new Object[] {n, "OVERDUE", at});
                if (random.nextBoolean()) {
                  events.add(new Object[] {n, "OVERDUE_JUSTIFIED", at});
                }
              }
            }
          }
        });
    bulk("rectification", "number, unit_code, source_type, source_id, problem, severity, status, return_count, opened_at, opened_by, updated_at",
        rows -> rectifications.forEach(rows));
    jdbc.update("create temporary table gen_event (n integer, kind varchar(32), at timestamp)");
    bulk("gen_event", "n, kind, at", rows -> events.forEach(rows));
    jdbc.update("""
        insert into rectification_event (rectification_id, at, actor, kind, status)
        select r.id, e.at, 'generator', e.kind, 'OVERDUE' from gen_event e join rectification r on r.number = 'ZG-%d-' || lpad(cast(e.n as varchar), 6, '0')"""
        .formatted(year));
    jdbc.update("drop table gen_event");
  }

  private String number(String kind, int n) {
    return String.format("%s-%d-%06d", kind, year, n);
  }

  /** Ratings: mostly satisfied, half of them naming a staff member, a few bad reviews tied to complaints, 1 % excluded. */
  private void ratings() {
    int[] levels = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 2, 1};
    String[] channels = {"DEVICE", "DEVICE", "DEVICE", "QR", "ONLINE", "FORM"};
    bulk("rating", "unit_id, level, channel, staff_badge, rated_at, rated_day, received_at, complaint_number, excluded", rows -> {
      for (int i = 0; i < size.ratings(); i++) {
        int w = random.nextInt(windowIds.size());
        int level = levels[random.nextInt(levels.length)];
        LocalDateTime at = someTime();
        String when = ts(at) + "+08";
        String badge = random.nextBoolean() ? badges.get(w * size.staffPerWindow() + random.nextInt(size.staffPerWindow())) : null;
        String complaint = level <= 2 && random.nextInt(4) == 0 ? number("TS", 1 + random.nextInt(size.complaints())) : null;
        rows.accept(new Object[] {windowIds.get(w), level, channels[random.nextInt(channels.length)], badge, when,
            at.toLocalDate().toString(), when, complaint, random.nextInt(100) == 0});
      }
    });
  }

  /** One centralised inspection per unit below department level, the rest unannounced; four sheet items each (看听查访). */
  private void inspections() {
    List<String> inspected = unitCodes.stream().filter(c -> c.contains("h")).toList();
    String[] dims = {"LOOK", "LISTEN", "CHECK", "VISIT"};
    List<Object[]> items = new ArrayList<>();
    bulk("inspection", "number, campaign_year, unit_code, inspection_type, status, total_score, max_score, score_pct, started_by, started_at, conducted_at",
        rows -> {
          for (int i = 1; i <= size.inspections(); i++) {
            boolean centralised = i <= inspected.size();
            String unit = centralised ? inspected.get(i - 1) : inspected.get(random.nextInt(inspected.size()));
            int total = 0;
            for (int p = 1; p <= 4; p++) {
              int score = 15 + random.nextInt(11);
              total += score;
              items.add(new Object[] {i, p, dims[p - 1], "评分项 " + p, 25, score});
            }
            String at = ts(someTime());
            rows.accept(new Object[] {number("JC", i), year, unit, centralised ? "CENTRALIZED" : "UNANNOUNCED", "DONE", total, 100, total,
                "generator", at, at});
          }
        });
    long firstId = jdbc.queryForObject("select min(id) from inspection where campaign_year = ?", Long.class, year);
    bulk("inspection_item", "inspection_id, position, dimension, label, max_score, score", rows -> items.forEach(item -> {
      item[0] = firstId + (int) item[0] - 1;
      rows.accept(item);
    }));
  }

  private void vetoes() {
    bulk("veto_record", "unit_code, clause, source_type, source_id, status, recorded_at, recorded_by, ruled_at, ruled_by", rows -> {
      for (int i = 1; i <= 40; i++) {
        boolean confirmed = i <= 25;
        String at = ts(someTime());
        rows.accept(new Object[] {windowCodes.get(random.nextInt(windowCodes.size())), 1 + random.nextInt(6), "COMPLAINT",
            number("TS", i), confirmed ? "CONFIRMED" : "PENDING", at, "generator", confirmed ? at : null, confirmed ? "leader" : null});
      }
    });
  }

  private void contests() {
    for (int c = 1; c <= 10; c++) {
      jdbc.update("insert into contest (campaign_year, name, kind, held_on, recorded_by, recorded_at) values (?, ?, 'SKILL', ?, 'generator', ?)",
          year, "技能比武 " + c, LocalDate.of(year, 1 + c, 10), LocalDateTime.now());
      long id = jdbc.queryForObject("select max(id) from contest", Long.class);
      bulk("contest_result", "contest_id, unit_code, staff_badge, result_rank", rows -> {
        for (int r = 1; r <= 50; r++) {
          int w = random.nextInt(windowCodes.size());
          rows.accept(new Object[] {id, windowCodes.get(w), r % 5 == 0 ? null : badges.get(w * size.staffPerWindow()), r});
        }
      });
    }
  }

  private void evaluations() {
    List<Object[]> peers = new ArrayList<>();
    List<Object[]> leaders = new ArrayList<>();
    // one round per unit and year (V30): a window drawn again gets the year's next round number, as older data may hold
    java.util.Map<Integer, Integer> roundsOfWindow = new java.util.HashMap<>();
    bulk("evaluation_round", "number, unit_code, campaign_year, status, unit_score, opened_at, closed_at, year_round", rows -> {
      for (int i = 1; i <= 500; i++) {
        int w = random.nextInt(windowCodes.size());
        String at = ts(someTime());
        rows.accept(new Object[] {number("PY", i), windowCodes.get(w), year, "CLOSED", 5 + random.nextInt(6), at, at,
            roundsOfWindow.merge(w, 1, Integer::sum)});
        String a = badges.get(w * size.staffPerWindow());
        String b = badges.get(w * size.staffPerWindow() + 1 % size.staffPerWindow());
        if (!a.equals(b)) {
          peers.add(new Object[] {i, a, b, 5 + random.nextInt(6)});
          peers.add(new Object[] {i, b, a, 5 + random.nextInt(6)});
        }
        leaders.add(new Object[] {i, a, "员工", 5 + random.nextInt(6)});
      }
    });
    long first = jdbc.queryForObject("select min(id) from evaluation_round where campaign_year = ?", Long.class, year);
    bulk("evaluation_peer_score", "round_id, rater_badge, ratee_badge, score", rows -> peers.forEach(p -> {
      p[0] = first + (int) p[0] - 1;
      rows.accept(p);
    }));
    bulk("evaluation_staff", "round_id, badge_no, staff_name, leader_score", rows -> leaders.forEach(l -> {
      l[0] = first + (int) l[0] - 1;
      rows.accept(l);
    }));
  }

  private void sentiments() {
    bulk("sentiment", "number, unit_code, source, summary, severity, negative, status, recorded_at, closed_at", rows -> {
      for (int i = 1; i <= 300; i++) {
        boolean closed = random.nextInt(3) > 0;
        String at = ts(someTime());
        rows.accept(new Object[] {number("YQ", i), windowCodes.get(random.nextInt(windowCodes.size())), "INTERNET", "生成的舆情", "LOW",
            true, closed ? "CLOSED" : "RESPONDING", at, closed ? at : null});
      }
    });
  }

  /**
   * COPY … FROM STDIN (csv) on PostgreSQL, one COPY per {@value #COPY_ROWS} rows so that a province's
   * ten million ratings never sit in memory as text; multi-row inserts of 500 rows elsewhere.
   */
  private void bulk(String table, String columns, Consumer<Consumer<Object[]>> producer) {
    try (Connection connection = dataSource.getConnection()) {
      if (connection.isWrapperFor(PGConnection.class)) {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String sql = "copy " + table + " (" + columns + ") from stdin with (format csv)";
        StringBuilder csv = new StringBuilder();
        int[] buffered = {0};
        producer.accept(row -> {
          for (int i = 0; i < row.length; i++) {
            csv.append(i == 0 ? "" : ",").append(csvValue(row[i]));
          }
          csv.append('\n');
          if (++buffered[0] == COPY_ROWS) {
            copyIn(copy, sql, csv);
            buffered[0] = 0;
          }
        });
        copyIn(copy, sql, csv);
        return;
      }
    } catch (Exception e) {
      throw new IllegalStateException("bulk load of " + table + " failed", e);
    }
    List<Object[]> rows = new ArrayList<>();
    producer.accept(rows::add);
    int columnCount = columns.split(",").length;
    String one = "(" + String.join(", ", java.util.Collections.nCopies(columnCount, "?")) + ")";
    for (int from = 0; from < rows.size(); from += 500) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + 500));
      List<Object> args = new ArrayList<>();
      chunk.forEach(r -> java.util.Collections.addAll(args, r));
      jdbc.update("insert into " + table + " (" + columns + ") values " + String.join(", ", java.util.Collections.nCopies(chunk.size(), one)),
          args.toArray());
    }
  }

  private static final int COPY_ROWS = 200_000;

  private static void copyIn(CopyManager copy, String sql, StringBuilder csv) {
    if (csv.isEmpty()) {
      return;
    }
    try {
      copy.copyIn(sql, new StringReader(csv.toString()));
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
    csv.setLength(0);
  }

  private static String csvValue(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
