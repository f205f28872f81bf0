package org.servicestar.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The packaged app ({@code target/servicestar-*.jar}, built by {@code package} before failsafe runs)
 * as a child process on a free port, configured only through the environment as in production.
 * {@link #kill()} is {@code kill -9}: no shutdown hook, no graceful close of connections.
 */
public final class AppNode {

  private final String name;
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private Process process;
  private int starts;
  /** When it was killed and when it was ready again (System.nanoTime; to is MAX_VALUE while still down). */
  private final List<Down> downs = new CopyOnWriteArrayList<>();

  public record Down(long from, long to) {
    boolean covers(long nanos) {
      return from <= nanos && nanos <= to;
    }

    public long millis(long now) {
      return (Math.min(to, now) - from) / 1_000_000;
    }
  }

  public AppNode(String name, Map<String, String> env) {
    this.name = name;
    this.env = new LinkedHashMap<>(env);
    this.port = freePort();
    this.log = Path.of("target", "reliability", name + ".log");
  }

  public static Path jar() {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars = files.filter(p -> p.getFileName().toString().matches("servicestar-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().contains("plain")).toList();
      if (jars.size() != 1) {
        throw new IllegalStateException("expected one packaged jar in target/ (run mvn package first), found " + jars);
      }
      return jars.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public WebClient client() {
    return new WebClient(port);
  }

  /** Starts the jar and waits until its readiness probe says UP (database included). */
  public AppNode start(Duration patience) {
    try {
      Files.createDirectories(log.getParent());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx768m", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8",
          "-jar", jar().toAbsolutePath().toString());
      builder.environment().putAll(env);
      builder.environment().put("SERVER_PORT", Integer.toString(port));
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      long begin = System.nanoTime();
      process = builder.start();
      starts++;
      awaitReady(patience);
      if (!downs.isEmpty() && downs.get(downs.size() - 1).to() == Long.MAX_VALUE) {
        downs.set(downs.size() - 1, new Down(downs.get(downs.size() - 1).from(), System.nanoTime()));
      }
      System.out.printf("[node %s] start %d on port %d ready in %d ms (log %s)%n", name, starts, port,
          (System.nanoTime() - begin) / 1_000_000, log);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration patience) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Polling.pause();
    }
    throw new IllegalStateException("node " + name + " not ready after " + patience + "; see " + log);
  }

  /** {@code kill -9} (Process.destroyForcibly is SIGKILL on Linux), and waits until it is gone. */
  public void kill() {
    if (process != null && process.isAlive()) {
      // Taken before the signal: a request cut by the kill fails after this instant.
      downs.add(new Down(System.nanoTime(), Long.MAX_VALUE));
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.out.printf("[node %s] killed with SIGKILL (exit %d)%n", name, process.exitValue());
    }
  }

  /** Whether the node had been killed and was not ready again at that instant (System.nanoTime). */
  public boolean downAt(long nanos) {
    return downs.stream().anyMatch(d -> d.covers(nanos));
  }

  public List<Down> downs() {
    return List.copyOf(downs);
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }
}
