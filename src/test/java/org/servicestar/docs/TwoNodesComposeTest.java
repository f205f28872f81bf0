package org.servicestar.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker compose --profile two-nodes up} (no Docker here, so its file is read as YAML, anchors merged
 * as Compose does): two app nodes with one configuration behind nginx, which sends requests to both in turn
 * without sticky sessions (the sessions are in the database) and starts once both are ready.
 */
class TwoNodesComposeTest {

  @Test
  @SuppressWarnings("unchecked")
  void theTwoNodesProfileRunsTwoEqualNodesBehindNginxWithoutStickySessions() throws IOException {
    Map<String, Object> compose = new Yaml(new LoaderOptions()).load(Files.readString(Path.of("docker/compose.yaml")));
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    Map<String, Object> a = services.get("app");
    Map<String, Object> b = services.get("app-b");
    Map<String, Object> proxy = services.get("proxy");

    assertThat(a).doesNotContainKey("profiles");
    assertThat(b.get("profiles")).isEqualTo(List.of("two-nodes"));
    assertThat(proxy.get("profiles")).isEqualTo(List.of("two-nodes"));
    assertThat(b.get("environment")).isEqualTo(a.get("environment"));
    assertThat(b.get("image")).isEqualTo(a.get("image"));
    assertThat(((Map<String, Object>) b.get("healthcheck")).get("test").toString()).contains("/actuator/health/readiness");
    assertThat(b).doesNotContainKey("ports");
    assertThat((String) proxy.get("image")).startsWith("nginx:");
    assertThat((List<String>) proxy.get("volumes")).contains("./nginx.conf:/etc/nginx/nginx.conf:ro");
    Map<String, Map<String, String>> waitsFor = (Map<String, Map<String, String>>) proxy.get("depends_on");
    assertThat(waitsFor.get("app")).containsEntry("condition", "service_healthy");
    assertThat(waitsFor.get("app-b")).containsEntry("condition", "service_healthy");

    String nginx = Files.readString(Path.of("docker/nginx.conf"));
    assertThat(nginx).contains("server app:8080", "server app-b:8080", "proxy_pass http://servicestar",
        "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme");
    assertThat(nginx.lines().map(String::strip).filter(l -> !l.startsWith("#")))
        .as("no sticky sessions").noneMatch(l -> l.matches("(ip_hash|hash|sticky)\\b.*"));
  }
}
