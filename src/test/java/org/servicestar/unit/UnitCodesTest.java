package org.servicestar.unit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitCodesTest {

  @ParameterizedTest
  @ValueSource(strings = {"tax-hall", "tax", "w01", "pso-w06", "a", "12345"})
  void acceptsLowercaseLettersDigitsAndSingleDashes(String code) {
    assertThat(UnitCodes.problemWith(code)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Tax-hall", "tax_hall", "tax hall", "-tax", "tax-", "tax--hall", "税务", "tax/hall",
      "a234567890123456789012345678901234567890123456789"})
  void refusesEverythingElseWithAReason(String code) {
    assertThat(UnitCodes.problemWith(code)).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"WINDOW", "window", "窗口", " 窗口 "})
  void typesAreReadInEnglishOrChinese(String text) {
    assertThat(UnitType.parse(text)).isEqualTo(UnitType.WINDOW);
  }
}
