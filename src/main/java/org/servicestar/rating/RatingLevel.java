package org.servicestar.rating;

import java.util.List;
import java.util.Optional;

/**
 * The five levels of the national "good/bad review" rules (DOMAIN.md §5): 5 非常满意 … 1 非常不满意;
 * levels 1–2 are a bad review (差评).
 */
public final class RatingLevel {

  public static final int MIN = 1;
  public static final int MAX = 5;

  /** A level and its words, highest first, as the rating page shows them. */
  public record Choice(int level, String label) {
  }

  private static final String[] LABELS = {null, "非常不满意", "不满意", "基本满意", "满意", "非常满意"};

  private RatingLevel() {
  }

  public static boolean valid(int level) {
    return level >= MIN && level <= MAX;
  }

  public static String label(int level) {
    return valid(level) ? LABELS[level] : "";
  }

  /** Levels 1 and 2: the rating starts ComplaintHandling. */
  public static boolean isBad(int level) {
    return level == 1 || level == 2;
  }

  /** Satisfied in the broad sense (基本满意 and better). */
  public static boolean isAtLeastBasicallySatisfied(int level) {
    return level >= 3;
  }

  public static List<Choice> choices() {
    return List.of(new Choice(5, LABELS[5]), new Choice(4, LABELS[4]), new Choice(3, LABELS[3]),
        new Choice(2, LABELS[2]), new Choice(1, LABELS[1]));
  }

  /** "5" or "非常满意" (as typed in a spreadsheet); empty when it is neither. */
  static Optional<Integer> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    for (int level = MIN; level <= MAX; level++) {
      if (t.equals(Integer.toString(level)) || t.equals(LABELS[level])) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }
}
