package org.servicestar;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

import benchmark.bare.BareCamundaApplication;
import org.servicestar.scoring.ScoringService;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One start of the app (or of {@link BareCamundaApplication}) in a JVM of its own, for
 * {@link StartupBenchmark}: prints the milliseconds from the JVM's start to {@code ApplicationReadyEvent},
 * the used heap after a full GC then, and — for the app — after scoring the earliest campaign year
 * in the database (the demo's last year), then exits.
 * Arguments: {@code app|bare} followed by Spring arguments.
 */
public final class StartupProbe {

  private StartupProbe() {
  }

  public static void main(String[] args) {
    boolean app = "app".equals(args[0]);
    long[] readyAt = new long[1];
    SpringApplication spring = new SpringApplication(app ? ServiceStarApplication.class : BareCamundaApplication.class);
    spring.addListeners((ApplicationListener<ApplicationReadyEvent>) e -> readyAt[0] = System.currentTimeMillis());
    ConfigurableApplicationContext context = spring.run(Arrays.copyOfRange(args, 1, args.length));
    long readyMs = readyAt[0] - ManagementFactory.getRuntimeMXBean().getStartTime();
    double heapReady = usedHeapAfterGc();
    double scoringMs = 0;
    double heapScored = heapReady;
    if (app) {
      Integer year = context.getBean(JdbcTemplate.class).queryForObject("select min(campaign_year) from campaign", Integer.class);
      long t = System.nanoTime();
      context.getBean(ScoringService.class).run(year, "benchmark");
      scoringMs = (System.nanoTime() - t) / 1e6;
      heapScored = usedHeapAfterGc();
    }
    System.out.println(String.format(Locale.ROOT, "PROBE readyMs=%d heapReadyMB=%.1f heapScoredMB=%.1f scoringMs=%.0f",
        readyMs, heapReady, heapScored, scoringMs));
    context.close();
    System.exit(0);
  }

  private static double usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
  }
}
