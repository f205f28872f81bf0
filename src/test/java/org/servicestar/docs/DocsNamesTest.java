package org.servicestar.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;

/**
 * The names the docs' commands rely on exist, for the commands that cannot run in the build: every
 * test class a {@code mvn … -Dtest=…} / {@code -Dit.test=…} names, every Maven profile a {@code -P…}
 * names, and every {@code SERVICESTAR_…} variable the docs tell people to set is read by the app (named
 * in its configuration, code or Docker files, or the environment form of a property in application.yaml).
 * A renamed test, profile or setting would otherwise leave the docs quietly wrong.
 */
class DocsNamesTest {

  private static final Pattern TEST_NAME = Pattern.compile("-D(?:it\\.)?test=['\"]?([A-Za-z0-9_*,]+)");
  private static final Pattern PROFILE = Pattern.compile("\\s-P([a-z][a-z0-9-]*)");
  private static final Pattern VARIABLE = Pattern.compile("\\bSERVICESTAR_[A-Z0-9_]+\\b");

  @Test
  void testClassesAndProfilesNamedInCommandsExist() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    List<Path> tests;
    try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
      tests = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Path file : MarkdownDocs.files()) {
      List<String> lines = MarkdownDocs.lines(file);
      for (int i = 0; i < lines.size(); i++) {
        String where = file + ":" + (i + 1);
        Matcher test = TEST_NAME.matcher(lines.get(i));
        while (test.find()) {
          for (String name : test.group(1).split(",")) {
            if (name.equals("None")) {
              continue;
            }
            checked++;
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + name + ".java");
            if (tests.stream().noneMatch(p -> glob.matches(p.getFileName()))) {
              missing.add(where + ": no test class " + name);
            }
          }
        }
        Matcher profile = PROFILE.matcher(lines.get(i));
        while (profile.find()) {
          checked++;
          if (!pom.contains("<id>" + profile.group(1) + "</id>")) {
            missing.add(where + ": no Maven profile " + profile.group(1));
          }
        }
      }
    }
    assertThat(checked).as("names found").isGreaterThan(5);
    assertThat(missing).isEmpty();
  }

  @Test
  void everyDocumentedVariableIsReadByTheApp() throws IOException {
    StringBuilder sources = new StringBuilder();
    for (Path root : List.of(Path.of("src", "main"), Path.of("docker"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.filter(Files::isRegularFile)
            .filter(p -> p.toString().matches(".*\\.(java|ya?ml|sql|properties)$|.*Dockerfile$")).toList()) {
          sources.append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
        }
      }
    }
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new FileSystemResource("src/main/resources/application.yaml"));
    Properties properties = yaml.getObject();
    Set<String> unknown = new TreeSet<>();
    for (Path file : MarkdownDocs.files()) {
      Matcher variable = VARIABLE.matcher(String.join("\n", MarkdownDocs.lines(file)));
      while (variable.find()) {
        String name = variable.group();
        // Spring reads SERVICESTAR_ZONE as servicestar.zone (relaxed binding), dashes dropped.
        String property = name.toLowerCase().replace('_', '.');
        boolean bound = properties.stringPropertyNames().stream().anyMatch(k -> k.replace("-", "").equals(property));
        if (!sources.toString().contains(name) && !bound) {
          unknown.add(file + ": " + name);
        }
      }
    }
    assertThat(unknown).as("variables the docs name that nothing reads").isEmpty();
  }
}
