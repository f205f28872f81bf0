package org.servicestar.commitment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.junit.jupiter.api.Test;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;

/** The commitment texts' rules, the listener's reading of task variables, and the public page's grouping. */
class CommitmentRulesTest {

  private static Map<CommitmentKind, String> allSeven() {
    Map<CommitmentKind, String> texts = new EnumMap<>(CommitmentKind.class);
    for (CommitmentKind kind : CommitmentKind.values()) {
      texts.put(kind, kind.label() + "的承诺");
    }
    return texts;
  }

  @Test
  void textsAreTrimmedAndKeepTheirLineBreaks() {
    Map<CommitmentKind, String> texts = allSeven();
    texts.put(CommitmentKind.GOAL_IMAGE, "  一、着装统一\r\n二、\t微笑服务  ");
    texts.put(CommitmentKind.SHOW_DUTIES, "职".repeat(Commitments.MAX_TEXT));
    Map<CommitmentKind, String> checked = Commitments.checkTexts(texts);
    assertThat(checked).hasSize(7);
    assertThat(checked.get(CommitmentKind.GOAL_IMAGE)).isEqualTo("一、着装统一\n二、\t微笑服务");
  }

  @Test
  void everyBadTextIsNamedByItsFieldAndLabel() {
    Map<CommitmentKind, String> texts = allSeven();
    texts.remove(CommitmentKind.GOAL_EFFICIENCY);
    texts.put(CommitmentKind.GOAL_CONDUCT, " \n ");
    texts.put(CommitmentKind.SHOW_IDENTITY, "长".repeat(Commitments.MAX_TEXT + 1));
    texts.put(CommitmentKind.SHOW_STANDARDS, "响铃\u0007一次");
    assertThatThrownBy(() -> Commitments.checkTexts(texts))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.fieldErrors()).containsOnlyKeys("goalEfficiency", "goalConduct", "showIdentity", "showStandards");
          assertThat(e.fieldErrors().get("goalEfficiency")).isEqualTo("请填写“效能提速”");
          assertThat(e.fieldErrors().get("showIdentity")).contains("亮身份", "2000", "2001");
          assertThat(e.fieldErrors().get("showStandards")).contains("亮标准", "控制字符");
        });
  }

  @Test
  void theListenerPublishesTheTaskVariables() {
    Commitments commitments = mock(Commitments.class);
    DelegateTask task = task(Map.of("campaignYear", 2090, "unitCode", "w1"));
    when(task.getAssignee()).thenReturn("lead-w1");
    new PublishCommitmentsListener(commitments).notify(task);
    verify(commitments).publish(eq(2090), eq("w1"),
        argThat(m -> m.size() == 7 && m.get(CommitmentKind.SHOW_DUTIES).equals("亮职责的承诺")),
        eq("lead-w1"));
  }

  @Test
  void theListenerRefusesBadVariablesInTheFormsOrderAndStoresNothing() {
    Commitments commitments = mock(Commitments.class);
    DelegateTask task = task(Map.of("campaignYear", "2090", "goalImage", "", "showStandards", 42));
    assertThatThrownBy(() -> new PublishCommitmentsListener(commitments).notify(task))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageStartingWith("服务承诺未公开：年度（campaignYear）缺失或不是整数；单位编码（unitCode）缺失；请填写“形象提升”")
        .hasMessageContaining("“亮标准”须为文字");
    verify(commitments, never()).publish(anyInt(), anyString(), any(), anyString());
  }

  /** A task whose variables are the given ones plus every text not named there. */
  private static DelegateTask task(Map<String, Object> variables) {
    DelegateTask task = mock(DelegateTask.class);
    for (CommitmentKind kind : CommitmentKind.values()) {
      when(task.getVariable(kind.variable())).thenReturn(kind.label() + "的承诺");
    }
    variables.forEach((name, value) -> when(task.getVariable(name)).thenReturn(value));
    return task;
  }

  @Test
  void thePublicPageGroupsUnitsUnderTheirDepartmentAndFilters() {
    Unit dept = unit(1, "d", "税务局", UnitType.DEPARTMENT, null, true);
    Unit hall = unit(2, "d-hall", "办税大厅", UnitType.HALL, dept, true);
    Unit window = unit(3, "d-w1", "一号窗口", UnitType.WINDOW, hall, true);
    Unit closed = unit(4, "d-w2", "二号窗口", UnitType.WINDOW, hall, false);
    Unit quiet = unit(5, "q", "没有承诺的局", UnitType.DEPARTMENT, null, true);
    Map<String, List<Commitment>> byUnit = Map.of(
        "d-w1", List.of(text("d-w1")), "d-hall", List.of(text("d-hall")), "d-w2", List.of(text("d-w2")));
    List<Unit> all = List.of(window, closed, quiet, hall, dept);

    List<CommitmentsPageController.Department> groups = CommitmentsPageController.group(all, byUnit, "");
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).department().code()).isEqualTo("d");
    assertThat(groups.get(0).entries()).extracting(e -> e.unit().code()).containsExactly("d-hall", "d-w1");
    assertThat(groups.get(0).entries().get(1).path()).isEqualTo("办税大厅");
    assertThat(groups.get(0).entries().get(1).depth()).isEqualTo(2);

    assertThat(CommitmentsPageController.group(all, byUnit, "一号")).singleElement()
        .satisfies(d -> assertThat(d.entries()).extracting(e -> e.unit().code()).containsExactly("d-w1"));
    assertThat(CommitmentsPageController.group(all, byUnit, "D-HALL")).singleElement()
        .satisfies(d -> assertThat(d.entries()).extracting(e -> e.unit().code()).containsExactly("d-hall"));
    assertThat(CommitmentsPageController.group(all, byUnit, "没有")).isEmpty();
  }

  private static Unit unit(long id, String code, String name, UnitType type, Unit parent, boolean active) {
    return new Unit(id, code, name, type, parent == null ? null : parent.id(), parent == null ? null : parent.code(), active, 0);
  }

  private static Commitment text(String unitCode) {
    return new Commitment(2090, unitCode, CommitmentKind.GOAL_IMAGE, "承诺", LocalDateTime.of(2090, 4, 1, 9, 0), "lead");
  }
}
