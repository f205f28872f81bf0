package org.servicestar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.servicestar.support.Benchmarks;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 9, goal 5: start-up time and memory with the demo data, on embedded PostgreSQL 17. Each start
 * is a JVM of its own ({@link StartupProbe}, {@code -Xmx1g}), timed from the JVM's start to
 * {@code ApplicationReadyEvent}: the app's first start on an empty database (it makes the demo year),
 * its second start on that database, then a scoring run of the demo's last year and the used heap after
 * a full GC. Compared in the same run with Spring Boot and Camunda alone ({@code BareCamundaApplication}:
 * same classpath, same engine settings, none of the app's beans), started twice on a database of its own.
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=StartupBenchmark</pre>
 */
class StartupBenchmark {

  /** The app's start-up check (registered for every Spring application on its classpath) wants one. */
  private static final String BARE_ADMIN = "--servicestar.admin.password=benchmark-admin-1";
  private static final Pattern PROBE = Pattern.compile(
      "PROBE readyMs=(\\d+) heapReadyMB=([\\d.]+) heapScoredMB=([\\d.]+) scoringMs=([\\d.]+)");

  @Test
  void startUpAndHeapAfterScoring() throws Exception {
    EmbeddedPostgres postgres = Benchmarks.startPostgres();
    try {
      JdbcTemplate admin = new JdbcTemplate(postgres.getPostgresDatabase());
      admin.execute("create database app");
      admin.execute("create database bare");
      Map<String, double[]> runs = new LinkedHashMap<>();
      runs.put("app, first start (makes the demo year)", probe("app", postgres, "app", "--spring.profiles.active=postgres,demo"));
      runs.put("app, second start", probe("app", postgres, "app", "--spring.profiles.active=postgres,demo"));
      runs.put("Spring Boot + Camunda alone, first start", probe("bare", postgres, "bare", "--spring.flyway.enabled=false", BARE_ADMIN));
      runs.put("Spring Boot + Camunda alone, second start", probe("bare", postgres, "bare", "--spring.flyway.enabled=false", BARE_ADMIN));
      StringBuilder report = new StringBuilder("""

          ===== Start-up and heap, PostgreSQL 17 (embedded), one JVM per start (-Xmx1g), this machine =====
          start                                          ready s   heap at ready MB   scoring s   heap after scoring MB
          """);
      runs.forEach((name, r) -> report.append(String.format(Locale.ROOT, "%-46s %8.1f %18.0f %11.1f %23.0f%n",
          name, r[0] / 1000, r[1], r[3] / 1000, r[2])));
      double[] second = runs.get("app, second start");
      double[] bare = runs.get("Spring Boot + Camunda alone, second start");
      double[] first = runs.get("app, first start (makes the demo year)");
      report.append(String.format(Locale.ROOT,
          "goal5 start-up: %.1f s to ready (second start, demo data) vs %.1f s for Spring Boot + Camunda alone, ratio %.2f;"
              + " first start with the demo year %.1f s; heap after a scoring run %.0f MB (bare %.0f MB)%n",
          second[0] / 1000, bare[0] / 1000, second[0] / bare[0], first[0] / 1000, second[2], bare[1]));
      report.append("==========================================================================================\n");
      System.out.println(report);
      Benchmarks.resultWithoutGoal("goal5 start-up, app / Spring Boot + Camunda alone (second starts)", second[0] / bare[0], 2);
    } finally {
      Benchmarks.stop(postgres);
    }
  }

  /** Runs one start in a new JVM; {readyMs, heapReadyMB, heapScoredMB, scoringMs}. */
  private static double[] probe(String which, EmbeddedPostgres postgres, String database, String... args) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dfile.encoding=UTF-8", "-cp", classpath, StartupProbe.class.getName(), which,
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", database),
        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres", "--server.port=0"));
    command.addAll(List.of(args));
    File log = Files.createTempFile("startup-" + which, ".log").toFile();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("start did not finish: " + log);
    }
    String output = Files.readString(log.toPath());
    Matcher m = PROBE.matcher(output);
    assertThat(m.find()).as("probe line in " + log).isTrue();
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
        Double.parseDouble(m.group(4))};
  }

}
