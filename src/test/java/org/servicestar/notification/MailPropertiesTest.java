package org.servicestar.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MailPropertiesTest {

  private static MailProperties with(String from, Duration backoff, Duration max) {
    return new MailProperties(from, "服务之星", Duration.ofSeconds(30), 8, backoff, max, Duration.ofMinutes(10), 50,
        MailProperties.Retention.defaults());
  }

  @Test
  void theWaitDoublesAfterEachFailedAttemptUpToTheCap() {
    MailProperties properties = with("noreply@example.org", Duration.ofMinutes(1), Duration.ofMinutes(30));
    assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.backoffAfter(5)).isEqualTo(Duration.ofMinutes(16));
    assertThat(properties.backoffAfter(6)).isEqualTo(Duration.ofMinutes(30));
    assertThat(properties.backoffAfter(60)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aSenderAddressThatIsNoAddressStopsTheStart() {
    assertThatThrownBy(() -> with("服务之星", Duration.ofMinutes(1), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("servicestar.mail.from");
    assertThat(MailProperties.defaults().from()).isEqualTo("noreply@servicestar.local");
  }
}
