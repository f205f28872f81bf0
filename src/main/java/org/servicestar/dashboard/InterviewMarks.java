package org.servicestar.dashboard;

import java.util.Map;

/**
 * The talks' cases (约谈, owned by the interview feature, which implements this) as the satisfaction
 * page marks them: the page links a flagged window to its case and shows the case's state.
 */
public interface InterviewMarks {

  /** A case: its number, its state in Chinese, and whether it is finished (the follow-up month checked). */
  record Mark(String number, String state, boolean finished) {
  }

  /** The cases of windows flagged in {@code year}, by {@link #key(String, int)}. */
  Map<String, Mark> ofYear(int year);

  static String key(String unitCode, int month) {
    return unitCode + "@" + month;
  }
}
