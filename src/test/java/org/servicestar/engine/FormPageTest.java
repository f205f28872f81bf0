package org.servicestar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.servicestar.engine.FormPage.Condition;
import org.servicestar.engine.FormPage.Input;
import org.servicestar.engine.FormPage.Type;

/** The app's rendering of a deployed form: what it shows, hides and checks, as the form (not the code) says. */
class FormPageTest {

  private static final LocalDate TODAY = LocalDate.of(2055, 3, 10);

  @Test
  void theRectifyFormIsShownWithItsLabelsRulesAndTheExtensionSwitch() throws IOException {
    FormPage form = FormPage.parse(rectifyForm());
    assertThat(form.unsupported()).isEmpty();
    assertThat(form.inputs()).extracting(Input::key).containsExactly("extensionRequested", "rectificationCause",
        "rectificationMeasures", "rectificationCompletedOn", "evidenceNote", "extensionReason", "requestedDueDate");
    Input cause = input(form, "rectificationCause");
    assertThat(cause).extracting(Input::type, Input::label, Input::required, Input::maxLength, Input::hide)
        .containsExactly(Type.TEXTAREA, "问题原因", true, 2000, new Condition("extensionRequested", true));
    assertThat(input(form, "rectificationCompletedOn")).extracting(Input::type, Input::label).containsExactly(Type.DATE, "整改完成日期");
    assertThat(input(form, "requestedDueDate")).extracting(Input::noPastDates, Input::hide)
        .containsExactly(true, new Condition("extensionRequested", false));
    assertThat(input(form, "evidenceNote").description()).contains("证明什么");
  }

  @Test
  void anAdministratorsChangeInModelerIsFollowed() throws IOException {
    String changed = rectifyForm().replace("\"label\": \"问题原因\"", "\"label\": \"原因分析\"")
        .replace("\"maxLength\": 2000", "\"maxLength\": 20");
    FormPage form = FormPage.parse(changed);
    assertThat(input(form, "rectificationCause").label()).isEqualTo("原因分析");
    FormPage.Reading reading = form.read(posted("rectificationCause", "长".repeat(21), "rectificationMeasures", "措".repeat(20),
        "rectificationCompletedOn", "2055-03-09"), Set.of(), TODAY);
    assertThat(reading.problems()).containsExactly(Map.entry("rectificationCause", "原因分析：最长 20 字，现有 21 字"));
  }

  @Test
  void aHiddenFieldIsNotSentAndAnUnknownOneIsPassedOnForTheEngineToRefuse() throws IOException {
    FormPage form = FormPage.parse(rectifyForm());
    FormPage.Reading reading = form.read(posted("extensionRequested", "true", "extensionReason", "设备采购", "requestedDueDate",
        "2055-04-01", "rectificationCause", "隐藏了", "_csrf", "token", "returnCount", "0"), Set.of("_csrf"), TODAY);
    assertThat(reading.problems()).isEmpty();
    assertThat(reading.answers()).containsOnlyKeys("extensionRequested", "extensionReason", "requestedDueDate", "returnCount")
        .containsEntry("extensionRequested", true);
    assertThat(reading.entered()).containsEntry("rectificationCause", "隐藏了");

    FormPage.Reading rectified = form.read(posted("rectificationCause", "c", "rectificationMeasures", "m", "rectificationCompletedOn",
        "2055-03-01"), Set.of(), TODAY);
    assertThat(rectified.problems()).isEmpty();
    assertThat(rectified.answers()).containsOnlyKeys("extensionRequested", "rectificationCause", "rectificationMeasures",
        "rectificationCompletedOn", "evidenceNote").containsEntry("extensionRequested", false).containsEntry("evidenceNote", "");
  }

  @Test
  void requiredDatesAndPassedDatesAreCheckedOnTheShownFieldsOnly() throws IOException {
    FormPage form = FormPage.parse(rectifyForm());
    assertThat(form.read(posted("extensionRequested", "on", "requestedDueDate", "2055-03-09"), Set.of(), TODAY).problems())
        .containsExactly(Map.entry("extensionReason", "延期理由：必须填写"), Map.entry("requestedDueDate", "申请延期至：不能早于今天（2055-03-10）"));
    assertThat(form.read(posted("rectificationCompletedOn", "10.03.2055"), Set.of(), TODAY).problems())
        .containsOnlyKeys("rectificationCause", "rectificationMeasures", "rectificationCompletedOn")
        .containsEntry("rectificationCompletedOn", "整改完成日期：应为日期（如 2026-03-20）");
  }

  @Test
  void conditionsBeyondACheckboxAndInputsThePageCannotShowSendPeopleToTasklist() {
    assertThat(FormPage.condition("=not(extensionRequested)")).isEqualTo(new Condition("extensionRequested", false));
    assertThat(FormPage.condition("= flag = false")).isEqualTo(new Condition("flag", false));
    assertThat(FormPage.condition("=flag != false")).isEqualTo(new Condition("flag", true));
    assertThat(FormPage.condition("=returnCount > 0")).isNull();
    assertThat(FormPage.condition("=not(flag")).isNull();
    FormPage form = FormPage.parse("""
        {"components": [
          {"type": "text", "text": "说明"},
          {"type": "select", "key": "outcome", "label": "结论", "values": []},
          {"type": "textfield", "key": "note", "label": "备注", "conditional": {"hide": "=outcome = \\"A\\""}},
          {"type": "textfield", "key": "shownByText", "label": "附注", "conditional": {"hide": "=note"}}
        ]}""");
    assertThat(form.unsupported()).hasSize(3).anySatisfy(u -> assertThat(u).contains("结论"))
        .anySatisfy(u -> assertThat(u).contains("备注")).anySatisfy(u -> assertThat(u).contains("附注"));
  }

  private static Input input(FormPage form, String key) {
    return form.inputs().stream().filter(i -> i.key().equals(key)).findFirst().orElseThrow();
  }

  private static Map<String, String[]> posted(String... pairs) {
    Map<String, String[]> posted = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      posted.put(pairs[i], new String[] {pairs[i + 1]});
    }
    return posted;
  }

  private static String rectifyForm() throws IOException {
    return Files.readString(Path.of("forms", "rectification-rectify.form"));
  }
}
