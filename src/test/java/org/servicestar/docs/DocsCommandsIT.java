package org.servicestar.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * The commands of README.md and docs/*.md that are marked to run in CI — fenced blocks whose info
 * string is {@code bash ci} — run as written, in document order, each with {@code bash -euo pipefail},
 * in {@code target/docs-commands/} (where the packaged jar is {@code servicestar.jar}, as on a server),
 * against a PostgreSQL server reached through the libpq variables the docs tell the reader to set
 * ({@code PGHOST}, {@code PGPORT}, {@code PGUSER=postgres}). That server holds a database
 * {@code servicestar} owned by the role {@code servicestar} with the app's schema as a start-up makes
 * it: Flyway's migrations (history in {@code servicestar_schema_history}) and Camunda's {@code ACT_*}
 * tables from the engine's own create scripts.
 *
 * <p>docs/production.md's backup and restore are checked for what they must do, not only for their
 * exit codes: between the blocks under "Back up" and those under "Restore" the test changes the
 * database; after all blocks every table holds exactly the rows it held at the backup, and the change is
 * gone. A block that fails, or a production.md without marked blocks under those headings, fails the
 * test.
 *
 * <p>The server is Debian's PostgreSQL of the same major version as the {@code pg_dump} on the PATH
 * ({@link DebianPostgres}): the embedded PostgreSQL 17 of the other tests has no {@code pg_dump}, and
 * Debian 12's is 15, which refuses a newer server. The commands are the same for 17.
 *
 * <p>Left unmarked, so not run here: {@code docker} and {@code docker compose} (no Docker in CI);
 * {@code mvn spring-boot:run} and {@code java -jar} (a server that runs until stopped; starting it is
 * what every Spring test and the reliability tests do); {@code mvn verify} and {@code mvn package} (this
 * build is one); {@code createuser} and the first {@code createdb} (the test makes the role and
 * database itself, before the schema); applying a Camunda upgrade script with {@code psql} (the database
 * is already at this release's schema; Camunda ships no older one to upgrade from); {@code curl} to a
 * running app; crontab lines; the reverse proxy's configuration; {@code apt-get}.
 */
class DocsCommandsIT {

  static final Path PRODUCTION = Path.of("docs", "production.md");
  static final String BACKUP_HEADING = "Back up";
  static final String RESTORE_HEADING = "Restore";
  private static final Path WORK = Path.of("target", "docs-commands");

  @Test
  void markedCommandsRunAsWrittenAndARestoreBringsBackTheBackup() throws Exception {
    List<MarkdownDocs.Block> blocks = MarkdownDocs.files().stream()
        .flatMap(f -> MarkdownDocs.blocks(f).stream()).filter(MarkdownDocs.Block::ci).toList();
    assertThat(blocks).as("marked blocks of %s under \"%s\"", PRODUCTION, BACKUP_HEADING)
        .anyMatch(b -> b.file().equals(PRODUCTION) && b.heading().startsWith(BACKUP_HEADING));
    assertThat(blocks).as("marked blocks of %s under \"%s\"", PRODUCTION, RESTORE_HEADING)
        .anyMatch(b -> b.file().equals(PRODUCTION) && b.heading().startsWith(RESTORE_HEADING));

    try (DebianPostgres server = DebianPostgres.start()) {
      System.out.println("[docs] PostgreSQL " + server.major + " (Debian) on 127.0.0.1:" + server.port + ", "
          + blocks.size() + " marked blocks");
      prepareDatabase(server);
      Map<String, Long> atBackup = rowCounts(server);
      Path work = workFolder();
      boolean changed = false;
      for (MarkdownDocs.Block block : blocks) {
        if (!changed && block.file().equals(PRODUCTION) && block.heading().startsWith(RESTORE_HEADING)) {
          changeAfterBackup(server);
          changed = true;
        }
        run(block, work, server);
      }

      assertThat(changed).as("a restore block ran after the backup").isTrue();
      assertThat(rowCounts(server)).as("rows of every table after the restore, as at the backup").isEqualTo(atBackup);
      try (Connection c = connect(server, "servicestar")) {
        JdbcClient db = JdbcClient.create(new SingleConnectionDataSource(c, true));
        assertThat(db.sql("select value_ from act_ge_property where name_ = 'docs-check'").query(String.class).optional())
            .as("the row changed after the backup has its value from the backup").contains("before-backup");
        assertThat(db.sql("select name from unit where code = 'docs-hall'").query(String.class).optional())
            .as("Chinese text after the restore").contains("文档检查服务大厅");
      }
    }
  }

