package org.servicestar.calendar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.servicestar.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the working-day calendar: the database is the source of truth (so all nodes agree), each
 * node holds a copy in memory that it reloads after its own uploads and otherwise at most every
 * {@code refreshInterval}, which is how an upload on one node reaches the others.
 */
class CalendarService {

  private static final Logger log = LoggerFactory.getLogger(CalendarService.class);

  private record Snapshot(WorkCalendar calendar, Instant loadedAt) {
  }

  private final CalendarRepository repository;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final Clock clock;
  private final Duration refreshInterval;
  private final CalendarFileParser parser = new CalendarFileParser();
  private volatile Snapshot snapshot;

  CalendarService(CalendarRepository repository, TransactionTemplate tx, AuditTrail audit, Clock clock, Duration refreshInterval) {
    this.repository = repository;
    this.tx = tx;
    this.audit = audit;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
  }

  /**
   * Adds the shipped years the database does not have yet; a year already there (an upload may
   * have corrected it) is left alone. Nodes starting together race for the same rows: the loser's
   * insert fails on the primary key and it simply finds the year loaded.
   */
  void loadShippedYears() {
    for (ShippedCalendars.Shipped shipped : ShippedCalendars.load()) {
      CalendarFile file = shipped.file();
      if (repository.hasYear(file.year())) {
        continue;
      }
      try {
        tx.executeWithoutResult(status -> {
          repository.insertYear(file, shipped.source(), AuditTrail.currentActor(), now());
          audit.record("CALENDAR_LOADED", subject(file.year()), shipped.source() + "；" + counts(file));
        });
        log.info("Loaded the working-day calendar of {} from {}", file.year(), shipped.source());
      } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
        if (!repository.hasYear(file.year())) {
          throw e;
        }
        log.info("The working-day calendar of {} was loaded by another node meanwhile", file.year());
      }
    }
    reload();
  }

  /**
   * Replaces one year's days with an uploaded file's, all or nothing.
   *
   * @throws CalendarFileException when the file is unusable (nothing is stored then)
   */
  CalendarFile upload(String fileName, byte[] content, Integer expectedYear, String user) {
    CalendarFile file = parser.parse(content, expectedYear);
    String source = "上传文件 " + displayName(fileName) + "（" + file.format().label + "）";
    String loadedBy = user.length() <= 64 ? user : user.substring(0, 64);
    try {
      tx.executeWithoutResult(status -> {
        List<SpecialDay> before = repository.days(file.year());
        repository.replaceYear(file, source, loadedBy, now());
        audit.record("CALENDAR_REPLACED", subject(file.year()),
            source + "；" + counts(file) + (before.isEmpty() ? "；新增年份" : "；替换原有 " + before.size() + " 天"));
      });
    } catch (DuplicateKeyException | ConcurrencyFailureException e) {
      // Two first uploads of the same year at once: the loser's insert of the year row fails.
      log.warn("Upload of the {} calendar collided with another: {}", file.year(), e.toString());
      throw new CalendarFileException("另一位管理员正在同时上传 " + file.year() + " 年的日历，本次未保存。请刷新页面查看后再试。");
    }
    log.info("{} replaced the working-day calendar of {} ({})", user, file.year(), source);
    reload();
    return file;
  }

  List<CalendarRepository.YearSummary> summaries() {
    return repository.summaries();
  }

  /** The calendar to count with: this node's copy, reloaded when older than the refresh interval. */
  WorkCalendar current() {
    Snapshot s = snapshot;
    if (s == null || isStale(s)) {
      s = refresh();
    }
    return s.calendar();
  }

  void reload() {
    snapshot = new Snapshot(repository.loadCalendar(), clock.instant());
  }

  private synchronized Snapshot refresh() {
    Snapshot s = snapshot;
    if (s != null && !isStale(s)) {
      return s; // another thread refreshed while this one waited
    }
    try {
      reload();
    } catch (RuntimeException e) {
      if (s == null) {
        throw e;
      }
      // Deadlines must still be computed while the database hiccups; the copy is at worst minutes old.
      log.warn("Could not refresh the working-day calendar, keeping the copy from {}: {}", s.loadedAt(), e.toString());
      snapshot = new Snapshot(s.calendar(), clock.instant());
    }
    return snapshot;
  }

  private boolean isStale(Snapshot s) {
    return !clock.instant().isBefore(s.loadedAt().plus(refreshInterval));
  }

  private LocalDateTime now() {
    return LocalDateTime.now(clock);
  }

  private static String subject(int year) {
    return "work-calendar-" + year;
  }

  private static String counts(CalendarFile file) {
    return "休息日 " + file.holidays() + " 天，调休上班 " + file.makeUpWorkdays() + " 天";
  }

  private static String displayName(String fileName) {
    if (fileName == null || fileName.isBlank()) {
      return "（无文件名）";
    }
    // Some browsers send the client's full path; only the name means anything here.
    String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    return name.length() <= 120 ? name : name.substring(0, 120) + "…";
  }
}
