package org.servicestar.web;

import java.util.List;

/**
 * One page of a long list (a province's 20 000 windows): {@code page} of {@code pages}, {@code total}
 * items in all. A page number outside the range shows the nearest page, so every item is a click away
 * and an old link never fails.
 */
public record PageOf<T>(List<T> rows, int page, int pages, int total) {

  public static <T> PageOf<T> of(List<T> all, int page, int size) {
    int shown = shown(page, all.size(), size);
    return new PageOf<>(all.subList((shown - 1) * size, Math.min(all.size(), shown * size)), shown, pages(all.size(), size), all.size());
  }

  /** How many pages {@code total} items make (one, when there are none). */
  public static int pages(int total, int size) {
    return Math.max(1, (total + size - 1) / size);
  }

  /** The page shown when {@code page} is asked for: the nearest one that exists. */
  public static int shown(int page, int total, int size) {
    return Math.min(Math.max(page, 1), pages(total, size));
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public boolean hasPrevious() {
    return page > 1;
  }

  public boolean hasNext() {
    return page < pages;
  }
}
