package org.servicestar.rating;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.servicestar.complaint.ComplaintService;
import org.servicestar.web.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes ratings in, one or many, from any channel: checks each ({@link RatingRules}), applies the
 * anonymous limits, stores it once per clientRef, and turns a bad review (level 1–2) into a complaint
 * in the same transaction as the rating, so neither exists without the other.
 *
 * <p>A batch is checked in memory first, then stored in one transaction with a few set-based
 * statements (not a round trip per rating). When anything in it fails (on PostgreSQL a duplicate key
 * aborts the transaction: another request stored the same clientRef, or the same phone rated the
 * window, at the same moment), the whole of it is rolled back and its ratings are stored one by one,
 * each in its own transaction, so one failure never loses the others.
 */
class RatingIntake {

  enum Status { ACCEPTED, DUPLICATE, REFUSED }

  /** What became of one rating: its id when stored (or stored before), the complaint of a bad review, or the refusal. */
  record Outcome(int index, Status status, Long id, String complaintNumber, Refusal refusal) {

    static Outcome refused(int index, Refusal refusal) {
      return new Outcome(index, Status.REFUSED, null, null, refusal);
    }
  }

  /** A rating as it arrived: a draft, and the fields the JSON had in the wrong type (or a refusal of the whole item). */
  record Incoming(RatingDraft draft, Map<String, String> typeErrors, Refusal unreadable) {

    static Incoming of(RatingDraft draft) {
      return new Incoming(draft, Map.of(), null);
    }
  }

  /** The outcome of a spreadsheet or a typed-in list: all stored (duplicates skipped), or nothing and every problem. */
  record AllOrNothing(int stored, int skippedDuplicates, int badReviews, Map<Integer, Refusal> problems) {

    boolean ok() {
      return problems.isEmpty();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(RatingIntake.class);

  private final RatingRules rules;
  private final RatingRepository ratings;
  private final ComplaintService complaints;
  private final AddressRateLimiter limiter;
  private final TransactionTemplate transaction;
  private final Clock clock;

  RatingIntake(RatingRules rules, RatingRepository ratings, ComplaintService complaints, AddressRateLimiter limiter,
               PlatformTransactionManager transactions, Clock clock) {
    this.rules = rules;
    this.ratings = ratings;
    this.complaints = complaints;
    this.limiter = limiter;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  Outcome submit(Sender sender, Incoming incoming) {
    return submitAll(sender, List.of(incoming)).get(0);
  }

  /** Every rating gets its outcome, in the order sent; one bad rating never keeps the others out. */
  List<Outcome> submitAll(Sender sender, List<Incoming> items) {
    Outcome[] outcomes = new Outcome[items.size()];
    List<Pending> pending = new ArrayList<>();
    Map<String, Integer> firstWithRef = new HashMap<>();
    Map<Integer, Integer> sameRefAs = new HashMap<>();
    Set<String> votersToday = new HashSet<>();
    RatingRules rules = this.rules.remembering();
    for (int i = 0; i < items.size(); i++) {
      Incoming in = items.get(i);
      if (in.unreadable() != null) {
        outcomes[i] = Outcome.refused(i, in.unreadable());
        continue;
      }
      if (isAnonymous(in.draft()) && !limiter.tryAcquire(sender.address())) {
        outcomes[i] = Outcome.refused(i, tooFast(sender));
        continue;
      }
      RatingRules.Checked checked = rules.check(in.draft(), in.typeErrors(), sender);
      if (checked.refusal() != null) {
        outcomes[i] = Outcome.refused(i, checked.refusal());
        continue;
      }
      ValidRating r = checked.rating();
      if (r.clientRef() != null) {
        Integer first = firstWithRef.putIfAbsent(r.clientRef(), i);
        if (first != null) {
          sameRefAs.put(i, first);
          continue;
        }
      }
      if (r.voterHash() != null && !votersToday.add(r.unit().id() + "|" + r.voterHash() + "|" + r.ratedDay())) {
        outcomes[i] = Outcome.refused(i, ratedToday(r));
        continue;
      }
      pending.add(new Pending(i, r));
    }
    if (!pending.isEmpty()) {
      storeTogether(pending, outcomes);
    }
    sameRefAs.forEach((i, first) -> outcomes[i] = sameAs(i, first, outcomes[first]));
    return Arrays.asList(outcomes);
  }

  /**
   * The office's spreadsheet: every row is checked first; when any is bad nothing is stored and every
   * problem is returned (row index → refusal); otherwise all rows are stored in one transaction, rows
   * whose clientRef was stored before being skipped.
   */
  AllOrNothing submitAllOrNothing(Sender sender, List<Incoming> rows) {
    Map<Integer, Refusal> problems = new java.util.TreeMap<>();
    List<Pending> pending = new ArrayList<>();
    Map<String, Integer> firstWithRef = new HashMap<>();
    RatingRules rules = this.rules.remembering();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).unreadable() != null) {
        problems.put(i, rows.get(i).unreadable());
        continue;
      }
      RatingRules.Checked checked = rules.check(rows.get(i).draft(), rows.get(i).typeErrors(), sender);
      if (checked.refusal() != null) {
        problems.put(i, checked.refusal());
        continue;
      }
      String ref = checked.rating().clientRef();
      Integer first = ref == null ? null : firstWithRef.putIfAbsent(ref, i);
      if (first != null) {
        problems.put(i, Refusal.of(Refusal.Kind.INVALID, "clientRef", "编号 " + ref + " 与前面第 " + (first + 1) + " 条重复"));
        continue;
      }
      pending.add(new Pending(i, checked.rating()));
    }
    if (!problems.isEmpty()) {
      return new AllOrNothing(0, 0, 0, problems);
    }
    Outcome[] outcomes = new Outcome[rows.size()];
    try {
      transaction.executeWithoutResult(s -> store(pending, outcomes));
    } catch (RuntimeException e) {
      log.warn("Storing {} ratings typed in by the office failed; nothing was stored", rows.size(), e);
      return new AllOrNothing(0, 0, 0, Map.of(-1, Refusal.of(Refusal.Kind.ERROR, null, "保存时系统出错，未导入任何评价，请稍后重试")));
    }
    List<Outcome> all = Arrays.asList(outcomes);
    return new AllOrNothing((int) all.stream().filter(o -> o.status() == Status.ACCEPTED).count(),
        (int) all.stream().filter(o -> o.status() == Status.DUPLICATE).count(),
        (int) all.stream().filter(o -> o.complaintNumber() != null).count(), Map.of());
  }

