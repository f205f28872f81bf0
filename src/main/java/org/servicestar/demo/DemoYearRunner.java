package org.servicestar.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** After DemoData's city: the demo year (docs/demo.md), once per database. */
@Component
@Profile("demo")
@Order(200)
class DemoYearRunner implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoYearRunner.class);

  private final DemoYear year;
  private final Clock clock;

  DemoYearRunner(DemoYear year, Clock clock) {
    this.clock = clock;
    this.year = year;
  }

  @Override
  public void run(ApplicationArguments args) {
    long started = System.nanoTime();
    DemoYear.Made made = year.make(DemoYear.Plan.demo(LocalDate.now(clock)));
    log.info("Demo year ready in {} ms: {} ratings, {} complaints {}, last year's campaign {}, this year's {} ({} commitments, {} unannounced inspections), flags {}",
        Duration.ofNanos(System.nanoTime() - started).toMillis(), made.ratings(), made.complaints(), made.stories(),
        made.lastYear() ? "finished with awards" : "already there", made.thisYear() ? "in competition" : "already there",
        made.commitments(), made.inspections(), made.lived() == null ? "already there" : made.lived());
  }
}
