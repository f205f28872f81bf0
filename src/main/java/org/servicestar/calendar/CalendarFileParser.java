package org.servicestar.calendar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.servicestar.web.TextLimits;

/**
 * Reads one year's calendar from an upload, in our CSV format ({@code date,kind,name}) or in the
 * holiday-cn JSON format, and refuses anything doubtful with a Chinese message that names the line.
 * A calendar that is wrong silently moves every deadline, so nothing is guessed: a file is either
 * entirely usable or rejected.
 */
final class CalendarFileParser {

  static final String CSV_HEADER = "date,kind,name";

  /** A year lists a few dozen days; anything this big is the wrong file. */
  static final int MAX_BYTES = 256 * 1024;

  static final int MAX_NAME_LENGTH = 100;

  /** The range the database accepts (ck_work_calendar_year). */
  static final int MIN_YEAR = 1949;
  static final int MAX_YEAR = 2999;

  // Excel re-saves 2026-02-14 as 2026/2/14; both mean the same day, so both are accepted in CSV.
  private static final Pattern CSV_DATE = Pattern.compile("(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})");
  private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param expectedYear the year the administrator said the file is for, or {@code null} to take
   *     it from the file
   */
  CalendarFile parse(byte[] content, Integer expectedYear) {
    if (content == null || content.length == 0) {
      throw new CalendarFileException("文件为空。");
    }
    if (content.length > MAX_BYTES) {
      throw new CalendarFileException("文件过大（超过 " + MAX_BYTES / 1024 + " KB），不像是一年的工作日历。");
    }
    String text = decodeUtf8(content);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String start = text.stripLeading();
    if (start.isEmpty()) {
      throw new CalendarFileException("文件为空。");
    }
    return start.startsWith("{") || start.startsWith("[")
        ? parseJson(text, expectedYear)
        : parseCsv(text, expectedYear);
  }

