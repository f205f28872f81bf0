package org.servicestar.inspection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.servicestar.audit.AuditTrail;
import org.servicestar.campaign.Campaign;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The 看听查访 score sheet of a campaign: the office's configuration in inspection_sheet_item, or the
 * built-in default while the campaign has none. An inspection copies the sheet when it starts, so a
 * change here never touches inspections already started.
 */
@Service
class InspectionSheet {

  /** One row as the office typed it on the sheet page. */
  record Row(String dimension, String label, String maxScore) {

    boolean blank() {
      return isBlank(dimension) && isBlank(label) && isBlank(maxScore);
    }
  }

  static final int MAX_LABEL = 200;
  static final int MAX_ITEMS = 60;
  private static final BigDecimal MAX_POINTS = new BigDecimal("9999.99");

  /** DOMAIN.md §4.1: look, listen, check, visit; the maxima sum to 100. */
  static final List<SheetItem> DEFAULT = List.of(
      new SheetItem(1, Dimension.LOOK, "工作纪律", new BigDecimal("15")),
      new SheetItem(2, Dimension.LOOK, "服务态度", new BigDecimal("15")),
      new SheetItem(3, Dimension.LOOK, "环境卫生", new BigDecimal("10")),
      new SheetItem(4, Dimension.LOOK, "办事情况", new BigDecimal("15")),
      new SheetItem(5, Dimension.LISTEN, "业务讲解", new BigDecimal("10")),
      new SheetItem(6, Dimension.CHECK, "档案资料", new BigDecimal("10")),
      new SheetItem(7, Dimension.CHECK, "工作台账", new BigDecimal("10")),
      new SheetItem(8, Dimension.VISIT, "群众座谈走访", new BigDecimal("5")),
      new SheetItem(9, Dimension.VISIT, "满意度问卷", new BigDecimal("10")));

  private final JdbcClient jdbc;
  private final AuditTrail audit;

  InspectionSheet(JdbcClient jdbc, AuditTrail audit) {
    this.jdbc = jdbc;
    this.audit = audit;
  }

  /** The sheet inspections of this campaign start with. */
  List<SheetItem> of(int campaignYear) {
    List<SheetItem> configured = configured(campaignYear);
    return configured.isEmpty() ? DEFAULT : configured;
  }

  boolean isDefault(int campaignYear) {
    return configured(campaignYear).isEmpty();
  }

  private List<SheetItem> configured(int campaignYear) {
    return jdbc.sql("select position, dimension, label, max_score from inspection_sheet_item where campaign_year = ? order by position")
        .param(campaignYear)
        .query((rs, n) -> new SheetItem(rs.getInt(1), Dimension.valueOf(rs.getString(2)), rs.getString(3), rs.getBigDecimal(4)))
        .list();
  }

  /**
   * Replaces the campaign's sheet with these rows (blank rows left out), all or nothing. Errors are
   * keyed {@code row{n}} (n counting from 1 as the page shows them) or {@code rows}.
   */
  @Transactional
  List<SheetItem> replace(int campaignYear, List<Row> rows) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    List<SheetItem> items = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.blank()) {
        continue;
      }
      String field = "row" + (i + 1);
      List<String> problems = new ArrayList<>();
      Dimension dimension = Dimension.parse(row.dimension());
      if (dimension == null) {
        problems.add("请选择类别（看、听、查、访）");
      }
      String label = isBlank(row.label()) ? null : row.label().strip();
      if (label == null) {
        problems.add("请填写检查项目");
      } else if (!TextLimits.fits(label, MAX_LABEL)) {
        problems.add(TextLimits.tooLong("检查项目", MAX_LABEL, label));
      } else if (!labels.add(label)) {
        problems.add("检查项目“" + label + "”重复了");
      }
      BigDecimal max = null;
      try {
        max = isBlank(row.maxScore()) ? null : new BigDecimal(row.maxScore().strip());
      } catch (NumberFormatException e) {
        problems.add("满分须为数字");
      }
      if (max == null && problems.stream().noneMatch(p -> p.startsWith("满分"))) {
        problems.add("请填写满分");
      } else if (max != null && (max.signum() <= 0 || max.compareTo(MAX_POINTS) > 0)) {
        problems.add("满分须大于 0、不超过 9999.99");
      } else if (max != null && max.stripTrailingZeros().scale() > 2) {
        problems.add("满分最多保留两位小数");
      }
      if (problems.isEmpty()) {
        items.add(new SheetItem(items.size() + 1, dimension, label, max));
      } else {
        errors.add(field, String.join("；", problems));
      }
    }
    if (errors.isEmpty() && items.isEmpty()) {
      errors.add("rows", "评分表至少要有一项；要恢复默认评分表请用“恢复默认”");
    }
    errors.check(items.size() <= MAX_ITEMS, "rows", "评分表最多 " + MAX_ITEMS + " 项");
    errors.throwIfAny();
    jdbc.sql("delete from inspection_sheet_item where campaign_year = ?").param(campaignYear).update();
    for (SheetItem item : items) {
      jdbc.sql("insert into inspection_sheet_item (campaign_year, position, dimension, label, max_score) values (?, ?, ?, ?, ?)")
          .params(campaignYear, item.position(), item.dimension().name(), item.label(), item.maxScore()).update();
    }
    audit.record("INSPECTION_SHEET_CHANGED", Campaign.codeOf(campaignYear), describe(items));
    return items;
  }

  /** Back to the built-in default sheet. */
  @Transactional
  void reset(int campaignYear) {
    int removed = jdbc.sql("delete from inspection_sheet_item where campaign_year = ?").param(campaignYear).update();
    if (removed > 0) {
      audit.record("INSPECTION_SHEET_RESET", Campaign.codeOf(campaignYear), "恢复默认评分表：" + describe(DEFAULT));
    }
  }

  static BigDecimal total(List<SheetItem> items) {
    return items.stream().map(SheetItem::maxScore).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static String describe(List<SheetItem> items) {
    return items.stream()
        .map(i -> i.dimension().label() + "·" + i.label() + " " + i.maxScore().stripTrailingZeros().toPlainString())
        .collect(Collectors.joining("，")) + "（合计 " + total(items).stripTrailingZeros().toPlainString() + "）";
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
