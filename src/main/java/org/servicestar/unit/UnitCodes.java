package org.servicestar.unit;

import java.util.regex.Pattern;

/** The rule for unit codes: they become group ids (unit-{code}), URLs (/rate/{code}) and QR codes. */
public final class UnitCodes {

  /** Camunda group ids hold 64 characters; "unit-" takes five. */
  public static final int MAX_LENGTH = 48;
  private static final Pattern PATTERN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private UnitCodes() {
  }

  /** Null when the code is valid, otherwise the reason in Chinese. */
  public static String problemWith(String code) {
    if (code == null || code.isBlank()) {
      return "单位编码不能为空";
    }
    if (code.length() > MAX_LENGTH) {
      return "单位编码最长 " + MAX_LENGTH + " 个字符";
    }
    if (!PATTERN.matcher(code).matches()) {
      return "单位编码只能包含小写字母、数字和连字符“-”，且不能以“-”开头或结尾、不能连续使用“-”（如 tax-hall）";
    }
    return null;
  }
}
