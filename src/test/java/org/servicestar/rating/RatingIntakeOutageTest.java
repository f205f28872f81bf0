package org.servicestar.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitType;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A batch that meets a database outage is answered at once, every item 503 with Retry-After: before,
 * it was tried together twice and then item by item, each attempt waiting out the pool's connection
 * timeout, so a batch of a hundred kept its sender (a rating pad) waiting for minutes.
 */
class RatingIntakeOutageTest {

  @Test
  void aBatchMeetingAnOutageIsAnsweredAtOnceAndWholly() {
    RatingRules rules = mock(RatingRules.class);
    when(rules.remembering()).thenReturn(rules);
    Unit unit = new Unit(1L, "w1", "窗口", UnitType.WINDOW, null, null, true, 0);
    List<RatingIntake.Incoming> items = new ArrayList<>();
    List<RatingRules.Checked> checked = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      items.add(RatingIntake.Incoming.of(new RatingDraft("w1", 5, "DEVICE", null, null, null, null, "ref-" + i, null, null)));
      checked.add(new RatingRules.Checked(new ValidRating(unit, 5, RatingChannel.DEVICE, null, null, null, null, "ref-" + i,
          OffsetDateTime.parse("2026-12-07T09:00:00+08:00"), LocalDate.of(2026, 12, 7), 1L, null, null, null), null));
    }
    when(rules.check(any(), any(), any())).thenReturn(checked.get(0), checked.subList(1, 5).toArray(RatingRules.Checked[]::new));
    PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    when(transactions.getTransaction(any())).thenThrow(new CannotCreateTransactionException("Could not open JDBC Connection",
        new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms.")));
    RatingIntake intake = new RatingIntake(rules, mock(RatingRepository.class), mock(ComplaintService.class),
        mock(AddressRateLimiter.class), transactions, Clock.systemUTC());

    List<RatingIntake.Outcome> outcomes = intake.submitAll(new Sender(null, true, "office", "127.0.0.1", null), items);

    verify(transactions, times(1)).getTransaction(any());
    assertThat(outcomes).hasSize(5).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(RatingIntake.Status.REFUSED);
      assertThat(o.refusal().kind()).isEqualTo(Refusal.Kind.ERROR);
      assertThat(o.refusal().retryAfterSeconds()).isPositive();
      assertThat(o.refusal().message()).contains("数据库暂时不可用");
    });
  }
}
