package org.servicestar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.servicestar.support.AppNode;
import org.servicestar.support.Polling;

/**
 * The reliability run's own checks, without the jar: a node that refuses connections although nobody
 * killed it must show up as unreachable while up, and a task worker that gets no answer must list
 * its failures, or FaultsReliability's assertions on them could never fail.
 */
class LoadChecksTest {

  /** A port nothing listens on: every request is refused at once. */
  private final AppNode neverStarted = new AppNode("refusing", Map.of());

  @Test
  void requestsRefusedByANodeThatWasNotKilledAreUnexplained() {
    RatingLoad load = new RatingLoad("check", List.of(neverStarted), "w1", "u", "p", 1);
    Polling.until("a few requests refused", Duration.ofSeconds(20), () -> load.unreachable.size() >= 2);
    load.close();
    assertThat(load.unreachable).isNotEmpty();
    assertThat(load.unreachableWhileUp()).as("refused without a kill").hasSameSizeAs(load.unreachable);
    assertThat(load.acknowledged).isEmpty();
  }

  @Test
  void aWorkerWithoutAnswersListsItsFailures() {
    TaskWorker worker = new TaskWorker(List.of(neverStarted), "office", "inspector", "p");
    Polling.until("a failed round", Duration.ofSeconds(20), () -> worker.failures.size() >= 2);
    worker.close();
    assertThat(worker.failures).allMatch(f -> f.contains("node refusing") && f.contains("no answer"));
    assertThat(worker.completed).hasValue(0);
  }
}