  private record Pending(int index, ValidRating rating) {
  }

  /**
   * Stores the lot in one transaction. When it is rolled back, most likely another request stored some
   * of the same ratings at the same moment; once more together, they are now there to see and are
   * answered as duplicates. Only when that fails too are they stored one by one.
   */
  private void storeTogether(List<Pending> all, Outcome[] outcomes) {
    for (int attempt = 1; attempt <= 2; attempt++) {
      Outcome[] tentative = new Outcome[outcomes.length];
      try {
        transaction.executeWithoutResult(s -> store(all, tentative));
        all.forEach(p -> outcomes[p.index()] = tentative[p.index()]);
        return;
      } catch (RuntimeException e) {
        if (DatabaseOutage.isCause(e)) {
          // Once more, or one by one, each would wait for a connection in turn, and a batch of a
          // hundred would keep its sender waiting for minutes: all of them are answered now.
          log.warn("A batch of {} ratings not stored: the database is unavailable ({})", all.size(), e.toString());
          all.forEach(p -> outcomes[p.index()] = unavailable(p));
          return;
        }
        log.debug("A batch of {} ratings was rolled back (attempt {}: {})", all.size(), attempt, e.toString());
        if (all.size() == 1) {
          break;
        }
      }
    }
    all.forEach(p -> outcomes[p.index()] = storeAlone(p));
  }

  private Outcome storeAlone(Pending p) {
    Outcome[] one = new Outcome[p.index() + 1];
    try {
      transaction.executeWithoutResult(s -> store(List.of(p), one));
      return one[p.index()];
    } catch (DuplicateKeyException e) {
      // Stored by another request at the same moment: now it is there to see.
      try {
        return transaction.execute(s -> {
          Outcome[] again = new Outcome[p.index() + 1];
          store(List.of(p), again);
          return again[p.index()];
        });
      } catch (RuntimeException again) {
        return failed(p, again);
      }
    } catch (RuntimeException e) {
      return failed(p, e);
    }
  }

  /** Expected while the database is away; the sender is told to come back (Retry-After). */
  private static Outcome unavailable(Pending p) {
    return Outcome.refused(p.index(), Refusal.error("数据库暂时不可用，这条评价未记录；请稍后用相同的 clientRef 重新提交",
        DatabaseOutage.RETRY_AFTER_SECONDS));
  }

