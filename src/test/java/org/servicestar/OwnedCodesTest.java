package org.servicestar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.servicestar.award.NomineeStatus;
import org.servicestar.campaign.CampaignPhase;
import org.servicestar.campaign.PlanStatus;
import org.servicestar.complaint.ComplaintEventKind;
import org.servicestar.complaint.ComplaintStatus;
import org.servicestar.inspection.InspectionStatus;
import org.servicestar.interview.InterviewStatus;
import org.servicestar.notification.Channel;
import org.servicestar.rectification.RectificationEvent;
import org.servicestar.rectification.RectificationStatus;
import org.servicestar.sentiment.SentimentStatus;
import org.servicestar.veto.VetoStatus;

/**
 * One owner per table's statuses and kinds (CONVENTIONS.md "One owner per rule"): the compiler does
 * not see a status spelled in another feature's SQL, and a renamed one silently makes a figure 0. So
 * every table with a {@code status} or {@code kind} column has an owning feature here, its codes are
 * read from the migrations' check constraints and from the owner's enum, and no Java source of another
 * feature that names the table in its SQL may spell one of those codes: neither {@code 'OVERDUE'}
 * inside SQL nor {@code "OVERDUE"} as a Java string. Other features bind the owner's enum constant
 * ({@code RectificationStatus.OVERDUE.name()}) or build the text from it.
 *
 * <p>The demo is left out: it seeds every feature's tables with fixture rows, as the migrations do,
 * and nothing depends on it (ArchitectureTest).
 */
class OwnedCodesTest {

  private static final Path MAIN = Path.of("src/main/java/org/servicestar");
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

  /** Every table with a status or kind column, and the feature (package under org.servicestar) that owns it. */
  static final Map<String, String> OWNERS = Map.ofEntries(
      Map.entry("rectification", "rectification"), Map.entry("rectification_event", "rectification"),
      Map.entry("complaint", "complaint"), Map.entry("complaint_event", "complaint"),
      Map.entry("veto_record", "veto"),
      Map.entry("inspection", "inspection"),
      Map.entry("award_round", "award"), Map.entry("award_nominee", "award"), Map.entry("award_objection", "award"),
      Map.entry("campaign", "campaign"), Map.entry("campaign_plan", "campaign"),
      Map.entry("commitment", "commitment"),
      Map.entry("contest", "contest"),
      Map.entry("sentiment", "sentiment"),
      Map.entry("evaluation_round", "evaluation"),
      Map.entry("scoring_run", "scoring"),
      Map.entry("report_export", "report"),
      Map.entry("mail_outbox", "notification"),
      Map.entry("public_form_hit", "throttle"),
      Map.entry("interview_case", "interview"));

  /** Codes kept without a check constraint: the owner's enum is their list. */
  static final Map<String, List<Class<? extends Enum<?>>>> ENUMS = Map.ofEntries(
      Map.entry("rectification", List.of(RectificationStatus.class)),
      Map.entry("rectification_event", List.of(RectificationEvent.EventKind.class, RectificationStatus.class)),
      Map.entry("complaint", List.of(ComplaintStatus.class)),
      Map.entry("complaint_event", List.of(ComplaintEventKind.class)),
      Map.entry("veto_record", List.of(VetoStatus.class)),
      Map.entry("inspection", List.of(InspectionStatus.class)),
      Map.entry("award_nominee", List.of(NomineeStatus.class)),
      Map.entry("campaign", List.of(CampaignPhase.class)),
      Map.entry("campaign_plan", List.of(PlanStatus.class)),
      Map.entry("sentiment", List.of(SentimentStatus.class)),
      Map.entry("interview_case", List.of(InterviewStatus.class)));

  /**
   * Code columns besides status and kind ({@code table.column}), each checked by a constraint that lists
   * exactly its owner's enum; their codes count as the table's (no other feature spells them either).
   */
  static final Map<String, Class<? extends Enum<?>>> OTHER_CODE_COLUMNS = Map.of("mail_outbox.channel", Channel.class);

  /**
   * Owned tables whose codes are neither checked nor an enum yet; nothing outside the owner reads
   * their codes today. A new entry needs a reason.
   */
  static final Map<String, String> NO_CODES_YET = Map.of(
      "evaluation_round", "OPEN/CLOSED, read and written by evaluation only",
      "public_form_hit", "kind is composed from PublicFormLimits.Form at run time, never compared with a literal");

