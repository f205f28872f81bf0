package org.servicestar.rating;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.servicestar.unit.ImportTable;
import org.servicestar.unit.ImportTable.Column;
import org.servicestar.unit.ImportTable.DataRow;
import org.servicestar.unit.ImportTable.FileProblem;
import org.springframework.stereotype.Service;

/**
 * The office imports paper evaluation forms (评议表), suggestion-box entries (意见箱) and hotline ratings
 * from an {@code .xlsx} (or {@code .csv}) file, read by the master data's {@link ImportTable}. All or
 * nothing, like the master data import: when any row is bad, nothing is stored and every row's problem
 * is listed with the row number Excel shows; rows whose form number (编号) was imported before are skipped,
 * so a corrected file can be uploaded again whole.
 */
@Service
class RatingImport {

  static final List<Column> COLUMNS = List.of(
      new Column("unitCode", "单位编码", "unitCode", true, "被评价的窗口或单位的编码，须是启用的单位", List.of("窗口编码", "编码")),
      new Column("level", "评价", "level", true, "5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意（填数字或文字均可）",
          List.of("评价等级", "满意度", "等级")),
      new Column("ratedDate", "评价日期", "ratedAt", true, "表上填写的日期，如 2026-03-01、2026/3/1 或 2026年3月1日；最早 400 天前",
          List.of("日期", "评议日期", "ratedDate")),
      new Column("channel", "来源", "channel", false, "评议表、意见箱或热线回访（也可填 FORM、BOX、HOTLINE），不填视为评议表",
          List.of("渠道")),
      new Column("serial", "编号", "clientRef", false, "表单编号，选填；同一编号只记录一次，再次导入时跳过", List.of("表单编号", "serial")),
      new Column("staffBadge", "工号", "staffBadge", false, "被评价工作人员的工号，选填", List.of("工作人员工号")),
      new Column("comment", "意见", "comment", false, "选填，最多 500 字", List.of("意见建议", "评价内容")),
      new Column("contactName", "评价人", "contactName", false, "选填，最多 50 字；差评留有联系方式的必须回访", List.of("姓名", "联系人")),
      new Column("contactPhone", "电话", "contactPhone", false, "选填，数字、空格、“+”和“-”", List.of("联系电话")));

  /** What an import did: rows read, stored, skipped as imported before, bad reviews turned into complaints; or the problems. */
  record Report(int rows, int stored, int skipped, int badReviews, List<String> problems) {

    public boolean ok() {
      return problems.isEmpty();
    }

    public String summary() {
      return ok() ? "已导入 " + stored + " 条评价" + (skipped > 0 ? "，跳过 " + skipped + " 条此前已导入的" : "")
          + (badReviews > 0 ? "；其中 " + badReviews + " 条差评已转为投诉" : "")
          : "文件未导入任何评价";
    }
  }

  private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?(?:[ T].*)?");

  private final RatingIntake intake;

  RatingImport(RatingIntake intake) {
    this.intake = intake;
  }

  Report importFile(String filename, InputStream in, Sender office) {
    ImportTable table;
    Map<String, Integer> columns;
    try {
      table = ImportTable.read(filename, in);
      columns = table.locate(COLUMNS);
    } catch (FileProblem e) {
      return new Report(0, 0, 0, 0, List.of(e.getMessage()));
    }
    List<DataRow> rows = table.rows();
    List<RatingIntake.Incoming> incoming = new ArrayList<>(rows.size());
    Map<String, Integer> firstRowOfSerial = new HashMap<>();
    for (DataRow row : rows) {
      Map<String, String> typeErrors = new LinkedHashMap<>();
      String levelText = row.get(columns.get("level"));
      Integer level = null;
      if (!levelText.isEmpty()) {
        level = RatingLevel.parse(levelText).orElse(null);
        if (level == null) {
          typeErrors.put("level", "评价“" + levelText + "”无法识别，请填 1–5 或 非常满意、满意、基本满意、不满意、非常不满意");
        }
      }
      String channelText = row.get(columns.get("channel"));
      String channel = channelText.isEmpty() ? RatingChannel.FORM.name() : RatingChannel.parse(channelText)
          .filter(RatingChannel::byOffice).map(Enum::name).orElse(null);
      if (channel == null) {
        typeErrors.put("channel", "来源“" + channelText + "”无法识别，请填评议表、意见箱或热线回访");
      }
      String dateText = row.get(columns.get("ratedDate"));
      String ratedAt = null;
      if (dateText.isEmpty()) {
        typeErrors.put("ratedAt", "评价日期不能为空");
      } else {
        ratedAt = isoDate(dateText);
        if (ratedAt == null) {
          typeErrors.put("ratedAt", "评价日期“" + dateText + "”无法识别，请填如 2026-03-01 的日期");
        }
      }
      String serial = row.get(columns.get("serial"));
      Integer first = serial.isEmpty() ? null : firstRowOfSerial.putIfAbsent(serial, row.number());
      if (first != null) {
        typeErrors.put("clientRef", "编号 " + serial + " 与第 " + first + " 行重复");
      }
      incoming.add(new RatingIntake.Incoming(new RatingDraft(row.get(columns.get("unitCode")), level, channel,
          row.get(columns.get("staffBadge")), row.get(columns.get("comment")), row.get(columns.get("contactName")),
          row.get(columns.get("contactPhone")), serial, ratedAt, null), typeErrors, null));
    }
    RatingIntake.AllOrNothing result = intake.submitAllOrNothing(office, incoming);
    if (result.ok()) {
      return new Report(rows.size(), result.stored(), result.skippedDuplicates(), result.badReviews(), List.of());
    }
    List<String> problems = result.problems().entrySet().stream()
        .map(e -> e.getKey() < 0 ? e.getValue().message()
            : "第 " + rows.get(e.getKey()).number() + " 行：" + inColumnOrder(e.getValue()))
        .toList();
    return new Report(rows.size(), 0, 0, 0, problems);
  }

  /** "2026/3/1", "2026.03.01", "2026年3月1日" (a time after it is ignored) as an ISO date; null when it is no date. */
  static String isoDate(String text) {
    Matcher m = DATE.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    try {
      return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).toString();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static String inColumnOrder(Refusal refusal) {
    if (refusal.fields().isEmpty()) {
      return refusal.message();
    }
    List<String> order = List.of("unitCode", "level", "ratedAt", "channel", "clientRef", "staffBadge", "comment", "contactName", "contactPhone");
    return refusal.fields().entrySet().stream()
        .sorted((a, b) -> Integer.compare(rank(order, a.getKey()), rank(order, b.getKey())))
        .map(e -> "clientRef".equals(e.getKey()) && e.getValue().startsWith("clientRef") ? "编号须为 1–64 位字母、数字或 . _ : -" : e.getValue())
        .collect(Collectors.joining("；"));
  }

  private static int rank(List<String> order, String field) {
    int i = order.indexOf(field);
    return i < 0 ? order.size() : i;
  }
}
