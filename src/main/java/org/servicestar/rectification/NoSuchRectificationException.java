package org.servicestar.rectification;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No rectification with that number: the page answers 404. */
@ResponseStatus(HttpStatus.NOT_FOUND)
class NoSuchRectificationException extends RuntimeException {

  NoSuchRectificationException(String number) {
    super("没有编号为 " + number + " 的整改");
  }
}