  private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create table (\\w+) \\((.*?)\\n\\);", Pattern.DOTALL);
  private static final Pattern CODE_COLUMN = Pattern.compile("(?im)^\\s*(status|kind)\\s+varchar");
  private static final Pattern CODE_CHECK = Pattern.compile(
      "(?i)(?:alter table (\\w+) add )?constraint \\w+ check \\(\\s*(?:status|kind) in \\(([^)]*)\\)\\)");
  private static final Pattern COLUMN_CHECK = Pattern.compile(
      "(?i)alter table (\\w+) add constraint \\w+ check \\(\\s*(\\w+) in \\(([^)]*)\\)\\)");
  private static final Pattern QUOTED = Pattern.compile("'([A-Z][A-Z0-9_]*)'");
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern TABLE_NAMED = Pattern.compile("(?i)\\b(?:from|join|update|into)\\s+([a-z_][a-z0-9_]*)\\b");

  @Test
  void everyTableWithStatusOrKindHasAnOwnerAndItsCodes() {
    Set<String> tables = tablesWithCodes();
    assertThat(OWNERS.keySet()).as("every table with a status or kind column has an owner, and only those")
        .containsExactlyInAnyOrderElementsOf(tables);
    Map<String, Set<String>> codes = codes();
    for (String table : OWNERS.keySet()) {
      assertThat(codes.get(table).isEmpty()).as(table + ": its codes come from a check constraint or the owner's enum,"
          + " or NO_CODES_YET says why not").isEqualTo(NO_CODES_YET.containsKey(table));
      assertThat(Files.isDirectory(MAIN.resolve(OWNERS.get(table)))).as(OWNERS.get(table) + " is a feature").isTrue();
    }
  }

  /** A constant renamed in the owner's enum but not in the schema would match no row, and a figure would be 0. */
  @Test
  void anOwnersEnumIsTheCheckedList() {
    Map<String, Set<String>> checked = checkedCodes();
    ENUMS.forEach((table, enums) -> {
      if (!checked.get(table).isEmpty()) {
        assertThat(enums).as(table).hasSize(1);
        assertThat(names(enums.get(0))).as(enums.get(0).getName() + " and the check constraint of " + table)
            .isEqualTo(checked.get(table));
      }
    });
  }

  @Test
  void anotherCodeColumnIsCheckedAsItsOwnersEnum() {
    OTHER_CODE_COLUMNS.forEach((column, owner) -> {
      Set<String> checked = new TreeSet<>();
      for (String sql : migrations()) {
        Matcher m = COLUMN_CHECK.matcher(sql);
        while (m.find()) {
          if ((m.group(1) + "." + m.group(2)).equalsIgnoreCase(column)) {
            checked.addAll(quoted(m.group(3)));
          }
        }
      }
      assertThat(OWNERS).as(column + "'s table has an owner").containsKey(table(column));
      assertThat(names(owner)).as(owner.getName() + " and the check constraint of " + column).isNotEmpty().isEqualTo(checked);
    });
  }

  private static String table(String column) {
    return column.substring(0, column.indexOf('.'));
  }

  @Test
  void noFeatureSpellsAnotherFeaturesCodes() {
    assertThat(violations(MAIN)).as("codes of another feature's table spelled in SQL or as a string;"
        + " bind the owner's enum constant instead").isEmpty();
  }

  @Test
  void aSpelledCodeIsFound() {
    String source = """
        class X {
          // from rectification where status = 'OVERDUE' -- a comment is no SQL
          String sql = \"""
              select 1 from rectification r where r.status = 'OVERDUE'\""";
          boolean done = "ACCEPTED".equals(status);
          String label = "OVERDUE_JUSTIFIED_LABEL";
        }
        """;
    assertThat(violations("dashboard", "dashboard/X.java", source)).containsExactly(
        "dashboard/X.java: 'OVERDUE' of rectification (owned by rectification)",
        "dashboard/X.java: \"ACCEPTED\" of rectification (owned by rectification)");
    assertThat(violations("rectification", "rectification/X.java", source)).as("the owner spells its own codes").isEmpty();
    assertThat(violations("dashboard", "dashboard/Y.java", "String s = \"select 'OVERDUE' from scoring_run\";"))
        .as("a code of a table the SQL does not name").isEmpty();
  }

