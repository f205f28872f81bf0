package org.servicestar.notification;

import java.util.List;
import java.util.Optional;

/**
 * A feature's own page for one of its user tasks, which messages link to instead of Tasklist (a Spring
 * bean of the feature that owns the task, so that feature alone knows its URLs).
 */
public interface TaskPage {

  /**
   * The page's path under {@code servicestar.public-url} (starting with "/"), or empty to link to the
   * task in Tasklist.
   *
   * @param processKey   the task's process definition key
   * @param taskKey      the task's id in the diagram
   * @param businessKey  the process instance's business key, may be null
   */
  Optional<String> path(String processKey, String taskKey, String businessKey);

  /** The first of the features' pages for the task, or empty to link to it in Tasklist. */
  static Optional<String> first(List<TaskPage> pages, String processKey, String taskKey, String businessKey) {
    return pages.stream().map(page -> page.path(processKey, taskKey, businessKey)).flatMap(Optional::stream).findFirst();
  }
}