  private Outcome failed(Pending p, RuntimeException e) {
    if (DatabaseOutage.isCause(e)) {
      log.warn("Rating {} for {} not stored: the database is unavailable ({})", p.index(), p.rating().unit().code(), e.toString());
      return unavailable(p);
    }
    log.warn("Rating {} for {} could not be stored", p.index(), p.rating().unit().code(), e);
    return Outcome.refused(p.index(), Refusal.error("保存这条评价时系统出错，未记录；请稍后用相同的 clientRef 重新提交",
        DatabaseOutage.RETRY_AFTER_SECONDS));
  }

  /**
   * Stores the ratings in the current transaction; a clientRef stored before or a voter who rated today
   * are answered, not stored. Set-based: one query for the clientRefs, one for the voters' days, one
   * JDBC batch for the new rows, one for linking the bad reviews to their complaints.
   */
  private void store(List<Pending> batch, Outcome[] outcomes) {
    Set<String> refs = new LinkedHashSet<>();
    Set<RatingRepository.VoterDay> voters = new HashSet<>();
    batch.forEach(p -> {
      if (p.rating().clientRef() != null) {
        refs.add(p.rating().clientRef());
      }
      if (p.rating().voterHash() != null) {
        voters.add(RatingRepository.VoterDay.of(p.rating()));
      }
    });
    Map<String, Long> stored = ratings.idsByClientRef(refs);
    Set<RatingRepository.VoterDay> votedToday = ratings.votedOn(voters);
    List<Pending> fresh = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      ValidRating r = p.rating();
      Long earlier = r.clientRef() == null ? null : stored.get(r.clientRef());
      if (earlier != null) {
        outcomes[p.index()] = new Outcome(p.index(), Status.DUPLICATE, earlier, null, null);
      } else if (r.voterHash() != null && votedToday.contains(RatingRepository.VoterDay.of(r))) {
        outcomes[p.index()] = Outcome.refused(p.index(), ratedToday(r));
      } else {
        fresh.add(p);
      }
    }
    long[] ids = ratings.insertAll(fresh.stream().map(Pending::rating).toList(), OffsetDateTime.now(clock));
    Map<Long, String> complaintOf = new LinkedHashMap<>();
    for (int i = 0; i < ids.length; i++) {
      Pending p = fresh.get(i);
      ValidRating r = p.rating();
      String complaintNumber = null;
      if (r.bad()) {
        complaintNumber = complaints.submitBadReview(r.unit().code(), r.comment(), r.contactName(), r.contactPhone(), ids[i],
            r.staffBadge());
        complaintOf.put(ids[i], complaintNumber);
      }
      outcomes[p.index()] = new Outcome(p.index(), Status.ACCEPTED, ids[i], complaintNumber, null);
    }
    ratings.setComplaints(complaintOf);
  }

  private static Outcome sameAs(int index, int first, Outcome firstOutcome) {
    if (firstOutcome.status() == Status.REFUSED) {
      return Outcome.refused(index, Refusal.of(Refusal.Kind.INVALID, "clientRef",
          "clientRef 与本批 index 为 " + first + " 的评价相同，而那一条未被接受"));
    }
    return new Outcome(index, Status.DUPLICATE, firstOutcome.id(), null, null);
  }

  private static boolean isAnonymous(RatingDraft draft) {
    return RatingChannel.parse(draft.channel()).map(RatingChannel::anonymous).orElse(false);
  }

  private Refusal tooFast(Sender sender) {
    long wait = limiter.retryAfterSeconds(sender.address());
    return Refusal.limited("提交过于频繁：同一网络地址每分钟最多提交 " + limiter.limit() + " 条匿名评价，请 " + wait + " 秒后再试", wait);
  }

  private Refusal ratedToday(ValidRating r) {
    return Refusal.limited("您今天已经评价过“" + r.unit().name() + "”。每部手机或每个浏览器每天只能评价同一窗口一次，感谢您的参与！",
        secondsUntilTomorrow());
  }

  /** Seconds until the next day begins in the app's zone: when a phone may rate the same window again. */
  long secondsUntilTomorrow() {
    ZonedDateTime now = ZonedDateTime.now(clock);
    return Math.max(1, Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(clock.getZone())).getSeconds());
  }

}
