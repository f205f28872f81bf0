package org.servicestar.web;

/**
 * How long a text is, for every limit on what people write: in characters as a reader counts them
 * (Unicode code points), not in Java's UTF-16 units. An emoji or a rare character of a name (𪚥,
 * CJK Extension B) counts one, not two; so a name in rare characters reaches its limit at its full
 * length, and a message says "现有 16384 字" for 16 384 emoji. PostgreSQL's {@code varchar(n)} counts
 * the same way, so a text at its limit is stored (H2 counts UTF-16 units, see H2TextColumns).
 */
public final class TextLimits {

  private TextLimits() {
  }

  /** The number of characters (code points) of {@code text}; 0 for null. */
  public static int length(String text) {
    return text == null ? 0 : text.codePointCount(0, text.length());
  }

  /** Whether {@code text} has at most {@code max} characters (null fits). */
  public static boolean fits(String text, int max) {
    // A text of at most max UTF-16 units has at most max characters: no need to count.
    return text == null || text.length() <= max || length(text) <= max;
  }

  /** "{label}最长 {max} 字，现有 {n} 字": the message for a text over its limit. */
  public static String tooLong(String label, int max, String text) {
    return label + "最长 " + max + " 字，现有 " + length(text) + " 字";
  }

  /** At most the first {@code max} characters of {@code text}, never half a character. */
  public static String cut(String text, int max) {
    return fits(text, max) ? text : text.substring(0, text.offsetByCodePoints(0, max));
  }
}
