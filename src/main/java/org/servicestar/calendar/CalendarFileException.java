package org.servicestar.calendar;

/** A calendar file that cannot be used; the message (Chinese) names the line and the problem. */
class CalendarFileException extends RuntimeException {

  CalendarFileException(String message) {
    super(message);
  }

  static CalendarFileException atLine(int line, String problem) {
    return new CalendarFileException("第 " + line + " 行：" + problem);
  }
}