  // ---- the scan ----

  static List<String> violations(Path root) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> {
        String feature = root.relativize(f).getName(0).toString();
        if (!feature.equals("demo") && !feature.endsWith(".java")) {
          found.addAll(violations(feature, root.relativize(f).toString(), read(f)));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  static List<String> violations(String feature, String file, String source) {
    Map<String, Set<String>> codes = codes();
    List<String> strings = stringLiterals(source);
    Set<String> named = new TreeSet<>();
    strings.forEach(s -> {
      Matcher m = TABLE_NAMED.matcher(s);
      while (m.find()) {
        named.add(m.group(1).toLowerCase());
      }
    });
    Set<String> spelled = new LinkedHashSet<>();
    for (String s : strings) {
      Matcher m = QUOTED.matcher(s);
      while (m.find()) {
        spelled.add("'" + m.group(1) + "'");
      }
      if (CODE.matcher(s).matches()) {
        spelled.add("\"" + s + "\"");
      }
    }
    List<String> found = new ArrayList<>();
    for (String literal : spelled) {
      String code = literal.substring(1, literal.length() - 1);
      for (String table : named) {
        String owner = OWNERS.get(table);
        if (owner != null && !owner.equals(feature) && codes.get(table).contains(code)) {
          found.add(file + ": " + literal + " of " + table + " (owned by " + owner + ")");
          break;
        }
      }
    }
    return found;
  }

  /** The contents of the string literals and text blocks, comments and char literals skipped. */
  static List<String> stringLiterals(String source) {
    List<String> strings = new ArrayList<>();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        while (end > 0 && source.charAt(end - 1) == '\\') {
          end = source.indexOf("\"\"\"", end + 1);
        }
        strings.add(source.substring(i + 3, end < 0 ? n : end));
        i = end < 0 ? n : end + 3;
      } else if (c == '"' || c == '\'') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          if (source.charAt(j) == '\\' && j + 1 < n) {
            j++;
          }
          text.append(source.charAt(j));
          j++;
        }
        if (c == '"') {
          strings.add(text.toString());
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return strings;
  }

  /** Every owned table's codes: its check constraints' and its enums' constants. */
  static Map<String, Set<String>> codes() {
    Map<String, Set<String>> codes = checkedCodes();
    ENUMS.forEach((table, enums) -> enums.forEach(e -> codes.get(table).addAll(names(e))));
    OTHER_CODE_COLUMNS.forEach((column, owner) -> codes.get(table(column)).addAll(names(owner)));
    return codes;
  }

  private static Set<String> names(Class<? extends Enum<?>> e) {
    Set<String> names = new TreeSet<>();
    Arrays.stream(e.getEnumConstants()).forEach(constant -> names.add(constant.name()));
    return names;
  }

  /** Every owned table's codes as its check constraints list them. */
  static Map<String, Set<String>> checkedCodes() {
    Map<String, Set<String>> codes = new TreeMap<>();
    OWNERS.keySet().forEach(t -> codes.put(t, new TreeSet<>()));
    for (String sql : migrations()) {
      Matcher create = CREATE_TABLE.matcher(sql);
      while (create.find()) {
        Set<String> own = codes.get(create.group(1).toLowerCase());
        Matcher check = CODE_CHECK.matcher(create.group(2));
        while (own != null && check.find()) {
          own.addAll(quoted(check.group(2)));
        }
      }
      Matcher alter = CODE_CHECK.matcher(sql);
      while (alter.find()) {
        if (alter.group(1) != null && codes.containsKey(alter.group(1).toLowerCase())) {
          codes.get(alter.group(1).toLowerCase()).addAll(quoted(alter.group(2)));
        }
      }
    }
    return codes;
  }

  private static Set<String> tablesWithCodes() {
    Set<String> tables = new TreeSet<>();
    for (String sql : migrations()) {
      Matcher create = CREATE_TABLE.matcher(sql);
      while (create.find()) {
        if (CODE_COLUMN.matcher(create.group(2)).find()) {
          tables.add(create.group(1).toLowerCase());
        }
      }
    }
    return tables;
  }

  private static Set<String> quoted(String list) {
    Set<String> values = new TreeSet<>();
    Matcher m = QUOTED.matcher(list);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  private static List<String> migrations() {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().map(OwnedCodesTest::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
