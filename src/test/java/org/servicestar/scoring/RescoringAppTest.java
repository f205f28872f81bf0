package org.servicestar.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.servicestar.campaign.CampaignService;
import org.servicestar.support.Campaigns;
import org.servicestar.support.Polling;
import org.servicestar.support.SpringAppTest;
import org.servicestar.veto.VetoRuled;
import org.servicestar.veto.VetoStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link Rescoring}: a year asked to be scored again waits while a run of that year is going (here the
 * test holds the year, as a run does) and makes exactly one more run afterwards, however many requests
 * came meanwhile; a year without a campaign drops its request. The app's own loop runs beside the test
 * (a pass every 20 s and after every request), so the test waits for outcomes instead of counting passes.
 */
@SpringAppTest
class RescoringAppTest {

  /** Years of this class alone. */
  static final int YEAR = 2077;
  static final int VETO_YEAR = 2078;
  static final int NO_CAMPAIGN = 2079;

  @Autowired
  Rescoring rescoring;
  @Autowired
  ScoringService scoring;
  @Autowired
  CampaignService campaigns;
  @Autowired
  ApplicationEventPublisher events;
  @Autowired
  JdbcClient jdbc;

  @Test
  void requestsWhileARunOfTheYearIsGoingWaitAndThenMakeExactlyOneMoreRun() {
    Campaigns.ensure(campaigns, YEAR);
    long before = runs(YEAR);
    scoring.claim(YEAR); // a run of the year is going
    try {
      rescoring.request(YEAR, "测试：计算中收到的请求");
      rescoring.request(YEAR, "测试：计算中又收到一次");
      assertThat(rescoring.startDue()).doesNotContain(YEAR);
      // the loop woke up after each request: give it time to (wrongly) take the request
      long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < until) {
        Polling.pause();
      }
      assertThat(rescoring.pending()).as("the request waits for the run that is going").contains(YEAR);
      assertThat(runs(YEAR)).isEqualTo(before);
    } finally {
      scoring.release(YEAR);
    }

    // the run is over: the waiting request makes one more (started here or by the loop, whichever is first)
    Polling.until("a run started by the waiting request", Duration.ofSeconds(60), () -> {
      rescoring.startDue();
      return runs(YEAR) > before && !rescoring.pending().contains(YEAR);
    });
    Polling.until("that run to finish", Duration.ofSeconds(120), () -> !scoring.isRunning(YEAR));
    assertThat(jdbc.sql("select status from scoring_run where campaign_year = ? order by id").param(YEAR).query(String.class).list())
        .as("two requests, one run, done").hasSize((int) before + 1).last().isEqualTo("DONE");
    assertThat(jdbc.sql("select started_by from scoring_run where campaign_year = ? order by id desc").param(YEAR).query(String.class)
        .list().get(0)).isEqualTo("system");
    assertThat(rescoring.startDue()).doesNotContain(YEAR);
    assertThat(runs(YEAR)).isEqualTo(before + 1);
  }

  @Test
  void aRuledVetoAsksForARunOfItsYearAndGetsIt() {
    Campaigns.ensure(campaigns, VETO_YEAR);
    long before = runs(VETO_YEAR);
    scoring.claim(VETO_YEAR);
    try {
      events.publishEvent(new VetoRuled(-1, VETO_YEAR, VetoStatus.CONFIRMED));
      assertThat(rescoring.pending()).contains(VETO_YEAR);
      assertThat(jdbc.sql("select reason from scoring_rescore_request where campaign_year = ?").param(VETO_YEAR).query(String.class)
          .single()).contains("否决记录 #-1");
    } finally {
      scoring.release(VETO_YEAR);
    }
    Polling.until("the run asked for by the ruling", Duration.ofSeconds(60), () -> {
      rescoring.startDue();
      return runs(VETO_YEAR) > before && !rescoring.pending().contains(VETO_YEAR);
    });
    Polling.until("that run to finish", Duration.ofSeconds(120), () -> !scoring.isRunning(VETO_YEAR));
    assertThat(runs(VETO_YEAR)).isEqualTo(before + 1);
  }

  @Test
  void aYearWithoutACampaignDropsItsRequest() {
    assertThat(campaigns.ofYear(NO_CAMPAIGN)).isEmpty();
    rescoring.request(NO_CAMPAIGN, "测试：没有竞赛活动的年度");
    Polling.until("the request to be dropped", Duration.ofSeconds(30), () -> {
      rescoring.startDue();
      return !rescoring.pending().contains(NO_CAMPAIGN);
    });
    assertThat(runs(NO_CAMPAIGN)).isZero();
  }

  private long runs(int year) {
    return jdbc.sql("select count(*) from scoring_run where campaign_year = ?").param(year).query(Long.class).single();
  }
}
