package org.servicestar.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.servicestar.engine.DiagramDeployer;
import org.servicestar.support.Fixtures;
import org.servicestar.support.WebClient;
import org.servicestar.unit.StaffService;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitType;
import org.servicestar.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production set-up on a real PostgreSQL 17 (embedded binaries from Maven Central): Flyway,
 * Camunda's schema, the deployment of diagrams and forms, master data and login, all together.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class PostgresTest {

  private static final EmbeddedPostgres POSTGRES = start();

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start", e);
    }
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  @AfterAll
  static void stop() throws IOException {
    POSTGRES.close();
  }

  @LocalServerPort
  int port;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  RepositoryService repositoryService;
  @Autowired
  DiagramDeployer deployer;
  @Autowired
  UnitService units;
  @Autowired
  StaffService staff;

  @Test
  void runsOnPostgresWithFlywayAndCamundasSchema() {
    assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL 17");
    List<String> migrations = jdbc.sql("select version from servicestar_schema_history where success order by installed_rank")
        .query(String.class).list();
    assertThat(migrations).contains("1", "2");
    assertThat(jdbc.sql("select count(*) from information_schema.tables where table_name in ('unit', 'staff', 'campaign', 'audit_log', 'act_re_deployment', 'act_ru_task')")
        .query(Long.class).single()).isEqualTo(6);
  }

  @Test
  void createsNoDemoData() {
    assertThat(units.byCode("tax-hall")).isEmpty();
    assertThat(jdbc.sql("select count(*) from act_id_user where id_ = 'leader1'").query(Long.class).single()).isZero();
  }

  @Test
  void deploysDiagramsWithTheirFormsAndOnlyChangedOnesMakeANewVersion(@TempDir Path folder) throws IOException {
    for (String file : List.of("fixture-unit-task.bpmn", "fixture-work.form")) {
      Files.copy(Fixtures.deployFolder().resolve(file), folder.resolve(file));
    }
    deployer.deployAll(folder);
    int version = latestVersion();
    assertThat(deployer.deployAll(folder).deployed()).isEmpty();
    assertThat(latestVersion()).isEqualTo(version);

    Path bpmn = folder.resolve("fixture-unit-task.bpmn");
    Files.writeString(bpmn, Files.readString(bpmn).replace("单位办理", "单位办理（改）"));
    assertThat(deployer.deployAll(folder).deployed()).containsExactly("bpmn/fixture-unit-task.bpmn");
    assertThat(latestVersion()).isEqualTo(version + 1);
    String deploymentId = repositoryService.createProcessDefinitionQuery().processDefinitionKey("FixtureUnitTask")
        .latestVersion().singleResult().getDeploymentId();
    assertThat(repositoryService.getDeploymentResourceNames(deploymentId))
        .containsExactlyInAnyOrder("bpmn/fixture-unit-task.bpmn", "forms/fixture-work.form");
  }

  private int latestVersion() {
    return repositoryService.createProcessDefinitionQuery().processDefinitionKey("FixtureUnitTask").latestVersion()
        .singleResult().getVersion();
  }

  @Test
  void keepsMasterDataAndRefusesDuplicates() {
    units.create(new UnitService.UnitDraft("pg-dept", "测试局", UnitType.DEPARTMENT, null));
    units.create(new UnitService.UnitDraft("pg-hall", "测试大厅", UnitType.HALL, "pg-dept"));
    staff.create(new StaffService.StaffDraft("pg-hall", "王小明", "PG-001", true, "受理员"));
    assertThatThrownBy(() -> units.create(new UnitService.UnitDraft("pg-hall", "重复", UnitType.HALL, "pg-dept")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("已被使用");
    assertThat(jdbc.sql("select count(*) from act_id_group where id_ = 'unit-pg-hall'").query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void theAdministratorFromTheEnvironmentLogsIn() {
    WebClient admin = new WebClient(port);
    assertThat(admin.login("admin", "test-admin-secret").headers().firstValue("Location").orElseThrow()).endsWith("/");
    assertThat(admin.get("/admin").statusCode()).isEqualTo(200);
    assertThat(new WebClient(port).basic("admin", "test-admin-secret").getJson("/engine-rest/deployment").statusCode()).isEqualTo(200);
  }
}
