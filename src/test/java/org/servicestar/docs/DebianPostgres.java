package org.servicestar.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL server of the same major version as the {@code pg_dump} on the PATH, from
 * Debian's packages ({@code apt-get install postgresql}; .ci/run installs it). The embedded PostgreSQL
 * of the other tests (zonky) ships {@code initdb}, {@code pg_ctl} and {@code postgres} only, and a
 * {@code pg_dump} refuses a server newer than itself, so the documented backup commands need a client
 * and a server that match. Listens on 127.0.0.1 only, trusts local connections, and is deleted on close.
 * PostgreSQL refuses to run as root: as root (CI) the server runs as Debian's {@code postgres} user.
 */
final class DebianPostgres implements AutoCloseable {

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

  final int major;
  final int port;
  private final Path bin;
  private final Path folder;
  private final Path data;

  private DebianPostgres(int major, Path bin, Path folder, int port) {
    this.major = major;
    this.bin = bin;
    this.folder = folder;
    this.data = folder.resolve("data");
    this.port = port;
  }

  /** Starts one, or skips the calling test (with how to install) when the client or server is missing. */
  static DebianPostgres start() throws IOException, InterruptedException {
    String version = output(List.of("pg_dump", "--version"));
    Matcher m = VERSION.matcher(version == null ? "" : version);
    Assumptions.assumeTrue(m.find(), "Docs commands skipped: no pg_dump on the PATH (apt-get install postgresql unzip)");
    int major = Integer.parseInt(m.group(1));
    Path bin = Path.of("/usr/lib/postgresql", String.valueOf(major), "bin");
    Assumptions.assumeTrue(Files.isExecutable(bin.resolve("initdb")),
        "Docs commands skipped: no PostgreSQL " + major + " server at " + bin + " for pg_dump " + major
            + " (apt-get install postgresql)");
    Path folder = Files.createTempDirectory("docs-postgres");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    DebianPostgres server = new DebianPostgres(major, bin, folder, port);
    if (root()) {
      UserPrincipal postgres = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(folder, postgres);
    }
    server.run("initdb", "-D", server.data.toString(), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
        "--locale=C.UTF-8");
    server.run("pg_ctl", "-D", server.data.toString(), "-l", folder.resolve("server.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1", "start");
    return server;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
    } finally {
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void run(String program, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (root()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile("docs-postgres", ".txt");
    try {
      Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(output) + serverLog());
      }
    } finally {
      Files.delete(output);
    }
  }

  private String serverLog() {
    try {
      Path log = folder.resolve("server.log");
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** A program's output, or null when it is not installed. */
  private static String output(List<String> command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    }
  }
}