  private CalendarFile parseCsv(String text, Integer expectedYear) {
    Days days = new Days(expectedYear, "");
    String[] lines = text.split("\r\n|\n|\r", -1);
    boolean headerSeen = false;
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!headerSeen) {
        if (!line.replace(" ", "").equalsIgnoreCase(CSV_HEADER)) {
          throw CalendarFileException.atLine(lineNo,
              "第一行应为表头“" + CSV_HEADER + "”，实际是“" + abbreviate(line) + "”。");
        }
        headerSeen = true;
        continue;
      }
      String[] fields = line.split(",", 3);
      if (fields.length < 2) {
        throw CalendarFileException.atLine(lineNo,
            "应有三列“日期,类型,名称”（如 2026-02-14,WORKDAY,春节），实际是“" + abbreviate(line) + "”。");
      }
      LocalDate date = parseDate(fields[0].strip(), CSV_DATE, lineNo);
      String kind = fields[1].strip().toUpperCase(Locale.ROOT);
      boolean offDay = switch (kind) {
        case "HOLIDAY" -> true;
        case "WORKDAY" -> false;
        default -> throw CalendarFileException.atLine(lineNo, "类型“" + abbreviate(fields[1].strip())
            + "”未知，应为 HOLIDAY（放假）或 WORKDAY（调休上班）。");
      };
      String name = fields.length == 3 ? unquote(fields[2].strip()) : "";
      days.add(lineNo, date, offDay, name);
    }
    if (!headerSeen) {
      throw new CalendarFileException("文件为空。");
    }
    if (days.isEmpty()) {
      throw new CalendarFileException("文件中没有任何日期（只有表头）。");
    }
    return days.toFile(CalendarFile.Format.CSV);
  }

  /**
   * holiday-cn: {@code {"year": 2026, "days": [{"name": "春节", "date": "2026-02-14", "isOffDay": false}, …]}}.
   * Read as a token stream rather than a tree so that each day keeps its line number for messages.
   */
  private CalendarFile parseJson(String text, Integer expectedYear) {
    Integer declaredYear = null;
    List<JsonDay> entries = new ArrayList<>();
    try (JsonParser parser = json.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw CalendarFileException.atLine(line(parser), "JSON 的最外层应是一个对象 {…}（holiday-cn 格式）。");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("year".equals(field)) {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            throw CalendarFileException.atLine(line(parser), "year 应为整数年份，如 2026。");
          }
          declaredYear = parser.getIntValue();
        } else if ("days".equals(field)) {
          if (value != JsonToken.START_ARRAY) {
            throw CalendarFileException.atLine(line(parser), "days 应为数组 […]。");
          }
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            int lineNo = line(parser);
            JsonNode node = parser.readValueAsTree();
            entries.add(new JsonDay(lineNo, node));
          }
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw CalendarFileException.atLine(line(parser), "JSON 对象结束后还有多余内容。");
      }
    } catch (JsonProcessingException e) {
      int lineNo = e.getLocation() != null ? e.getLocation().getLineNr() : 1;
      String reason = e instanceof JsonParseException ? e.getOriginalMessage() : e.getMessage();
      throw CalendarFileException.atLine(lineNo, "不是有效的 JSON（" + abbreviate(reason) + "）。");
    } catch (IOException e) {
      throw new CalendarFileException("无法读取文件：" + e.getMessage());
    }
    if (entries.isEmpty()) {
      throw new CalendarFileException("JSON 中没有任何日期（days 缺失或为空）：该年的放假安排可能尚未公布。");
    }
    if (declaredYear != null && expectedYear != null && !declaredYear.equals(expectedYear)) {
      throw new CalendarFileException("文件是 " + declaredYear + " 年的日历（year 字段），而表单填写的是 " + expectedYear + " 年。");
    }
    Days days = new Days(declaredYear != null ? declaredYear : expectedYear,
        declaredYear != null ? "（JSON 的 year 字段）" : "");
    for (JsonDay entry : entries) {
      days.add(entry.line, entry.date(), entry.offDay(), entry.name());
    }
    return days.toFile(CalendarFile.Format.HOLIDAY_CN_JSON);
  }

  private record JsonDay(int line, JsonNode node) {

    LocalDate date() {
      if (node == null || !node.isObject()) {
        throw CalendarFileException.atLine(line, "days 中的每一项应是对象 {\"date\": …, \"isOffDay\": …, \"name\": …}。");
      }
      JsonNode date = node.get("date");
      if (date == null || !date.isTextual()) {
        throw CalendarFileException.atLine(line, "缺少 date（日期，如 \"2026-02-14\"）。");
      }
      return parseDate(date.asText().strip(), ISO_DATE, line);
    }

    boolean offDay() {
      JsonNode offDay = node.get("isOffDay");
      if (offDay == null || !offDay.isBoolean()) {
        throw CalendarFileException.atLine(line, "缺少 isOffDay，或其值不是 true/false（true 放假，false 调休上班）。");
      }
      return offDay.booleanValue();
    }

    String name() {
      JsonNode name = node.get("name");
      return name != null && name.isTextual() ? name.asText().strip() : "";
    }
  }

  /** The days read so far, holding the rules every format shares: one year, each day once. */
  private static final class Days {
    private Integer year;
    private final String yearOrigin;
    private int firstLine;
    private final Map<LocalDate, Integer> lineByDate = new HashMap<>();
    private final List<SpecialDay> days = new ArrayList<>();

    Days(Integer year, String yearOrigin) {
      this.year = year;
      this.yearOrigin = yearOrigin;
    }

    void add(int line, LocalDate date, boolean offDay, String name) {
      if (year == null) {
        year = date.getYear();
        firstLine = line;
      } else if (date.getYear() != year) {
        throw CalendarFileException.atLine(line, firstLine > 0
            ? "混有多个年份：第 " + firstLine + " 行是 " + year + " 年，本行 " + date + " 是 " + date.getYear()
                + " 年。一个文件只能是一年的日历。"
            : "日期 " + date + " 不在 " + year + " 年内" + yearOrigin + "。");
      }
      Integer earlier = lineByDate.putIfAbsent(date, line);
      if (earlier != null) {
        throw CalendarFileException.atLine(line, "日期 " + date + " 重复（第 " + earlier + " 行已列出）。");
      }
      if (!TextLimits.fits(name, MAX_NAME_LENGTH)) {
        throw CalendarFileException.atLine(line, "名称过长（最多 " + MAX_NAME_LENGTH + " 字，现有 " + TextLimits.length(name) + " 字）。");
      }
      days.add(new SpecialDay(date, offDay, name.isEmpty() ? null : name));
    }

    boolean isEmpty() {
      return days.isEmpty();
    }

    CalendarFile toFile(CalendarFile.Format format) {
      if (year < MIN_YEAR || year > MAX_YEAR) {
        throw new CalendarFileException("年份 " + year + " 不合理（应在 " + MIN_YEAR + "–" + MAX_YEAR + " 之间）。");
      }
      List<SpecialDay> sorted = new ArrayList<>(days);
      sorted.sort((a, b) -> a.date().compareTo(b.date()));
      return new CalendarFile(year, sorted, format);
    }
  }

  private static LocalDate parseDate(String text, Pattern pattern, int line) {
    Matcher m = pattern.matcher(text);
    if (m.matches()) {
      try {
        return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      } catch (DateTimeException e) {
        throw CalendarFileException.atLine(line, "日期“" + abbreviate(text) + "”不存在。");
      }
    }
    throw CalendarFileException.atLine(line, "日期“" + abbreviate(text) + "”格式不对，应为 yyyy-MM-dd，如 2026-02-14。");
  }

  private static int line(JsonParser parser) {
    return parser.currentLocation().getLineNr();
  }

  private static String decodeUtf8(byte[] content) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      // Excel's plain "CSV" is GBK on Chinese Windows: say how to get UTF-8 instead of storing mojibake.
      throw new CalendarFileException("文件不是 UTF-8 编码。用 Excel 编辑的，请另存为“CSV UTF-8（逗号分隔）”。");
    }
  }

  private static String unquote(String field) {
    if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
      return field.substring(1, field.length() - 1).replace("\"\"", "\"").strip();
    }
    return field;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
