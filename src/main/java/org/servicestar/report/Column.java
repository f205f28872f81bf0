package org.servicestar.report;

/** One column of an export: its Chinese header, what kind of cell it holds, and its width in characters. */
record Column(String header, Kind kind, int width) {

  /** How a value is written: numbers and dates as real cells, so the office can sort, sum and filter them. */
  enum Kind {
    TEXT, INTEGER, DECIMAL, PERCENT, DATE, DATETIME, FLAG
  }

  static Column text(String header, int width) {
    return new Column(header, Kind.TEXT, width);
  }

  static Column integer(String header) {
    return new Column(header, Kind.INTEGER, Math.max(8, header.length() * 2 + 2));
  }

  static Column decimal(String header) {
    return new Column(header, Kind.DECIMAL, Math.max(10, header.length() * 2 + 2));
  }

  /** A rate in percent with one decimal (98.5 means 98.5 %), as RatingFigures gives it. */
  static Column percent(String header) {
    return new Column(header, Kind.PERCENT, Math.max(10, header.length() * 2 + 2));
  }

  static Column date(String header) {
    return new Column(header, Kind.DATE, 12);
  }

  static Column dateTime(String header) {
    return new Column(header, Kind.DATETIME, 18);
  }

  /** 是 / 否 (empty when unknown). */
  static Column flag(String header) {
    return new Column(header, Kind.FLAG, Math.max(8, header.length() * 2 + 2));
  }
}
