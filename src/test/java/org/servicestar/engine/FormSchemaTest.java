package org.servicestar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What a person may submit through a form, read from the shipped forms themselves. */
class FormSchemaTest {

  private static FormSchema form(String name) throws IOException {
    return FormSchema.parse(Files.readString(Path.of("forms", name + ".form")));
  }

  @Test
  void theFormsFieldsWithTheirTypesAreAcceptedAndNothingElse() throws IOException {
    FormSchema rectify = form("rectification-rectify");
    Map<String, Object> answer = new HashMap<>(Map.of("extensionRequested", false, "rectificationCause", "原因",
        "rectificationMeasures", "措施", "rectificationCompletedOn", "2026-12-01"));
    assertThat(rectify.problems(answer, v -> null)).isEmpty();

    answer.putAll(Map.of("unitCode", "tax-w01", "returnCount", -5, "rectificationCause", 7));
    Map<String, String> problems = rectify.problems(answer, v -> null);
    assertThat(problems).containsOnlyKeys("unitCode", "returnCount", "rectificationCause");
    assertThat(problems.get("unitCode")).contains("不是本任务表单中的字段");
    assertThat(problems.get("rectificationCause")).contains("应为文字");
  }

  @Test
  void requiredFieldsAreNamedAllAtOnceUnlessTheyHaveAValueOrAreBehindACondition() throws IOException {
    assertThat(form("campaign-submit-plan").problems(Map.of("planText", "计划"), v -> null))
        .containsOnlyKeys("selfInspection", "goodPractice", "problems");
    // A returned plan keeps what was filled in before.
    assertThat(form("campaign-submit-plan").problems(Map.of(), v -> "填过的")).isEmpty();
    // Every input of 整改落实 is shown only for one answer (an extension or not): its listener checks them.
    assertThat(form("rectification-rectify").problems(Map.of(), v -> null)).isEmpty();
  }

  @Test
  void readOnlyFieldsPassOnlyWithTheValueTheyShow() throws IOException {
    FormSchema reply = form("complaint-reply");
    Map<String, Object> shown = Map.of("unitName", "税务窗口", "content", "排队", "findings", "不属实");
    assertThat(reply.problems(Map.of("unitName", "税务窗口", "reply", "已答复"), shown::get)).isEmpty();
    assertThat(reply.problems(Map.of("unitName", "别的单位", "reply", "已答复"), shown::get))
        .containsOnlyKeys("unitName").extractingByKey("unitName").asString().contains("只读");
  }

  @Test
  void choicesTakeTheirOptionsAndYesNoGroupsABooleanToo() throws IOException {
    FormSchema verify = form("complaint-verify");
    Map<String, Object> base = Map.of("findings", "属实", "substantiated", true);
    assertThat(verify.problems(base, v -> null)).isEmpty();
    Map<String, Object> wrong = new HashMap<>(base);
    wrong.put("severity", "EXTREME");
    wrong.put("substantiated", "maybe");
    assertThat(verify.problems(wrong, v -> null)).containsOnlyKeys("severity", "substantiated");
  }

  @Test
  void textLimitsCountCharactersNotUtf16Units() throws IOException {
    FormSchema plan = form("campaign-submit-plan");
    int max = plan.fields().get("planText").maxLength();
    String rare = "𪚥".repeat(max);
    Map<String, Object> answer = new HashMap<>(Map.of("selfInspection", "a", "goodPractice", "b", "problems", "c", "planText", rare));
    assertThat(plan.problems(answer, v -> null)).isEmpty();
    answer.put("planText", rare + "𪚥");
    assertThat(plan.problems(answer, v -> null).get("planText")).contains("现有 " + (max + 1) + " 字");
  }

  @Test
  void aBallotKeepsItsRowsAndTheirReadOnlyCellsAndIds() throws IOException {
    FormSchema ballot = form("award-approve");
    List<Map<String, Object>> shown = List.of(
        new HashMap<>(Map.of("id", 11, "subjectName", "税务窗口（tax-w01）", "categoryLabel", "窗口")),
        new HashMap<>(Map.of("id", 12, "subjectName", "社保窗口（hrss-w01）", "categoryLabel", "窗口")));
    Map<String, Object> current = Map.of("ballot", FormRows.json(shown));
    List<Map<String, Object>> voted = List.of(
        Map.of("id", 11, "subjectName", "税务窗口（tax-w01）", "vote", "APPROVE"),
        Map.of("subjectName", "社保窗口（hrss-w01）", "vote", "REJECT", "comment", "有投诉"));
    assertThat(ballot.problems(Map.of("ballot", voted), current::get)).isEmpty();

    assertThat(ballot.problems(Map.of("ballot", voted.subList(0, 1)), current::get)).containsOnlyKeys("ballot");
    List<Map<String, Object>> tampered = List.of(
        Map.of("id", 12, "subjectName", "税务窗口（tax-w01）", "vote", "APPROVE"),
        Map.of("subjectName", "改名", "vote", "MAYBE"));
    assertThat(ballot.problems(Map.of("ballot", tampered), current::get))
        .containsOnlyKeys("ballot[0].id", "ballot[1].subjectName", "ballot[1].vote");
  }
}
