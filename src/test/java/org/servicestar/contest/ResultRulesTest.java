package org.servicestar.contest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.servicestar.unit.Staff;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;

/** A contest result's rules: unit, badge in the unit's subtree, rank or points, no participant twice. */
class ResultRulesTest {

  private static final Unit DEPT = new Unit(1, "d", "局", UnitType.DEPARTMENT, null, null, true, 0);
  private static final Unit HALL = new Unit(2, "hall", "大厅", UnitType.HALL, 1L, "d", true, 0);
  private static final Unit WINDOW = new Unit(3, "w1", "一号窗口", UnitType.WINDOW, 2L, "hall", true, 0);
  private static final Unit OTHER = new Unit(4, "other", "其他大厅", UnitType.HALL, 1L, "d", true, 0);
  private static final Unit CLOSED = new Unit(5, "closed", "停用窗口", UnitType.WINDOW, 2L, "hall", false, 0);
  private static final Staff WANG = new Staff(10, 3, "w1", "一号窗口", "王小明", "1001", true, "窗口", true, 0);

  private static final ResultRules.Lookup LOOKUP = new ResultRules.Lookup() {
    private final Map<String, Unit> units = Map.of("d", DEPT, "hall", HALL, "w1", WINDOW, "other", OTHER, "closed", CLOSED);

    @Override
    public Optional<Unit> unit(String code) {
      return Optional.ofNullable(units.get(code));
    }

    @Override
    public Optional<Staff> staff(String badge) {
      return "1001".equals(badge) ? Optional.of(WANG) : Optional.empty();
    }
  };

  private static InvalidInputException.Collector errors;

  private static ResultRules.Checked check(String unit, String badge, String rank, String points, String remark, Set<String> taken) {
    errors = new InvalidInputException.Collector();
    return ResultRules.check(new ResultRules.Draft(unit, badge, rank, points, remark), LOOKUP, taken, errors);
  }

  @Test
  void aStaffMemberCompetesForTheirUnitOrAUnitAboveIt() {
    assertThat(check("", " 1001 ", "1", "", "", Set.of()))
        .isEqualTo(new ResultRules.Checked("w1", "1001", 1, null, null));
    assertThat(check("hall", "1001", "", "95.50", "代表大厅", Set.of()))
        .isEqualTo(new ResultRules.Checked("hall", "1001", null, new BigDecimal("95.50"), "代表大厅"));
    assertThat(check("d", "1001", "", "0", null, Set.of())).isNotNull();
    assertThat(check("other", "1001", "2", "", "", Set.of())).isNull();
    assertThat(errors.errors().get("staffBadge")).contains("1001", "王小明", "w1", "other");
  }

  @Test
  void aUnitCompetesWithoutABadge() {
    assertThat(check("hall", null, "3", "88", null, Set.of())).isEqualTo(new ResultRules.Checked("hall", null, 3, new BigDecimal("88"), null));
  }

  @Test
  void everyProblemIsNamedInChinese() {
    assertThat(check("", "", "0", "100.5", "备注\u0000", Set.of())).isNull();
    assertThat(errors.errors()).containsOnlyKeys("unitCode", "rank", "points", "remark");
    assertThat(errors.errors().get("rank")).contains("不小于 1");
    assertThat(errors.errors().get("points")).contains("0–100");

    assertThat(check("nowhere", "9999", "", "", "长".repeat(501), Set.of())).isNull();
    assertThat(errors.errors()).containsOnlyKeys("unitCode", "staffBadge", "result", "remark");
    assertThat(errors.errors().get("result")).isEqualTo("请填写名次或得分（至少一项）");

    assertThat(check("closed", null, "1", "", "", Set.of())).isNull();
    assertThat(errors.errors().get("unitCode")).contains("已停用");
    assertThat(check("w1", null, "1", "95.555", "", Set.of())).isNull();
    assertThat(check("w1", null, "1.5", "", "", Set.of())).isNull();
  }

  @Test
  void noParticipantTwiceInOneContest() {
    Set<String> taken = new HashSet<>(List.of("staff:1001", "unit:hall"));
    assertThat(check("hall", "1001", "1", "", "", taken)).isNull();
    assertThat(errors.errors().get("staffBadge")).contains("已在本次比赛中有成绩");
    assertThat(check("hall", "", "1", "", "", taken)).isNull();
    assertThat(errors.errors().get("unitCode")).contains("hall");
    assertThat(check("w1", "", "1", "", "", taken)).as("a window besides its hall's entry").isNotNull();
  }

  @Test
  void theKindIsReadInEnglishOrChinese() {
    assertThat(ContestKind.parse("skill")).isEqualTo(ContestKind.SKILL);
    assertThat(ContestKind.parse(" 服务擂台 ")).isEqualTo(ContestKind.SERVICE);
    assertThat(ContestKind.parse("比武")).isNull();
  }
}