  /** The database a production start-up leaves: the app's migrations and Camunda's tables, owned by servicestar. */
  private static void prepareDatabase(DebianPostgres server) throws SQLException {
    try (Connection c = connect(server, "postgres")) {
      c.createStatement().execute("create role servicestar login");
      c.createStatement().execute("create database servicestar owner servicestar");
    }
    Flyway.configure().dataSource(server.jdbcUrl("servicestar"), "servicestar", null)
        .table("servicestar_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl("servicestar"), "servicestar", null)) {
      ResourceDatabasePopulator camunda = new ResourceDatabasePopulator();
      for (String part : List.of("engine", "history", "identity", "case.engine", "case.history", "decision.engine",
          "decision.history")) {
        camunda.addScript(new ClassPathResource("org/camunda/bpm/engine/db/create/activiti.postgres.create." + part + ".sql"));
      }
      camunda.populate(c);
      c.createStatement().execute("insert into act_ge_property (name_, value_, rev_) values ('docs-check', 'before-backup', 1)");
      // A little data of each kind, in Chinese (the encoding must survive the round trip).
      c.createStatement().execute("insert into act_id_user (id_, rev_, first_, last_) values ('docs-admin', 1, '系统', '管理员')");
      c.createStatement().execute("insert into unit (code, name, type, created_at, updated_at)"
          + " values ('docs-hall', '文档检查服务大厅', 'HALL', localtimestamp, localtimestamp)");
    }
  }

  private static void changeAfterBackup(DebianPostgres server) throws SQLException {
    try (Connection c = connect(server, "servicestar")) {
      c.createStatement().execute("update act_ge_property set value_ = 'after-backup' where name_ = 'docs-check'");
      c.createStatement().execute("insert into act_ge_property (name_, value_, rev_) values ('docs-check-late', 'x', 1)");
      c.createStatement().execute("delete from servicestar_schema_history where version = '1'");
    }
  }

  private static Map<String, Long> rowCounts(DebianPostgres server) throws SQLException {
    try (Connection c = connect(server, "servicestar")) {
      JdbcClient db = JdbcClient.create(new SingleConnectionDataSource(c, true));
      Map<String, Long> counts = new TreeMap<>();
      for (String table : db.sql("select table_name from information_schema.tables where table_schema = 'public'"
          + " and table_type = 'BASE TABLE'").query(String.class).list()) {
        counts.put(table, db.sql("select count(*) from \"" + table + "\"").query(Long.class).single());
      }
      assertThat(counts).as("tables of the app and of Camunda").containsKeys("servicestar_schema_history", "act_ge_property");
      return counts;
    }
  }

  private static Connection connect(DebianPostgres server, String database) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(database), "postgres", null);
  }

  /** target/docs-commands/, empty but for the packaged jar as servicestar.jar. */
  private static Path workFolder() throws IOException {
    FileSystemUtils.deleteRecursively(WORK);
    Files.createDirectories(WORK);
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar = files.filter(p -> p.getFileName().toString().matches("servicestar-.*\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/servicestar-*.jar: run this test in `mvn verify` (after package)"));
    }
    Files.createSymbolicLink(WORK.resolve("servicestar.jar"), jar.toAbsolutePath());
    return WORK;
  }

  private static void run(MarkdownDocs.Block block, Path work, DebianPostgres server) throws Exception {
    Path script = Files.writeString(work.resolve("block-" + block.file().getFileName() + "-" + block.line() + ".sh"),
        block.text(), StandardCharsets.UTF_8);
    ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", script.getFileName().toString())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("output.txt").toFile());
    Map<String, String> env = builder.environment();
    new ArrayList<>(env.keySet()).stream().filter(k -> k.startsWith("PG")).forEach(env::remove);
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", String.valueOf(server.port));
    env.put("PGUSER", "postgres");
    Process process = builder.start();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    String out = Files.readString(work.resolve("output.txt"), StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
      fail("%s did not finish within 2 minutes:%n%s", block.where(), out);
    }
    System.out.println("[docs] " + block.where() + " → exit " + process.exitValue() + "\n" + block.text().indent(4)
        + out.indent(2));
    if (process.exitValue() != 0) {
      fail("%s failed (exit %d):%n%s%n%s", block.where(), process.exitValue(), block.text(), out);
    }
  }
}
