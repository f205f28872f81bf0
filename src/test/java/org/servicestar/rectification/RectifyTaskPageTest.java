package org.servicestar.rectification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A lead opens 整改落实 from a message on a phone: the rectification's own page, not Tasklist. */
class RectifyTaskPageTest {

  private final RectifyTaskPage page = new RectifyTaskPage();

  @Test
  void theRectifyTaskOpensTheRectificationsPhonePage() {
    assertThat(page.path(RectificationIds.PROCESS, RectificationIds.Tasks.RECTIFY, "ZG-2026-000007"))
        .contains("/rectifications/ZG-2026-000007/rectify");
  }

  @Test
  void everyOtherTaskStaysInTasklist() {
    assertThat(page.path(RectificationIds.PROCESS, RectificationIds.Tasks.ACCEPT, "ZG-2026-000007")).isEmpty();
    assertThat(page.path("ComplaintHandling", RectificationIds.Tasks.RECTIFY, "TS-2026-000001")).isEmpty();
    assertThat(page.path(RectificationIds.PROCESS, RectificationIds.Tasks.RECTIFY, null)).as("no number yet").isEmpty();
  }
}
