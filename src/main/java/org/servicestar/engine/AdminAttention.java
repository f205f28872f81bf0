package org.servicestar.engine;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Something a feature needs administrators to see and act on, shown at the top of {@code /admin} and
 * {@code /admin/diagrams}: a heading, a sentence, and a table. The feature owns the
 * rule and the words and implements this as a bean; the engine's pages only show what they are given
 * (the features depend on the engine, not the other way round).
 */
public interface AdminAttention {

  /** What to show; {@code rows} hold plain text cells in the order of {@code columns}. */
  record Notice(String heading, String summary, List<String> columns, List<List<String>> rows) {
  }

  /** Empty when all is well. */
  Optional<Notice> notice();

  /** Every feature's notice that has something to show, in the beans' order. */
  static List<Notice> all(ObjectProvider<AdminAttention> features) {
    return features.orderedStream().map(AdminAttention::notice).flatMap(Optional::stream).toList();
  }
}
