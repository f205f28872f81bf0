package org.servicestar.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md leads somewhere: the file or folder exists, and a
 * {@code #anchor} into a Markdown file names one of its headings. Web addresses are not followed (no
 * network in the build). And the README stays a page that fits on a few screens: the rest goes to docs/.
 */
class DocsLinksTest {

  @Test
  void everyRelativeLinkPointsToAnExistingFileAndHeading() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path file : MarkdownDocs.files()) {
      for (MarkdownDocs.Link link : MarkdownDocs.links(file)) {
        if (link.target().matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue;
        }
        checked++;
        String problem = problem(file, link.target());
        if (problem != null) {
          broken.add(file + ":" + link.line() + " → " + link.target() + ": " + problem);
        }
      }
    }
    assertThat(checked).as("links found (the parser must see README's docs map)").isGreaterThan(10);
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void readmeHasAtMost200Lines() {
    assertThat(MarkdownDocs.lines(Path.of("README.md"))).as("README.md lines (put details in docs/)").hasSizeLessThanOrEqualTo(200);
  }

  @Test
  void anchorsAreMadeAsGitHubMakesThem() {
    assertThat(MarkdownDocs.slug("Several nodes on one PostgreSQL")).isEqualTo("several-nodes-on-one-postgresql");
    assertThat(MarkdownDocs.slug("Backup and restore (`pg_dump`)")).isEqualTo("backup-and-restore-pg_dump");
    assertThat(MarkdownDocs.slug("Versions, rollback and migration (`/admin/diagrams`, administrators)"))
        .isEqualTo("versions-rollback-and-migration-admindiagrams-administrators");
    assertThat(MarkdownDocs.slug("工作日历：上传")).isEqualTo("工作日历上传");
  }

  private static String problem(Path file, String target) {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor != null && resolved.toString().endsWith(".md") && !MarkdownDocs.anchors(resolved).contains(anchor)) {
      return "no heading with the anchor #" + anchor + " (there are: " + MarkdownDocs.anchors(resolved) + ")";
    }
    return null;
  }
}
