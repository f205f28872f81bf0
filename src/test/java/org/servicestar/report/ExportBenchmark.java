package org.servicestar.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;

import com.sun.management.GarbageCollectionNotificationInfo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.servicestar.scoring.CityDataGenerator;
import org.servicestar.support.Benchmarks;
import org.servicestar.support.Benchmarks.Goal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 22's "at province scale, the largest export streams with flat memory", run on purpose, never by
 * {@code mvn verify}:
 * <pre>mvn -o verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ExportBenchmark -Dbenchmark.scale=province \
 *     -Dtest.jvmArgs="-Xmx1g -Xmn64m"</pre>
 * On embedded PostgreSQL 17, {@link CityDataGenerator} makes two years in one database: the province's
 * ({@code benchmark.scale}, 100 000 complaints and ~30 000 rectifications at 10) and one with a tenth of its
 * complaints (and departments). Neither gets ratings: the complaint register and the ledger do not read
 * them, and ten million of them would only cost the run minutes. The office (every unit, contacts too)
 * then exports each year's complaint register and rectification ledger as the app does above
 * {@link ExportJobs#BACKGROUND_ABOVE} rows: through {@link ExportJobs} in the background, the file stored
 * in {@code report_export}.
 *
 * <p>Memory: before each export a {@code System.gc()}, the heap then used is the baseline; a thread samples
 * the heap used every 10 ms until the job is done, and the peak above the baseline is the export's cost.
 * A small young generation ({@code -Xmn64m}) keeps garbage from hiding what stays reachable. Besides, every
 * collection during the export reports the heap it left in use: the highest of these above the baseline is
 * what the export kept reachable ("live"). <b>Goals, "flat memory": the peak heap growth of the province's
 * export is at most 1.5× that of the tenth</b> (ten times the rows, about the same memory), <b>and what it
 * keeps live is at most 32 MB</b>. What still grows with the rows is the finished file itself (held as bytes
 * while it is written and stored: about three times its few MB at the peak).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class ExportBenchmark {

  private static final int YEAR = 2050;
  private static final int TENTH_YEAR = 2051;
  private static final EmbeddedPostgres POSTGRES = Benchmarks.startPostgres();
  private static final Viewer OFFICE = new Viewer("bm-office", true, Set.of(), true);

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    Benchmarks.use(POSTGRES, registry);
  }

  @AfterAll
  static void stop() {
    Benchmarks.stop(POSTGRES);
  }

  @Autowired
  DataSource dataSource;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  ExportJobs jobs;

  /** One export's figures. */
  private record Run(long rows, long bytes, double seconds, double peakMb, double liveMb) {
  }

  @Test
  void theLargestExportsStreamWithFlatMemory() throws Exception {
    CityDataGenerator.Size asked = CityDataGenerator.Size.fromProperty();
    CityDataGenerator.Size full = withoutRatings(asked, asked.departments(), asked.complaints());
    CityDataGenerator.Size tenth = withoutRatings(asked, Math.max(1, asked.departments() / 10), asked.complaints() / 10);
    double generate = Benchmarks.millis(() -> {
      new CityDataGenerator(dataSource, 20260601L, YEAR, "bp-", full).generate();
      new CityDataGenerator(dataSource, 20260602L, TENTH_YEAR, "bt-", tenth).generate();
    }) / 1000;
    jdbc.execute("vacuum analyze");

    // Warm-up: the first export pays for loading POI's classes and the JIT, not for its rows.
    export(ExportKind.COMPLAINTS, TENTH_YEAR);
    export(ExportKind.RECTIFICATIONS, TENTH_YEAR);

    Map<String, Run> runs = new LinkedHashMap<>();
    for (ExportKind kind : new ExportKind[] {ExportKind.COMPLAINTS, ExportKind.RECTIFICATIONS}) {
      runs.put(kind.label() + ", a tenth", export(kind, TENTH_YEAR));
      runs.put(kind.label() + ", province", export(kind, YEAR));
    }

    Runtime runtime = Runtime.getRuntime();
    StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """

        ===== Exports at %dx a city on PostgreSQL 17 (embedded), this machine =====
        data: %,d units; complaints %,d (province) and %,d (a tenth); rectifications %,d and %,d; generated in %.0f s
        heap: max %,d MB; peak = heap used above the baseline after System.gc(), sampled every 10 ms
        live = the most heap in use after a collection during the export, above the baseline
        %-22s %10s %12s %9s %14s %9s
        """, asked.factor(), jdbc.queryForObject("select count(*) from unit", Long.class), full.complaints(), tenth.complaints(),
        count("rectification", YEAR), count("rectification", TENTH_YEAR), generate, runtime.maxMemory() >> 20,
        "export", "rows", "file bytes", "seconds", "peak heap MB", "live MB"));
    runs.forEach((name, run) -> report.append(String.format(Locale.ROOT, "%-22s %,10d %,12d %9.1f %14.1f %9.1f%n", name, run.rows(),
        run.bytes(), run.seconds(), run.peakMb(), run.liveMb())));
    report.append("================================================================================\n");
    System.out.println(report);
    for (ExportKind kind : new ExportKind[] {ExportKind.COMPLAINTS, ExportKind.RECTIFICATIONS}) {
      Run small = runs.get(kind.label() + ", a tenth");
      Run big = runs.get(kind.label() + ", province");
      Benchmarks.result("export " + kind.path() + " at " + asked.factor() + "x a city, peak heap growth / a tenth's", big.peakMb() / small.peakMb(),
          2, Goal.AT_MOST, 1.5);
      Benchmarks.result("export " + kind.path() + " at " + asked.factor() + "x a city, live heap growth MB", big.liveMb(), 1, Goal.AT_MOST, 32);
    }
  }

  private static CityDataGenerator.Size withoutRatings(CityDataGenerator.Size s, int departments, int complaints) {
    // One inspection: the generator's inspections() expects at least one.
    return new CityDataGenerator.Size(departments, s.hallsPerDepartment(), s.sectionsPerHall(), s.windowsPerSection(), s.windowsPerHall(),
        s.staffPerWindow(), 0, 1, complaints);
  }

  private long count(String table, int year) {
    String column = table.equals("complaint") ? "created_at" : "opened_at";
    return jdbc.queryForObject("select count(*) from " + table + " where extract(year from " + column + ") = ?", Long.class, year);
  }

  /** Runs one export as a background job, as the app does with a large one, sampling the heap meanwhile. */
  private Run export(ExportKind kind, int year) throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    Thread.sleep(200);
    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(baseline);
    AtomicLong live = new AtomicLong(baseline);
    AtomicBoolean done = new AtomicBoolean();
    Set<String> heapPools = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    NotificationListener afterCollection = (notification, handback) -> {
      if (!done.get() && notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
            .mapToLong(e -> e.getValue().getUsed()).sum();
        live.accumulateAndGet(used, Math::max);
      }
    };
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener(afterCollection, null, null);
    }
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    String id = jobs.start(kind, new ExportFilter(year, null, null, null), OFFICE, kind.path() + "-" + year + ".xlsx");
    ExportJobs.Job job;
    while ((job = jobs.job(id, OFFICE.name()).orElseThrow()).status().equals("RUNNING")) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    done.set(true);
    sampler.join();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) collector).removeNotificationListener(afterCollection);
      } catch (ListenerNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    assertThat(job.status()).as(job.error()).isEqualTo("DONE");
    assertThat(job.rowsDone()).isEqualTo(job.rowsTotal());
    long expected = count(kind == ExportKind.COMPLAINTS ? "complaint" : "rectification", year);
    assertThat((long) job.rowsTotal()).isEqualTo(expected);
    long bytes = jobs.file(id, OFFICE.name()).orElseThrow().length;
    return new Run(job.rowsTotal(), bytes, seconds, (peak.get() - baseline) / 1048576.0, (live.get() - baseline) / 1048576.0);
  }
}
