package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.Test;
import org.servicestar.engine.TaskAnswers;

/** Limits count characters (code points): an emoji or a CJK Extension B character is one, not two. */
class TextLimitsTest {

  static final String EMOJI = "😀";
  /** CJK Extension B, outside the BMP: two UTF-16 units each. */
  static final String RARE = "𪚥";

  @Test
  void countsCodePointsNotUtf16Units() {
    String emoji = EMOJI.repeat(16_384);
    assertThat(emoji.length()).isEqualTo(32_768);
    assertThat(TextLimits.length(emoji)).isEqualTo(16_384);
    assertThat(TextLimits.length("张" + RARE + "a")).isEqualTo(3);
    assertThat(TextLimits.length(null)).isZero();
    assertThat(TextLimits.tooLong("意见", 500, emoji)).isEqualTo("意见最长 500 字，现有 16384 字");
  }

  @Test
  void aTextAtItsLimitFitsAndOneMoreDoesNot() {
    assertThat(TextLimits.fits(RARE.repeat(50), 50)).isTrue();
    assertThat(TextLimits.fits(RARE.repeat(51), 50)).isFalse();
    assertThat(TextLimits.fits(EMOJI.repeat(16_384), 16_384)).isTrue();
    assertThat(TextLimits.fits(EMOJI.repeat(16_384), 16_383)).isFalse();
    assertThat(TextLimits.fits("长".repeat(50), 50)).isTrue();
    assertThat(TextLimits.fits("长".repeat(51), 50)).isFalse();
    assertThat(TextLimits.fits(null, 0)).isTrue();
  }

  @Test
  void cuttingNeverSplitsACharacter() {
    assertThat(TextLimits.cut(RARE.repeat(10), 3)).isEqualTo(RARE.repeat(3));
    assertThat(TextLimits.cut("a" + EMOJI + "b", 2)).isEqualTo("a" + EMOJI);
    assertThat(TextLimits.cut("short", 64)).isEqualTo("short");
  }

  /** engine.TaskAnswers, which every Tasklist form's text goes through, uses the same count. */
  @Test
  void taskAnswersAcceptATextAtItsLimitInRareCharactersAndStateTheCountAbove() {
    VariableScope atLimit = scope(RARE.repeat(2000));
    assertThat(TaskAnswers.optional(atLimit, "reply", "答复", 2000)).isEqualTo(RARE.repeat(2000));
    VariableScope over = scope(EMOJI.repeat(2001));
    assertThatThrownBy(() -> TaskAnswers.required(over, "reply", "答复", 2000))
        .isInstanceOf(TaskAnswers.Refused.class).hasMessage("答复（最长 2000 字，现有 2001 字）");
  }

  private static VariableScope scope(String reply) {
    VariableScope scope = mock(VariableScope.class);
    when(scope.getVariable("reply")).thenReturn(reply);
    return scope;
  }
}
