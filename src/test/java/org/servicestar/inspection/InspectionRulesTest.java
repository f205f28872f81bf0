package org.servicestar.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.servicestar.rectification.RectificationSource;
import org.servicestar.veto.VetoSourceType;

/** The small rules of inspections, by hand. */
class InspectionRulesTest {

  @Test
  void theDefaultSheetCoversLookListenCheckVisitAndSumsToAHundred() {
    assertThat(InspectionSheet.total(InspectionSheet.DEFAULT)).isEqualByComparingTo("100");
    assertThat(InspectionSheet.DEFAULT).extracting(SheetItem::dimension).contains(Dimension.values());
    assertThat(InspectionSheet.DEFAULT).extracting(SheetItem::label).containsExactly(
        "工作纪律", "服务态度", "环境卫生", "办事情况", "业务讲解", "档案资料", "工作台账", "群众座谈走访", "满意度问卷");
  }

  @Test
  void theScoreIsScaledToAHundredWithTwoDecimals() {
    assertThat(Inspections.percent(new BigDecimal("91.5"), new BigDecimal("100"))).isEqualByComparingTo("91.50");
    assertThat(Inspections.percent(new BigDecimal("50"), new BigDecimal("60"))).isEqualTo(new BigDecimal("83.33"));
    assertThat(Inspections.percent(new BigDecimal("2"), new BigDecimal("3"))).isEqualTo(new BigDecimal("66.67"));
    assertThat(Inspections.percent(BigDecimal.ZERO, BigDecimal.ZERO)).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void aFindingIsNamedByItsInspectionAndPositionAndItsPageIsTheInspections() {
    String sourceId = InspectionFinding.sourceId("JC-2026-000003", 2);
    assertThat(sourceId).isEqualTo("JC-2026-000003/2");
    assertThat(RectificationSource.INSPECTION.pageOf(sourceId)).isEqualTo("/inspections/JC-2026-000003/2");
    assertThat(VetoSourceType.INSPECTION.pageOf(sourceId)).isEqualTo("/inspections/JC-2026-000003/2");
  }
}
