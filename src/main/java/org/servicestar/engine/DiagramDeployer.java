package org.servicestar.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the diagrams of {@code bpmn/} and the forms of {@code forms/} (from the jar, and from
 * {@code servicestar.deployment.dir} when set, whose files win over the jar's of the same name).
 *
 * <p>One deployment per diagram, holding the diagram and the forms it references: a
 * {@code camunda:formRef} with binding {@code deployment} finds its form in the same deployment, and
 * an unchanged diagram (with unchanged forms) makes no new version, because each deployment is
 * filtered against the last one of its name. Camunda's own auto-deployment is off: it can only do
 * all-or-nothing (every process gets a new version) or changed-only (a changed diagram loses its forms).
 */
@Component
public class DiagramDeployer {

  private static final Logger log = LoggerFactory.getLogger(DiagramDeployer.class);
  static final String SOURCE = "servicestar";
  static final String UNREFERENCED_FORMS = "forms";
  private static final Pattern FORM_REF = Pattern.compile("camunda:formRef=\"([^\"]+)\"");
  private static final Pattern EMBEDDED_FORM = Pattern.compile("camunda:formKey=\"embedded:deployment:([^\"]+)\"");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RepositoryService repositoryService;
  private final String deploymentDir;

  DiagramDeployer(RepositoryService repositoryService, @Value("${servicestar.deployment.dir:}") String deploymentDir) {
    this.repositoryService = repositoryService;
    this.deploymentDir = deploymentDir;
  }

  /**
   * What one start-up deployed: the deployment names that made new versions, those unchanged, and
   * those refused by the contract check ({@link DeploymentRefused}: the version before stays in use).
   */
  public record Result(List<String> deployed, List<String> unchanged, List<String> refused) {
  }

  /** Deploys the jar's diagrams and forms and those of {@code servicestar.deployment.dir}. */
  public Result deployAll() {
    return deployAll(deploymentDir == null || deploymentDir.isBlank() ? null : Path.of(deploymentDir));
  }

  /** Deploys the jar's diagrams and forms and, when not null, those of the folder on top. */
  public Result deployAll(Path folder) {
    Map<String, byte[]> files = collect();
    if (folder != null) {
      files.putAll(fromFolder(folder));
    }
    Map<String, String> formIdToName = new LinkedHashMap<>();
    files.forEach((name, bytes) -> {
      if (name.endsWith(".form")) {
        formIdToName.put(formId(name, bytes), name);
      }
    });
    List<String> deployed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Set<String> referencedForms = new HashSet<>();
    for (Map.Entry<String, byte[]> diagram : files.entrySet()) {
      String name = diagram.getKey();
      if (!name.endsWith(".bpmn") && !name.endsWith(".dmn")) {
        continue;
      }
      Map<String, byte[]> resources = new TreeMap<>();
      resources.put(name, diagram.getValue());
      String xml = text(diagram.getValue());
      Matcher formRefs = FORM_REF.matcher(xml);
      while (formRefs.find()) {
        String formName = formIdToName.get(formRefs.group(1));
        if (formName == null) {
          throw new IllegalStateException(name + " references form id '" + formRefs.group(1) + "', which no file in forms/ defines");
        }
        resources.put(formName, files.get(formName));
      }
      Matcher embedded = EMBEDDED_FORM.matcher(xml);
      while (embedded.find()) {
        if (files.containsKey(embedded.group(1))) {
          resources.put(embedded.group(1), files.get(embedded.group(1)));
        }
      }
      referencedForms.addAll(resources.keySet());
      try {
        (deploy(name, resources) ? deployed : unchanged).add(name);
      } catch (DeploymentRefused e) {
        // A diagram of the deployment folder that would break the app: the app starts with the version before.
        log.error("{}", e.getMessage());
        refused.add(name);
      }
    }
    Map<String, byte[]> rest = new TreeMap<>();
    files.forEach((name, bytes) -> {
      if ((name.endsWith(".form") || name.endsWith(".html")) && !referencedForms.contains(name)) {
        rest.put(name, bytes);
      }
    });
    if (!rest.isEmpty()) {
      (deploy(UNREFERENCED_FORMS, rest) ? deployed : unchanged).add(UNREFERENCED_FORMS);
    }
    log.info("Diagrams deployed: {} new or changed {}, {} unchanged, {} refused {}", deployed.size(), deployed, unchanged.size(),
        refused.size(), refused);
    return new Result(deployed, unchanged, refused);
  }

  private boolean deploy(String deploymentName, Map<String, byte[]> resources) {
    DeploymentBuilder builder = repositoryService.createDeployment()
        .name(deploymentName)
        .source(SOURCE)
        .enableDuplicateFiltering(false);
    resources.forEach((name, bytes) -> builder.addString(name, new String(bytes, StandardCharsets.UTF_8)));
    String previous = latestId(deploymentName);
    // With duplicate filtering an unchanged set of resources deploys nothing and answers the earlier deployment.
    Deployment deployment = builder.deploy();
    return !deployment.getId().equals(previous);
  }

  private String latestId(String deploymentName) {
    return repositoryService.createDeploymentQuery().deploymentName(deploymentName).deploymentSource(SOURCE)
        .orderByDeploymentTime().desc().listPage(0, 1).stream().findFirst().map(Deployment::getId).orElse(null);
  }

  /** The top-level {@code id} of a form-js file: what {@code camunda:formRef} names. */
  static String formId(String name, byte[] json) {
    try {
      String id = JSON.readTree(json).path("id").asText("");
      if (id.isBlank()) {
        throw new IllegalStateException(name + " has no top-level \"id\"");
      }
      return id;
    } catch (IOException e) {
      throw new IllegalStateException(name + " is not valid form JSON: " + e.getMessage(), e);
    }
  }

  /** Resource name → content of the classpath's {@code bpmn/**} and {@code forms/**}: the app's own diagrams and forms. */
  static Map<String, byte[]> collect() {
    Map<String, byte[]> files = new TreeMap<>();
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    for (String folder : List.of("bpmn", "forms")) {
      try {
        for (Resource resource : resolver.getResources("classpath*:" + folder + "/**/*.*")) {
          String name = classpathName(resource, folder);
          if (name != null && deployable(name)) {
            try (InputStream in = resource.getInputStream()) {
              files.put(name, in.readAllBytes());
            }
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read " + folder + "/ from the classpath", e);
      }
    }
    return files;
  }

  /** Files of the deployment folder, named like the jar's ({@code bpmn/x.bpmn}, {@code forms/y.form}) whatever their sub-folder. */
  static Map<String, byte[]> fromFolder(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("servicestar.deployment.dir " + dir.toAbsolutePath() + " is not a folder");
    }
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
        String file = path.getFileName().toString();
        if (deployable(file)) {
          String folder = file.endsWith(".bpmn") || file.endsWith(".dmn") ? "bpmn/" : "forms/";
          files.put(folder + file, Files.readAllBytes(path));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read servicestar.deployment.dir " + dir.toAbsolutePath(), e);
    }
    log.info("Deployment folder {}: {}", dir.toAbsolutePath(), files.keySet());
    return files;
  }

  private static String classpathName(Resource resource, String folder) throws IOException {
    String url = resource.getURL().toString();
    int at = url.lastIndexOf("/" + folder + "/");
    return at < 0 ? null : url.substring(at + 1);
  }

  private static boolean deployable(String name) {
    return name.endsWith(".bpmn") || name.endsWith(".dmn") || name.endsWith(".form") || name.endsWith(".html");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
