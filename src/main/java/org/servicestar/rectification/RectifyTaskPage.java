package org.servicestar.rectification;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.servicestar.notification.TaskPage;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Messages about a unit's 整改落实 (Task_Rectify) open the rectification's phone page, not Tasklist: a
 * unit lead reads the 企业微信 or 钉钉 message, or the mail, on a phone and does the work there. The
 * process's business key is the rectification's number ({@link OpenRectificationDelegate}).
 */
@Component
class RectifyTaskPage implements TaskPage {

  /** {@code /rectifications/{number}/rectify}, the page where a lead rectifies on a phone. */
  static String path(String number) {
    return "/rectifications/" + UriUtils.encodePathSegment(number, StandardCharsets.UTF_8) + "/rectify";
  }

  @Override
  public Optional<String> path(String processKey, String taskKey, String businessKey) {
    boolean rectify = RectificationIds.PROCESS.equals(processKey) && RectificationIds.Tasks.RECTIFY.equals(taskKey);
    return rectify && businessKey != null && !businessKey.isBlank() ? Optional.of(path(businessKey)) : Optional.empty();
  }
}
