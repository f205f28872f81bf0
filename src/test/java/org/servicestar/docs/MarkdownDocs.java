package org.servicestar.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * README.md and docs/*.md as the doc checks read them: fenced code blocks (with the heading they
 * stand under), relative links, and the anchors GitHub gives headings. Just enough Markdown for our
 * own files, not a general parser.
 */
final class MarkdownDocs {

  /** The info string's word that marks a block the build runs (docs/testing.md "Checked docs"). */
  static final String CI_MARK = "ci";

  private static final Pattern FENCE = Pattern.compile("^\\s*```(.*)$");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
  private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

  private MarkdownDocs() {
  }

  record Block(Path file, int line, String heading, String info, String text) {
    boolean ci() {
      String[] words = info.trim().split("\\s+");
      return words.length > 1 && words[0].equals("bash") && List.of(words).contains(CI_MARK);
    }

    String where() {
      return file + ":" + line + " (" + heading + ")";
    }
  }

  record Link(Path file, int line, String target) {
  }

  /** README.md and every docs/*.md, relative to the project folder (where Maven runs the tests). */
  static List<Path> files() {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Block> blocks(Path file) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = lines(file);
    String heading = "(top)";
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (fence.matches()) {
        int start = i;
        StringBuilder text = new StringBuilder();
        for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
          text.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(file, start + 1, heading, fence.group(1).trim(), text.toString()));
        continue;
      }
      Matcher h = HEADING.matcher(lines.get(i));
      if (h.matches()) {
        heading = h.group(2);
      }
    }
    return blocks;
  }

  /** Links outside code blocks and code spans. */
  static List<Link> links(Path file) {
    List<Link> links = new ArrayList<>();
    List<String> lines = lines(file);
    boolean inBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      if (FENCE.matcher(lines.get(i)).matches()) {
        inBlock = !inBlock;
        continue;
      }
      if (inBlock) {
        continue;
      }
      Matcher link = LINK.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll(""));
      while (link.find()) {
        links.add(new Link(file, i + 1, link.group(1)));
      }
    }
    return links;
  }

  /** The anchors of a file's headings as GitHub makes them, plus explicit {@code <a id="…">}. */
  static Set<String> anchors(Path file) {
    Set<String> anchors = new LinkedHashSet<>();
    boolean inBlock = false;
    for (String line : lines(file)) {
      if (FENCE.matcher(line).matches()) {
        inBlock = !inBlock;
        continue;
      }
      if (inBlock) {
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        String slug = slug(h.group(2));
        String unique = slug;
        for (int n = 1; anchors.contains(unique); n++) {
          unique = slug + "-" + n;
        }
        anchors.add(unique);
      }
      Matcher a = HTML_ANCHOR.matcher(line);
      while (a.find()) {
        anchors.add(a.group(1));
      }
    }
    return anchors;
  }

  /**
   * GitHub's heading anchor: the heading's text (links and emphasis marks dropped), lower case, without
   * punctuation or symbols (Chinese punctuation included; letters of any script stay), spaces as "-".
   */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("[`*]", "").toLowerCase();
    StringBuilder slug = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (c == ' ') {
        slug.append('-');
      } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_'
          || Character.getType(c) == Character.NON_SPACING_MARK) {
        slug.appendCodePoint(c);
      }
    });
    return slug.toString();
  }
}
