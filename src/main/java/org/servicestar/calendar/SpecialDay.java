package org.servicestar.calendar;

import java.time.LocalDate;

/** A day that breaks the Monday–Friday rule: a holiday ({@code offDay}) or a make-up working day (调休). */
record SpecialDay(LocalDate date, boolean offDay, String name) {

  /** The word our CSV files use for the day. */
  String kind() {
    return offDay ? "HOLIDAY" : "WORKDAY";
  }
}
