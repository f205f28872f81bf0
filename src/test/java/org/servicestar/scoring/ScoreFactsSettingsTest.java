package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An administrator's plausible mistake in the aggregate's memory is refused at start-up, naming the setting. */
class ScoreFactsSettingsTest {

  @Test
  void aWorkMemPostgresqlWouldNotTakeIsRefused() {
    for (String wrong : new String[] {"64mb", "64", "lots", "64MB; drop table rating"}) {
      assertThatThrownBy(() -> new ScoreFacts(null, null, null, wrong)).as(wrong)
          .hasMessageContaining("servicestar.scoring.aggregate-work-mem");
    }
  }
}
